package io.incidentresponse.activities.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.drill.DrillIncident;
import io.incidentresponse.workflows.drill.DrillInjection;
import io.incidentresponse.workflows.drill.DrillMeasure;
import io.incidentresponse.workflows.drill.DrillScore;
import io.incidentresponse.workflows.drill.DrillState;
import io.incidentresponse.workflows.drill.DrillState.EndReason;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.incident.TimelineEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillReportWriterTest {
  private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");
  @TempDir Path dir;

  private static DrillState drill() {
    DrillState s = new DrillState();
    s.drillId = "drill-checkout";
    s.scenario = "failure-rate";
    s.service = "checkout";
    s.namespace = "shop";
    s.startedBy = "alice";
    s.startedAt = T0;
    s.injectedAt = T0.plusSeconds(5);
    s.revertedAt = T0.plus(Duration.ofMinutes(30));
    s.endReason = EndReason.PLANNED_END;
    s.injection =
        new DrillInjection(
            "drill-checkout",
            "failure-rate",
            "checkout",
            "shop",
            Map.of("rate", "0.3"),
            Map.of("value", "(absent)"),
            "FAILURE_RATE=0.3 on shop/checkout (checkout)",
            false);
    s.incidents.add(new DrillIncident("incident-checkout-HighErrorRate", T0, Severity.P1, true));
    s.score =
        new DrillScore(
            "incident-checkout-HighErrorRate",
            Severity.P1,
            true,
            List.of(
                new DrillMeasure("detect", Duration.ofMinutes(3), Duration.ofMinutes(5), true),
                new DrillMeasure("acknowledge", null, Duration.ofHours(1), false),
                new DrillMeasure("mitigate", null, Duration.ofHours(1), false)),
            null);
    s.timeline.add(new TimelineEntry(T0, "alice", "Drill failure-rate | started", ""));
    return s;
  }

  @Test
  void theReportIsWrittenOncePerDrillAndSaysTheScore() throws Exception {
    DrillReportWriter writer = new DrillReportWriter(new DrillSettings(dir.toString(), null, null));

    String path = writer.write(drill());
    String again = writer.write(drill());

    assertThat(again).isEqualTo(path);
    assertThat(Files.list(dir)).hasSize(1);
    String md = Files.readString(Path.of(path));
    assertThat(md)
        .startsWith("# Drill: failure-rate on checkout")
        .contains("| Ended because | planned end |")
        .contains("1 of 3 targets met")
        .contains("| detect | 3m | 5m | yes |")
        .contains("| acknowledge | did not happen | 1h | no |")
        .contains("Drill failure-rate \\| started");
  }

  @Test
  void aDrillNobodyNoticed_saysNotDetected() throws Exception {
    DrillState s = drill();
    s.score = DrillScore.notDetected(io.incidentresponse.workflows.drill.DrillTargets.defaults());
    s.incidents.clear();

    String md =
        Files.readString(
            Path.of(new DrillReportWriter(new DrillSettings(dir.toString(), null, null)).write(s)));

    assertThat(md).contains("**Not detected**");
  }
}
