package io.incidentresponse.activities.report;

import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.metrics.MonthlyMetrics;
import io.incidentresponse.workflows.metrics.MonthlyMetrics.DrillScore;
import io.incidentresponse.workflows.metrics.MonthlyMetrics.ItemGroup;
import io.incidentresponse.workflows.metrics.MonthlyMetrics.KindFigures;
import io.incidentresponse.workflows.metrics.MonthlyMetrics.RunbookChange;
import io.incidentresponse.workflows.metrics.MonthlyMetrics.TypeCount;
import io.incidentresponse.workflows.metrics.MonthlyMetrics.Week;
import io.incidentresponse.workflows.postmortem.ActionItemKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** October 2026 as the history store would compute it: five weeks, one without a resolution. */
final class ReportFixtures {
  private ReportFixtures() {}

  static MonthlyMetrics october() {
    Map<Severity, Integer> bySeverity = new LinkedHashMap<>();
    bySeverity.put(Severity.P0, 1);
    bySeverity.put(Severity.P1, 3);
    bySeverity.put(Severity.P2, 5);
    bySeverity.put(Severity.P3, 3);
    Map<String, Double> mtbf = new LinkedHashMap<>();
    mtbf.put("payments", 7 * 86400.0 + 4 * 3600);
    mtbf.put("checkout", 3 * 86400.0 + 2 * 3600 + 20 * 60);
    return new MonthlyMetrics(
        YearMonth.of(2026, 10),
        "UTC",
        12,
        bySeverity,
        2,
        245.0,
        410.0,
        3900.0,
        11700.0,
        mtbf,
        11.0 / 12,
        List.of(
            new TypeCount("CheckoutHighErrorRate", 4),
            new TypeCount("KubePodCrashLooping", 3),
            new TypeCount("PostgresTooManyConnections", 1)),
        List.of("Add a p95 latency alert for checkout (SRE)", "Runbook: read replica switch"),
        4,
        List.of(
            new Week(LocalDate.of(2026, 9, 28), 2, 2700.0),
            new Week(LocalDate.of(2026, 10, 5), 4, 5400.0),
            new Week(LocalDate.of(2026, 10, 12), 0, null),
            new Week(LocalDate.of(2026, 10, 19), 3, 1800.0),
            new Week(LocalDate.of(2026, 10, 26), 3, 4200.0)),
        List.of("MTTA of P1 incidents above 15 min", "checkout: 4 incidents"),
        List.of(),
        List.of(
            new KindFigures(ActionItemKind.CODE_CHANGE, ItemGroup.TECHNICAL, 0, 2, 1),
            new KindFigures(ActionItemKind.MONITORING, ItemGroup.TECHNICAL, 1, 0, 0),
            new KindFigures(ActionItemKind.TESTING, ItemGroup.TECHNICAL, 0, 0, 0),
            new KindFigures(ActionItemKind.DOCUMENTATION, ItemGroup.TECHNICAL, 0, 1, 1),
            new KindFigures(ActionItemKind.RUNBOOK_UPDATE, ItemGroup.PROCESS, 1, 0, 0),
            new KindFigures(ActionItemKind.TRAINING, ItemGroup.PROCESS, 0, 0, 0),
            new KindFigures(ActionItemKind.TOOL_IMPROVEMENT, ItemGroup.PROCESS, 0, 0, 0),
            new KindFigures(ActionItemKind.COMMUNICATION, ItemGroup.PROCESS, 0, 0, 0),
            new KindFigures(null, ItemGroup.NONE, 0, 1, 0)),
        List.of(
            new RunbookChange(
                "Mitigation | Database",
                "incident-payments-PostgresTooManyConnections",
                "payments",
                "AI-2",
                "Runbook: read replica switch",
                "https://github.com/acme/runbook/pull/7",
                "carol",
                Instant.parse("2026-10-21T23:30:00Z"))));
  }

  /** October with two drills: one meets every target, one is acknowledged late, never restored. */
  static MonthlyMetrics octoberWithDrills() {
    MonthlyMetrics m = october();
    return new MonthlyMetrics(
        m.month(),
        m.zone(),
        m.total(),
        m.bySeverity(),
        m.falsePositives(),
        m.mttdSeconds(),
        m.mttaSeconds(),
        m.mttrSeconds(),
        m.meanTimeToResolveSeconds(),
        m.mtbfSecondsByService(),
        m.sloCompliance(),
        m.topTypes(),
        m.improvements(),
        m.openActionItems(),
        m.weeks(),
        m.focusAreas(),
        List.of(
            new DrillScore(
                "checkout-DrillErrors-1015",
                "[DRILL] DrillErrors on checkout",
                "checkout",
                Severity.P1,
                Instant.parse("2026-10-15T10:00:00Z"),
                120.0,
                300.0,
                600.0,
                3600.0,
                1800.0,
                4.0 * 3600,
                true),
            new DrillScore(
                "payments-DrillLatency-1020",
                "[DRILL] DrillLatency on payments",
                "payments",
                Severity.P0,
                Instant.parse("2026-10-20T09:00:00Z"),
                180.0,
                300.0,
                2400.0,
                900.0,
                null,
                3600.0,
                false)),
        m.actionItemsByKind(),
        m.runbookChanges());
  }

  /** A quiet month: no incidents, nothing to average. */
  static MonthlyMetrics quiet() {
    Map<Severity, Integer> none = new LinkedHashMap<>();
    for (Severity severity : Severity.values()) {
      none.put(severity, 0);
    }
    return new MonthlyMetrics(
        YearMonth.of(2026, 2),
        "UTC",
        0,
        none,
        0,
        null,
        null,
        null,
        null,
        Map.of(),
        null,
        List.of(),
        List.of(),
        0,
        List.of(
            new Week(LocalDate.of(2026, 1, 26), 0, null),
            new Week(LocalDate.of(2026, 2, 2), 0, null),
            new Week(LocalDate.of(2026, 2, 9), 0, null),
            new Week(LocalDate.of(2026, 2, 16), 0, null),
            new Week(LocalDate.of(2026, 2, 23), 0, null)),
        List.of(),
        List.of(),
        List.of(),
        List.of());
  }
}
