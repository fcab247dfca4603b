package io.incidentresponse.workflows.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImpactFiguresTest {
  private static final Instant AT = Instant.parse("2026-11-26T14:05:00Z");

  private static DiagnosisReport report(Finding... findings) {
    return new DiagnosisReport(1, AT, AT, List.of(findings), List.of(), List.of());
  }

  private static Finding metrics(FindingOutcome outcome, Map<String, String> facts) {
    return new Finding(
        DiagnosisProbe.SERVICE_METRICS, outcome, "m", List.of(), List.of(), AT, facts);
  }

  @Test
  void figuresAgainstAnHourEarlier_fromTheMetricsFinding() {
    String figures =
        ImpactFigures.of(
            report(
                metrics(
                    FindingOutcome.ANOMALY,
                    Map.of(
                        FindingFacts.ERROR_RATIO, "0.31",
                        FindingFacts.ERROR_RATIO_BEFORE, "0.002",
                        FindingFacts.REQUEST_RATE, "120.4",
                        FindingFacts.REQUEST_RATE_BEFORE, "150",
                        FindingFacts.LATENCY_P95, "1.9",
                        FindingFacts.LATENCY_P95_BEFORE, "0.3",
                        FindingFacts.UP, "0.8"))));

    assertThat(figures)
        .isEqualTo(
            "error ratio 0.2% -> 31.0%, requests 150 -> 120/s, p95 0.30 s -> 1.90 s,"
                + " 80.0% of targets up");
  }

  @Test
  void aFigureWithoutItsEarlierValue_saysSo_andAllUpIsNotSaid() {
    String figures =
        ImpactFigures.of(
            report(
                metrics(
                    FindingOutcome.HEALTHY,
                    Map.of(FindingFacts.ERROR_RATIO, "0.05", FindingFacts.UP, "1"))));

    assertThat(figures).isEqualTo("error ratio 5.0% (no figure an hour earlier)");
  }

  @Test
  void noFigures_whenTheProbeCouldNotLookOrHadNone_orNoDiagnosisRan() {
    assertThat(ImpactFigures.of(null)).isNull();
    assertThat(
            ImpactFigures.of(
                report(Finding.unavailable(DiagnosisProbe.SERVICE_METRICS, "prometheus down", AT))))
        .isNull();
    assertThat(
            ImpactFigures.of(
                report(metrics(FindingOutcome.HEALTHY, Map.of(FindingFacts.ERROR_RATIO, "NaN")))))
        .isNull();
    assertThat(
            ImpactFigures.of(
                report(
                    new Finding(
                        DiagnosisProbe.ERROR_LOGS,
                        FindingOutcome.ANOMALY,
                        "logs",
                        List.of(),
                        List.of(),
                        AT,
                        Map.of(FindingFacts.ERROR_RATIO, "0.5")))))
        .isNull();
  }
}
