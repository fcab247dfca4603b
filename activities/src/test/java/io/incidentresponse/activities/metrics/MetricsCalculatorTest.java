package io.incidentresponse.activities.metrics;

import static io.incidentresponse.activities.metrics.MetricsFixture.NOW;
import static io.incidentresponse.activities.metrics.MetricsFixture.OCTOBER;
import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.metrics.IncidentSummary;
import io.incidentresponse.workflows.metrics.MonthlyMetrics;
import io.incidentresponse.workflows.metrics.MonthlyMetrics.ItemGroup;
import io.incidentresponse.workflows.metrics.MonthlyMetrics.KindFigures;
import io.incidentresponse.workflows.metrics.MonthlyMetrics.RunbookChange;
import io.incidentresponse.workflows.metrics.MonthlyMetrics.TypeCount;
import io.incidentresponse.workflows.metrics.MonthlyMetrics.Week;
import io.incidentresponse.workflows.postmortem.ActionItemKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The metrics of {@link MetricsFixture}'s October against values computed by hand. Minutes are
 * those of the fixture's table; "real" incidents are the 16 October ones that are not false
 * positives (01-07, 09-11, 13-18).
 */
class MetricsCalculatorTest {
  private static final ZoneId UTC = ZoneId.of("UTC");

  private static MonthlyMetrics october() {
    return MetricsCalculator.compute(
        OCTOBER, UTC, MetricsFixture.incidents(), MetricsFixture.actionItems(), NOW);
  }

  @Test
  void compute_overTheFixture_countsByHand() {
    MonthlyMetrics metrics = october();

    assertThat(metrics.month()).isEqualTo(OCTOBER);
    assertThat(metrics.zone()).isEqualTo("UTC");
    // 18 detected in October, 08 and 12 false positives
    assertThat(metrics.total()).isEqualTo(16);
    assertThat(metrics.falsePositives()).isEqualTo(2);
    // P0: 02 06 10 15; P1: 01 05 11 14 16 17; P2: 03 07 09 18; P3: 04 13
    assertThat(metrics.bySeverity())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(Severity.P0, 4, Severity.P1, 6, Severity.P2, 4, Severity.P3, 2));
  }

  @Test
  void compute_overTheFixture_meanTimesEqualTheHandComputedOnes() {
    MonthlyMetrics metrics = october();

    // MTTD over 15 incidents (13 was declared with no alert):
    // 2+1+4+10+3+1+5+6+2+3+2+1+4+2+3 = 49 min = 2940 s; 2940 / 15 = 196 s
    assertThat(metrics.mttdSeconds()).isEqualTo(196.0);
    // MTTA over 15 acknowledged (11 never was):
    // 5+10+30+120+70+35+15+40+8+60+25+15+45+50+100 = 628 min = 37680 s; 37680 / 15 = 2512 s
    assertThat(metrics.mttaSeconds()).isEqualTo(2512.0);
    // MTTR, the time to recover, over all 16: restored (t), or resolved (r) for 04, 09 and 17
    // which were recorded without a restoration; 16 is restored and not yet resolved:
    // 01 20, 02 15, 03 40, 04 300, 05 60, 06 50, 07 30, 09 100, 10 20, 11 10, 13 80, 14 50,
    // 15 10, 16 30, 17 80, 18 70 = 965 min = 57900 s; 57900 / 16 = 3618.75 s
    assertThat(metrics.mttrSeconds()).isEqualTo(3618.75);
    // time to resolve over 15 resolved (16 is not):
    // 60+45+120+300+180+50+90+100+70+40+240+150+35+80+200 = 1760 min = 105600 s; / 15 = 7040 s
    assertThat(metrics.meanTimeToResolveSeconds()).isEqualTo(7040.0);
  }

  @Test
  void compute_givenARestorationOutsideDetectionToResolution_boundsIt() {
    // restored after its own resolution (t 90 > r 60): counts to the resolution, 60 min
    IncidentSummary late =
        MetricsFixture.incident(
            "late", "checkout", Severity.P1, "HighErrorRate", "2026-10-05T10:00:00Z", 2, 5, 90, 60);
    // restored before it was detected (alerts that ended before the incident opened): 0 min
    IncidentSummary early =
        MetricsFixture.incident(
            "early",
            "checkout",
            Severity.P1,
            "HighErrorRate",
            "2026-10-06T10:00:00Z",
            2,
            5,
            -3,
            30);

    MonthlyMetrics metrics =
        MetricsCalculator.compute(OCTOBER, UTC, List.of(late, early), List.of(), NOW);

    // (60 + 0) / 2 = 30 min; time to resolve (60 + 30) / 2 = 45 min
    assertThat(metrics.mttrSeconds()).isEqualTo(1800.0);
    assertThat(metrics.meanTimeToResolveSeconds()).isEqualTo(2700.0);
  }

  @Test
  void compute_givenOnlyAnIncidentStillDown_hasNoMttr() {
    IncidentSummary down =
        MetricsFixture.incident(
            "down",
            "checkout",
            Severity.P1,
            "HighErrorRate",
            "2026-10-05T10:00:00Z",
            2,
            5,
            null,
            null);

    MonthlyMetrics metrics = MetricsCalculator.compute(OCTOBER, UTC, List.of(down), List.of(), NOW);

    assertThat(metrics.total()).isEqualTo(1);
    assertThat(metrics.mttrSeconds()).isNull();
    assertThat(metrics.meanTimeToResolveSeconds()).isNull();
  }

  @Test
  void compute_overTheFixture_mtbfPerServiceCountsFromTheLastIncidentBeforeTheMonth() {
    MonthlyMetrics metrics = october();

    assertThat(metrics.mtbfSecondsByService())
        .containsOnlyKeys("checkout", "payments", "search", "api-gateway")
        // checkout: s2 (09-28 12:00, the last before October; not s1) then 01 03 05 10 13 16 18
        // (08 is a false positive): 8 detections, 7 gaps, the gaps add up to
        // 09-28 12:00 -> 10-31 23:30 = 33 d 11.5 h = 2,892,600 s; / 7
        .containsEntry("checkout", 2_892_600.0 / 7)
        // payments: 02 07 11 15: 10-03 14:00 -> 10-26 18:00 = 23 d 4 h = 2,001,600 s; / 3
        .containsEntry("payments", 667_200.0)
        // search: 04 09 14: 10-06 08:00 -> 10-23 07:00 = 16 d 23 h = 1,465,200 s; / 2
        .containsEntry("search", 732_600.0)
        // api-gateway: 06 17 (12 is a false positive): 10-10 02:00 -> 10-30 06:00 = 20 d 4 h
        .containsEntry("api-gateway", 1_742_400.0);
  }

  @Test
  void compute_overTheFixture_sloCountsTheUnacknowledgedAsAMiss() {
    MonthlyMetrics metrics = october();

    // misses: 05 (P1, 70 > 60 min), 06 (P0, 35 > 15 min), 11 (never acknowledged);
    // 15 (P0, exactly 15 min) is met, 04 and 13 (P3, no response time) are acknowledged: met.
    // 13 met of 16 = 0.8125
    assertThat(metrics.sloCompliance()).isEqualTo(0.8125);
  }

  @Test
  void compute_overTheFixture_topTypesBreakTiesByName() {
    MonthlyMetrics metrics = october();

    // HighErrorRate 01 05 10 14 18 (08 is a false positive); HighLatency 03 07 09 16 (12 is);
    // PaymentFailures 02 11 15; GatewayDown 06 17; then declared (13) and DiskPressure (04) tie at
    // 1 and "declared" sorts first without regard to case.
    assertThat(metrics.topTypes())
        .containsExactly(
            new TypeCount("HighErrorRate", 5),
            new TypeCount("HighLatency", 4),
            new TypeCount("PaymentFailures", 3),
            new TypeCount("GatewayDown", 2),
            new TypeCount("declared", 1));
  }

  @Test
  void compute_overTheFixture_improvementsAreItemsDoneInTheMonth() {
    MonthlyMetrics metrics = october();

    // s1's AI-1 (September incident, done 10-03), 06's AI-3 (10-12) and 01's AI-1 (10-15), by
    // completion time; not s1's AI-2 (done in September), 15's AI-1 (done 11-01) nor the false
    // positive 08's AI-1.
    assertThat(metrics.improvements())
        .containsExactly(
            "AI-1 Load test checkout before release (bob, checkout incident)",
            "AI-3 Add the gateway failover steps to the runbook (erin, api-gateway incident)",
            "AI-1 Alert on pool saturation (carol, checkout incident)");
    // 01's AI-2, 06's AI-1 and AI-2; not 10's dropped item, nor the false positive's open one,
    // nor s1's AI-3 (a September incident)
    assertThat(metrics.openActionItems()).isEqualTo(3);
  }

  @Test
  void compute_overTheFixture_countsDoneOpenAndOverduePerKind_technicalThenProcessThenNone() {
    MonthlyMetrics metrics = october();

    assertThat(metrics.actionItemsByKind())
        .containsExactly(
            // open: 01's AI-2, 06's AI-1; overdue at 11-01: 01's AI-2 (due 10-10), s1's AI-3
            // (a September incident's, due 10-01)
            kind(ActionItemKind.CODE_CHANGE, ItemGroup.TECHNICAL, 0, 2, 2),
            kind(ActionItemKind.MONITORING, ItemGroup.TECHNICAL, 1, 0, 0),
            kind(ActionItemKind.TESTING, ItemGroup.TECHNICAL, 1, 0, 0),
            kind(ActionItemKind.DOCUMENTATION, ItemGroup.TECHNICAL, 0, 0, 0),
            // 06's AI-3; not the false positive's (done 10-14) nor 15's (done 11-01)
            kind(ActionItemKind.RUNBOOK_UPDATE, ItemGroup.PROCESS, 1, 0, 0),
            kind(ActionItemKind.TRAINING, ItemGroup.PROCESS, 0, 0, 0),
            kind(ActionItemKind.TOOL_IMPROVEMENT, ItemGroup.PROCESS, 0, 0, 0),
            kind(ActionItemKind.COMMUNICATION, ItemGroup.PROCESS, 0, 0, 0),
            // 06's AI-2, recorded before kinds
            kind(null, ItemGroup.NONE, 0, 1, 0));
    // the same items as the month's other figures
    assertThat(metrics.actionItemsByKind().stream().mapToInt(KindFigures::done).sum())
        .isEqualTo(metrics.improvements().size());
    assertThat(metrics.actionItemsByKind().stream().mapToInt(KindFigures::open).sum())
        .isEqualTo(metrics.openActionItems());
  }

  @Test
  void compute_overTheFixture_runbookChangesAreRunbookUpdatesDoneInTheMonth() {
    assertThat(october().runbookChanges())
        .containsExactly(
            new RunbookChange(
                "Mitigation / API gateway",
                "api-gateway-GatewayDown-1010",
                "api-gateway",
                "AI-3",
                "Add the gateway failover steps to the runbook",
                "https://github.com/acme/runbook/pull/3",
                "erin",
                Instant.parse("2026-10-12T08:00:00Z")));
  }

  @Test
  void compute_givenNoItems_listsTheEightKindsAtZero_andNoRunbookChange() {
    MonthlyMetrics metrics =
        MetricsCalculator.compute(OCTOBER, UTC, MetricsFixture.incidents(), List.of(), NOW);

    assertThat(metrics.actionItemsByKind())
        .extracting(KindFigures::kind)
        .containsExactly(ActionItemKind.values());
    assertThat(metrics.actionItemsByKind())
        .allSatisfy(k -> assertThat(k.done() + k.open() + k.overdue()).isZero());
    assertThat(metrics.runbookChanges()).isEmpty();
  }

  private static KindFigures kind(
      ActionItemKind kind, ItemGroup group, int done, int open, int overdue) {
    return new KindFigures(kind, group, done, open, overdue);
  }

  @Test
  void compute_overTheFixture_weeksStartOnMondayAndCoverTheMonth() {
    MonthlyMetrics metrics = october();

    // 2026-10-01 is a Thursday: the first week starts on Monday 09-28, the last one (10-26)
    // holds 10-31.
    assertThat(metrics.weeks())
        .containsExactly(
            // MTTR per week is the time to recover (t, or r where t is blank)
            // 01 02: (20 + 15) / 2 = 17.5 min
            new Week(LocalDate.parse("2026-09-28"), 2, 1050.0),
            // 03 04 05 06: (40 + 300 + 60 + 50) / 4 = 112.5 min
            new Week(LocalDate.parse("2026-10-05"), 4, 6750.0),
            // 07 09 10 (08 is a false positive): (30 + 100 + 20) / 3 = 50 min
            new Week(LocalDate.parse("2026-10-12"), 3, 3000.0),
            // 11 13 14 (12 is a false positive): (10 + 80 + 50) / 3 min = 8400 s / 3
            new Week(LocalDate.parse("2026-10-19"), 3, 2800.0),
            // 15 16 17 18, 16 restored though not resolved: (10 + 30 + 80 + 70) / 4 = 47.5 min
            new Week(LocalDate.parse("2026-10-26"), 4, 2850.0));
  }

  @Test
  void compute_overTheFixture_focusAreasFollowTheRules() {
    MonthlyMetrics metrics = october();

    assertThat(metrics.focusAreas())
        .containsExactly(
            // checkout: 01 03 05 10 13 16 18
            "checkout had the most incidents (7 of 16): look for a common cause in their"
                + " postmortems",
            "SLO compliance 81.3% is under the 90% target: 3 incidents were not acknowledged"
                + " within the response time",
            // P0 MTTA: 02 06 10 15: (10 + 35 + 8 + 15) / 4 = 17 min
            "P0 incidents took 17 min to acknowledge on average, over the 15 min response time:"
                + " check paging and escalation",
            // open with a due date before 11-01, by due date; not the false positive's AI-2
            "2 action items are past due: AI-3 Remove the stale feature flag (frank, checkout,"
                + " due 2026-10-01); AI-2 Add retry budget to checkout client (dave, checkout,"
                + " due 2026-10-10)",
            "2 false positives: tune the alerts that raised them");
  }

  @Test
  void compute_givenTheInputsInAnotherOrder_isEqual() {
    List<IncidentSummary> shuffled = new ArrayList<>(MetricsFixture.incidents());
    Collections.shuffle(shuffled, new Random(6));
    List<io.incidentresponse.workflows.metrics.ActionItemsUpdate> items =
        new ArrayList<>(MetricsFixture.actionItems());
    Collections.reverse(items);

    assertThat(MetricsCalculator.compute(OCTOBER, UTC, shuffled, items, NOW)).isEqualTo(october());
  }

  @Test
  void compute_inParis_countsTheLastEveningInNovember() {
    MonthlyMetrics metrics =
        MetricsCalculator.compute(
            OCTOBER,
            ZoneId.of("Europe/Paris"),
            MetricsFixture.incidents(),
            MetricsFixture.actionItems(),
            NOW);

    // 18 was detected 10-31 23:30 UTC = 11-01 00:30 in Paris (UTC+1 after 10-25)
    assertThat(metrics.zone()).isEqualTo("Europe/Paris");
    assertThat(metrics.total()).isEqualTo(15);
    assertThat(metrics.bySeverity()).containsEntry(Severity.P2, 3);
  }

  @Test
  void compute_givenNoIncidents_hasZerosAndNoMeans() {
    MonthlyMetrics metrics =
        MetricsCalculator.compute(YearMonth.of(2026, 2), UTC, List.of(), List.of(), NOW);

    assertThat(metrics.total()).isZero();
    assertThat(metrics.bySeverity()).containsOnlyKeys(Severity.values()).doesNotContainValue(1);
    assertThat(metrics.mttdSeconds()).isNull();
    assertThat(metrics.mttaSeconds()).isNull();
    assertThat(metrics.mttrSeconds()).isNull();
    assertThat(metrics.meanTimeToResolveSeconds()).isNull();
    assertThat(metrics.sloCompliance()).isNull();
    assertThat(metrics.mtbfSecondsByService()).isEmpty();
    assertThat(metrics.topTypes()).isEmpty();
    assertThat(metrics.focusAreas()).isEmpty();
    // February 2026 starts on a Sunday: weeks of 01-26, 02-02, 02-09, 02-16, 02-23
    assertThat(metrics.weeks())
        .extracting(Week::weekStart)
        .containsExactly(
            LocalDate.parse("2026-01-26"),
            LocalDate.parse("2026-02-02"),
            LocalDate.parse("2026-02-09"),
            LocalDate.parse("2026-02-16"),
            LocalDate.parse("2026-02-23"));
    assertThat(metrics.weeks()).allSatisfy(week -> assertThat(week.mttrSeconds()).isNull());
  }

  @Test
  void compute_givenAnUnacknowledgedIncidentInsideItsResponseTime_leavesItOutOfTheSlo() {
    Instant now = Instant.parse("2026-10-20T12:00:00Z");
    IncidentSummary fresh =
        MetricsFixture.incident(
            "fresh",
            "checkout",
            Severity.P0,
            "HighErrorRate",
            "2026-10-20T11:55:00Z",
            1,
            null,
            null,
            null);
    IncidentSummary late =
        MetricsFixture.incident(
            "late",
            "checkout",
            Severity.P0,
            "HighErrorRate",
            "2026-10-20T11:00:00Z",
            1,
            null,
            null,
            null);

    assertThat(
            MetricsCalculator.compute(OCTOBER, UTC, List.of(fresh), List.of(), now).sloCompliance())
        .isNull();
    assertThat(
            MetricsCalculator.compute(OCTOBER, UTC, List.of(fresh, late), List.of(), now)
                .sloCompliance())
        .isEqualTo(0.0);
    // the same fresh incident once its 15 minutes are over
    assertThat(
            MetricsCalculator.compute(
                    OCTOBER, UTC, List.of(fresh), List.of(), now.plus(Duration.ofMinutes(10)))
                .sloCompliance())
        .isEqualTo(0.0);
  }

  @Test
  void durationText_readsAsPeopleSayIt() {
    assertThat(MetricsCalculator.durationText(45)).isEqualTo("45 s");
    assertThat(MetricsCalculator.durationText(1020)).isEqualTo("17 min");
    assertThat(MetricsCalculator.durationText(7500)).isEqualTo("2 h 5 min");
    assertThat(MetricsCalculator.durationText(7200)).isEqualTo("2 h");
  }
}
