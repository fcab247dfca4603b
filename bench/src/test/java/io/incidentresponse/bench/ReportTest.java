package io.incidentresponse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
  @Test
  void compare_givenAnIngestionBelowTheTarget_printsTheRatioAndMiss() {
    Report report = new Report();

    report.compare(
        "ingestion",
        "requests/s",
        "",
        Stats.Summary.of(List.of(16.8, 15.0, 17.0)),
        Stats.Summary.of(List.of(28.2)),
        Target.atLeast(0.8, "≥ 0.8x raw"));

    assertThat(report.rows())
        .containsExactly(
            new Report.Row(
                "ingestion",
                "requests/s",
                "16.8 (15.0–17.0)",
                "28.2",
                "0.60",
                "≥ 0.8x raw",
                "MISS"));
  }

  @Test
  void compare_givenALatencyWithinTheTarget_passes() {
    Report report = new Report();

    report.compare(
        "first call",
        "p50",
        "ms",
        Stats.Summary.of(List.of(60.0)),
        Stats.Summary.of(List.of(48.0)),
        Target.atMost(1.5, "p50 ≤ 1.5x raw"));

    assertThat(report.rows().get(0).result()).isEqualTo("PASS");
    assertThat(report.rows().get(0).project()).isEqualTo("60 ms");
  }

  @Test
  void figure_givenNoRawCounterpart_neverPassesANaN() {
    Report report = new Report();

    report.figure("heap", "per incident", "?", "", "", Target.atMost(30, "≤ 30 KB"), Double.NaN);

    assertThat(report.rows().get(0).result()).isEqualTo("MISS");
  }

  @Test
  void markdown_hasTheHeaderATableRowPerFigureAndTheNotes() {
    Report report = new Report();
    report.figure("a|b", "m", "1", "2", "0.50", null, 0);
    report.note("1: why");

    String md = report.markdown(List.of("## Benchmark", "- machine: 2 cores"));

    assertThat(md)
        .contains("## Benchmark\n- machine: 2 cores\n\n| scenario | measure |")
        .contains("| a\\|b | m | 1 | 2 | 0.50 |  |  |")
        .endsWith("- 1: why\n");
  }
}
