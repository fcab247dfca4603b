package io.incidentresponse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void percentile_isANearestRankValueThatWasMeasured() {
    List<Double> tenSamples = List.of(9.0, 1.0, 8.0, 2.0, 7.0, 3.0, 6.0, 4.0, 5.0, 10.0);

    assertThat(Stats.percentile(tenSamples, 50)).isEqualTo(5.0);
    assertThat(Stats.percentile(tenSamples, 99)).isEqualTo(10.0);
    assertThat(Stats.percentile(tenSamples, 0)).isEqualTo(1.0);
  }

  @Test
  void summary_givenThreeRepeats_hasTheirMedianAndRange() {
    Stats.Summary s = Stats.Summary.of(List.of(30.0, 10.0, 20.0));

    assertThat(s).isEqualTo(new Stats.Summary(20.0, 10.0, 30.0, 3));
  }

  @Test
  void summary_givenNothing_isRefusedRatherThanAMadeUpNumber() {
    assertThatThrownBy(() -> Stats.Summary.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
