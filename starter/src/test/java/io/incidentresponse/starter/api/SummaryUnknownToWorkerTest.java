package io.incidentresponse.starter.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SummaryUnknownToWorkerTest {
  private final AtomicLong nanos = new AtomicLong();
  private final SummaryUnknownToWorker olderWorkers = new SummaryUnknownToWorker(nanos::get);

  private void pass(Duration time) {
    nanos.addAndGet(time.toNanos());
  }

  @Test
  void refused_onlyForTheIncidentWhoseWorkerRefused() {
    olderWorkers.learnt("incident-a");

    assertThat(olderWorkers.refused("incident-a")).isTrue();
    assertThat(olderWorkers.refused("incident-b")).isFalse();
  }

  @Test
  void refused_isForgottenOnceARollingUpgradeHasEnded() {
    olderWorkers.learnt("incident-a");
    pass(SummaryUnknownToWorker.FORGOTTEN_AFTER.minusSeconds(1));
    assertThat(olderWorkers.refused("incident-a")).isTrue();

    pass(Duration.ofSeconds(2));

    assertThat(olderWorkers.refused("incident-a")).isFalse();
  }

  @Test
  void learnt_forMoreIncidentsThanTheBound_keepsAtMostTheBound() {
    int beyond = SummaryUnknownToWorker.MAX_INCIDENTS + 5_000;
    for (int i = 0; i < beyond; i++) {
      olderWorkers.learnt("incident-" + i);
    }

    assertThat(olderWorkers.size()).isLessThanOrEqualTo(SummaryUnknownToWorker.MAX_INCIDENTS);
    assertThat(olderWorkers.refused("incident-" + (beyond - 1))).isTrue();
  }
}
