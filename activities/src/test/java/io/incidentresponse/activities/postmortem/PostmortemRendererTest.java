package io.incidentresponse.activities.postmortem;

import static io.incidentresponse.activities.postmortem.ScriptedIncident.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.incident.ContactsShared;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.PageSent;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.incident.TimelineEntry;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.postmortem.PostmortemInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostmortemRendererTest {
  private final PostmortemRenderer renderer =
      new PostmortemRenderer(ZoneId.of("UTC"), ScriptedIncident.settings());

  private static String golden(String name) throws IOException {
    try (InputStream in = PostmortemRendererTest.class.getResourceAsStream("/postmortem/" + name)) {
      assertThat(in).as("golden file %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void render_givenTheScriptedCheckoutIncident_equalsTheGoldenFile() throws IOException {
    String markdown = renderer.render(ScriptedIncident.state(), ScriptedIncident.actionItems());

    assertThat(markdown).isEqualTo(golden("checkout-incident.md"));
  }

  @Test
  void render_givenADrillsIncident_saysItWasADrillInTheTitleAndTheNote() {
    IncidentState s = ScriptedIncident.state();
    s.drillId = "drill-checkout";

    String markdown = renderer.render(s, ScriptedIncident.actionItems());

    assertThat(markdown)
        .startsWith("# Incident Post-Mortem: [DRILL] " + s.title + "\n\n")
        .contains(
            "> **This was a drill** (`drill-checkout`): the fault was injected on purpose. No"
                + " status page was opened and leadership was not told, and its times are kept out"
                + " of the real incident metrics.");
    // a real incident's document says none of it (the golden file pins the rest)
    assertThat(renderer.render(ScriptedIncident.state(), ScriptedIncident.actionItems()))
        .doesNotContain("DRILL")
        .doesNotContain("drill");
  }

  @Test
  void scriptedIncident_monitorsForTwiceItsTimeToMitigation_asItsTimelineShows() {
    IncidentState s = ScriptedIncident.state();
    Instant opened = timeOf(s, "Incident opened");
    Instant mitigated = timeOf(s, "Mitigated:");
    Instant clean = timeOf(s, "Monitoring window passed clean");

    assertThat(opened).isEqualTo(s.detectedAt);
    assertThat(mitigated).isEqualTo(s.mitigatedAt).isEqualTo(s.restoredAt);
    assertThat(clean).isEqualTo(s.monitoringEndsAt).isEqualTo(s.resolvedAt);
    assertThat(Duration.between(mitigated, clean))
        .isEqualTo(Duration.between(opened, mitigated).multipliedBy(2));
    assertThat(s.downtime).isEqualTo(Duration.between(opened, mitigated));
  }

  private static Instant timeOf(IncidentState s, String eventStart) {
    return s.timeline.stream()
        .filter(e -> e.event().startsWith(eventStart))
        .map(TimelineEntry::at)
        .reduce((first, second) -> second)
        .orElseThrow();
  }

  @Test
  void render_givenPagesAndSharedContacts_listsWhoWasPagedHowAndWhoWasShared() {
    IncidentState s = ScriptedIncident.state();
    Instant at = s.detectedAt;
    s.pages.add(
        new PageSent(
            0,
            "primary-oncall",
            "Alice Smith",
            "rotation payments-primary",
            List.of("Slack DM", "e-mail"),
            at));
    s.pages.add(new PageSent(1, "secondary-oncall", null, "no roster configured", List.of(), at));
    s.contactsShared.add(
        new ContactsShared(
            at,
            "system",
            List.of("database"),
            "the diagnosis implicates database",
            List.of("Database vendor support")));

    String markdown = renderer.render(s, ScriptedIncident.actionItems());

    assertThat(markdown)
        .contains("## Who Was Paged and Contacted")
        .contains(
            "| 0 primary-oncall | Alice Smith | rotation payments-primary | Slack DM, e-mail |")
        .contains("| 1 secondary-oncall | nobody named (paging system's escalation) |")
        .contains(
            "emergency contacts shared by system (the diagnosis implicates database): Database"
                + " vendor support");
  }

  @Test
  void render_isTheSameTextEveryTime_soAnUnchangedIncidentMakesNoNewCommit() {
    String first = renderer.render(ScriptedIncident.state(), ScriptedIncident.actionItems());
    String second = renderer.render(ScriptedIncident.state(), ScriptedIncident.actionItems());

    assertThat(second).isEqualTo(first);
  }

  @Test
  void render_givenFiveHundredEntries_keepsPhaseChangesDecisionsMitigationsAndBothEnds() {
    IncidentState s = ScriptedIncident.state();
    Instant start = at("14:05");
    List<TimelineEntry> timeline = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      Instant when = start.plusSeconds(i * 10L);
      String event =
          switch (i) {
            case 100 -> "Diagnosis complete: 2 anomalies, 2 healthy, 1 unavailable";
            case 200 -> "Approved rollback-1: rollback shop/checkout {revision=41}";
            case 250 -> "rollback-1 succeeded";
            case 300 -> "Mitigated: recovery verified after rollback-1";
            // a different action whose id starts the same must not count as rollback-1
            case 310 -> "rollback-10 is not an action of this incident";
            default -> "Alert repeated #" + i;
          };
      timeline.add(new TimelineEntry(when, TimelineEntry.SYSTEM, event, ""));
    }
    s.timeline = timeline;

    String markdown = renderer.render(s, List.of());
    String table = section(markdown, "## Timeline");

    long rows = table.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| Time")).count();
    long gaps = table.lines().filter(l -> l.startsWith("| … |")).count();
    // 10 first + 10 last + 4 key entries, and a gap marker between each kept run
    assertThat(rows - gaps).isEqualTo(24);
    assertThat(table)
        .contains("Alert repeated #0 ", "Alert repeated #9 ", "Alert repeated #490 ")
        .contains("Alert repeated #499 ")
        .doesNotContain("Alert repeated #10 ", "Alert repeated #489 ", "rollback-10 is not")
        .contains("Diagnosis complete", "Approved rollback-1", "rollback-1 succeeded")
        .contains("Mitigated: recovery verified")
        .contains("| … | _90 routine entries left out_ | |")
        .contains("| … | _189 routine entries left out_ | |")
        .contains("Showing 24 of 500 entries")
        .contains("476 routine entries were left out");
  }

  @Test
  void render_escapesPipesAndNewlinesInCells_soEveryRowKeepsThreeColumns() {
    IncidentState s = ScriptedIncident.state();
    s.timeline =
        List.of(
            new TimelineEntry(
                at("14:05"), "eve|mallory", "a | b\r\nc\nd", "x|y\n| Time | injected |"));

    String table = section(renderer.render(s, List.of()), "## Timeline");

    assertThat(table)
        .contains(
            "| 14:05 | a \\| b<br>c<br>d (by eve\\|mallory) | x\\|y<br>\\| Time \\| injected \\| |");
    for (String row : table.lines().filter(l -> l.startsWith("| 14:05")).toList()) {
      assertThat(row.replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(4);
    }
  }

  @Test
  void render_givenUnknownImpactAndNoSettings_saysUnknownAndLeavesItToTheReview() {
    IncidentState s = ScriptedIncident.state();
    s.usersAffected = null;
    s.usersAffectedSource = null;
    s.errorBudgetBurned = null;
    PostmortemRenderer plain =
        new PostmortemRenderer(ZoneId.of("UTC"), PostmortemDocumentSettings.defaults());

    String impact = section(plain.render(s, List.of()), "## Impact Assessment");

    assertThat(impact)
        .contains("- **Users Affected**: unknown: no query or alert reported it. _To be completed")
        .contains("- **Revenue Impact**: not estimated: no revenue per hour is configured.")
        .contains("- **SLO Impact**: unknown: no SLO is configured.");
  }

  @Test
  void render_givenADashboardAndMetrics_linksTheIncidentsRangeAndQuotesWhatPrometheusShowed() {
    IncidentState s = ScriptedIncident.state();
    s.restoredAt = at("14:25");
    s.diagnosis =
        new io.incidentresponse.workflows.diagnosis.DiagnosisReport(
            1,
            at("14:02"),
            at("14:03"),
            List.of(
                new io.incidentresponse.workflows.diagnosis.Finding(
                    io.incidentresponse.workflows.diagnosis.DiagnosisProbe.SERVICE_METRICS,
                    io.incidentresponse.workflows.diagnosis.FindingOutcome.ANOMALY,
                    "error ratio up",
                    List.of(),
                    List.of(),
                    at("14:03"),
                    java.util.Map.of(
                        io.incidentresponse.workflows.diagnosis.FindingFacts.ERROR_RATIO, "0.31",
                        io.incidentresponse.workflows.diagnosis.FindingFacts.ERROR_RATIO_BEFORE,
                            "0.002"))),
            List.of(),
            List.of());
    PostmortemRenderer linked =
        new PostmortemRenderer(
            ZoneId.of("UTC"),
            ScriptedIncident.settings(),
            new io.incidentresponse.activities.grafana.GrafanaLinks(
                new io.incidentresponse.activities.grafana.GrafanaSettings(
                    "https://grafana.example/d/svc?var-service={service}&from={from}&to={to}",
                    null,
                    null,
                    null)));

    String impact = section(linked.render(s, List.of()), "## Impact Assessment");

    assertThat(impact)
        .contains(
            "- **What Prometheus showed** (diagnosis round 1, 14:03): error ratio 0.2% -> 31.0%\n")
        .contains(
            "- **Dashboard**: [the service over the incident](<https://grafana.example/d/svc"
                + "?var-service="
                + s.service
                + "&from="
                + s.detectedAt.minus(java.time.Duration.ofHours(1)).toEpochMilli()
                + "&to="
                + at("14:55").toEpochMilli()
                + ">)");
    // without a dashboard configured, no link line
    assertThat(section(renderer.render(s, List.of()), "## Impact Assessment"))
        .doesNotContain("**Dashboard**");
  }

  @Test
  void render_givenAnSloButNoRecordedBurn_estimatesItFromTheDowntime() {
    IncidentState s = ScriptedIncident.state();
    s.errorBudgetBurned = null;
    // restored 20 minutes after detection; a 99.9% month allows 43.2 minutes
    s.restoredAt = at("14:25");

    String impact = section(renderer.render(s, List.of()), "## Impact Assessment");

    assertThat(impact)
        .contains(
            "- **SLO Impact**: 46.3% of the month's error budget burned (SLO 99.9%), estimated"
                + " from the downtime against a 30-day budget\n");
  }

  @Test
  void render_givenTheIncidentsResponseTime_measuresTheAcknowledgementAgainstItNotTheSettings() {
    // alice acknowledged 4 minutes after detection; the settings' P1 response time is 1 hour
    PostmortemInput input =
        new PostmortemInput(
            ScriptedIncident.state(), null, null, List.of(), Duration.ofMinutes(3), null);

    String markdown = renderer.render(input);

    assertThat(section(markdown, "## What Went Poorly"))
        .contains(
            "- The page was acknowledged 4m after detection, beyond the P1 response time of 3m.\n");
    assertThat(section(markdown, "## What Went Well")).doesNotContain("Acknowledged 4m");
  }

  @Test
  void render_givenTheServicesAvailabilityTarget_showsItAndEstimatesTheBurnFromIt() {
    IncidentState s = ScriptedIncident.state();
    s.errorBudgetBurned = null;
    // 10 minutes of downtime; a 99% month allows 432 minutes (the settings' 99.9%: 43.2)
    PostmortemInput input = new PostmortemInput(s, null, null, List.of(), null, 0.99);

    String impact = section(renderer.render(input), "## Impact Assessment");

    assertThat(impact)
        .contains(
            "- **SLO Impact**: 2.3% of the month's error budget burned (SLO 99%), estimated"
                + " from the downtime against a 30-day budget\n");
  }

  @Test
  void render_givenTheIncidentsValuesAndNoSettings_usesThem() {
    IncidentState s = ScriptedIncident.state();
    s.errorBudgetBurned = null;
    PostmortemRenderer plain =
        new PostmortemRenderer(ZoneId.of("UTC"), PostmortemDocumentSettings.defaults());
    PostmortemInput input =
        new PostmortemInput(s, null, null, List.of(), Duration.ofMinutes(5), 0.999);

    String markdown = plain.render(input);

    assertThat(section(markdown, "## Impact Assessment"))
        .contains("- **SLO Impact**: 23.1% of the month's error budget burned (SLO 99.9%)");
    assertThat(section(markdown, "## What Went Well"))
        .contains("- Acknowledged 4m after detection, within the P1 response time of 5m.\n");
  }

  @Test
  void render_givenAnInputWithoutTheIncidentsValues_fallsBackToTheSettings() throws IOException {
    PostmortemInput input =
        new PostmortemInput(
            ScriptedIncident.state(), at("16:00"), null, ScriptedIncident.actionItems());

    assertThat(input.responseTime()).isNull();
    assertThat(input.availabilityTarget()).isNull();
    assertThat(renderer.render(input)).isEqualTo(golden("checkout-incident.md"));
  }

  @Test
  void render_givenALateEscalatedAckAFailedActionAndARegression_listsThemAsWentPoorly() {
    IncidentState s = ScriptedIncident.state();
    s.severity = Severity.P0;
    s.acknowledgedAt = at("14:35");
    s.escalationLevel = 2;
    s.reopenCount = 1;
    s.actions.add(
        new MitigationAction(
            "restart-2",
            new ActionProposal(ActionType.RESTART, "shop", "checkout", Map.of(), null, "why"),
            "alice",
            at("14:20"),
            ActionStatus.FAILED,
            "alice",
            at("14:21"),
            "UNAVAILABLE: Kubernetes API unreachable",
            at("14:22")));

    String markdown = renderer.render(s, List.of());
    String poorly = section(markdown, "## What Went Poorly");
    String well = section(markdown, "## What Went Well");

    assertThat(poorly)
        .contains(
            "- The page was acknowledged 30m after detection, beyond the P0 response time"
                + " of 15m.")
        .contains("- The page escalated 2 levels before it was acknowledged.")
        .contains("- `restart-2` failed: UNAVAILABLE: Kubernetes API unreachable.")
        .contains("- The incident regressed during monitoring once and mitigation was reopened.");
    assertThat(well)
        .doesNotContain("within the P0 response time")
        .doesNotContain("no escalation was needed")
        .doesNotContain("No regression");
  }

  @Test
  void render_givenNoActionItems_promptsForThemInTheTable() {
    String items = section(renderer.render(ScriptedIncident.state(), List.of()), "## Action Items");

    assertThat(items)
        .contains(
            "| _To be completed in the review_: at least fix the root cause, improve monitoring,"
                + " update the runbook | TBD | TBD | Open |");
  }

  @Test
  void render_givenAnIncidentResolvedBeforeMitigation_skipsThePhasesNeverReached() {
    IncidentState s = ScriptedIncident.state();
    s.mitigatedAt = null;
    s.diagnosis = null;
    s.actions.clear();
    s.timeline =
        List.of(
            new TimelineEntry(at("14:05"), TimelineEntry.SYSTEM, "Investigation started", ""),
            new TimelineEntry(at("14:20"), "alice", "Resolved by alice", "noise"));
    // resolved by hand with no restoration recorded: the workflow takes the resolution for it
    s.resolvedAt = at("14:20");
    s.restoredAt = at("14:20");
    s.downtime = Duration.ofMinutes(15);

    String markdown = renderer.render(s, List.of());
    String gantt = section(markdown, "## Phases");

    assertThat(gantt)
        .contains("    Triggered :done, triggered, 2026-11-26 14:02, 2026-11-26 14:05\n")
        .contains("    Investigating :done, investigating, 2026-11-26 14:05, 2026-11-26 14:20\n")
        .contains("    Resolved :milestone, resolved, 2026-11-26 14:20, 0m\n")
        .doesNotContain("Mitigating", "Monitoring");
    // no monitoring window to break the time down into
    assertThat(markdown)
        .contains(
            "- **Duration**: Downtime 15m (detected 14:05, restored 14:20); resolved after 15m\n");
  }

  @Test
  void render_givenAlertsThatEndedBeforeTheMitigation_countsDowntimeToTheirEnd() {
    IncidentState s = ScriptedIncident.state();
    // the alerts resolved at their source at 14:12; the rollback's verification came at 14:15
    s.restoredAt = at("14:12");

    String markdown = renderer.render(s, List.of());

    assertThat(markdown)
        .contains(
            "- **Duration**: Downtime 7m (detected 14:05, restored 14:12); resolved after 30m"
                + " (10m to mitigation + 20m monitoring, 2x)\n")
        .contains("- **Downtime**: 7m (from detection at 14:05 to service restored at 14:12)\n")
        // 12,000 USD an hour x 7 / 60 = 1,400 USD
        .contains("- **Revenue Impact**: about 1,400 USD (7m at 12,000 USD per hour")
        .contains("    Restored :milestone, restored, 2026-11-26 14:12, 0m\n");
  }

  @Test
  void render_givenARestorationAfterTheResolution_countsDowntimeToTheResolution() {
    IncidentState s = ScriptedIncident.state();
    s.restoredAt = at("14:50");

    assertThat(renderer.render(s, List.of()))
        .contains(
            "- **Duration**: Downtime 30m (detected 14:05, restored 14:35); resolved after 30m"
                + " (10m to mitigation + 20m monitoring, 2x)\n")
        .contains("    Restored :milestone, restored, 2026-11-26 14:35, 0m\n");
  }

  @Test
  void render_givenTheMinimumWindowOrAResolutionByHand_doesNotClaimTwice() {
    IncidentState s = ScriptedIncident.state();
    // restored at 14:08, 3 minutes in: the 10-minute minimum window applies, not 2x
    s.mitigatedAt = at("14:08");
    s.restoredAt = at("14:08");
    s.resolvedAt = at("14:18");

    assertThat(renderer.render(s, List.of()))
        .contains(
            "- **Duration**: Downtime 3m (detected 14:05, restored 14:08); resolved after 13m"
                + " (3m outage + 10m monitoring)\n");
  }

  @Test
  void render_givenAnIncidentRecordedWithoutARestoration_saysTheDowntimeRunsToTheResolution() {
    IncidentState s = ScriptedIncident.state();
    // written before restoration was kept: downtime ran to the resolution
    s.restoredAt = null;
    s.resolvedAt = at("15:10");
    s.downtime = Duration.ofMinutes(65);

    String markdown = renderer.render(s, List.of());

    assertThat(markdown)
        .contains(
            "- **Duration**: Downtime 1h 5m (detected 14:05, resolved 15:10; the restoration time"
                + " was not recorded, so this runs to the resolution)\n")
        .contains(
            "- **Downtime**: 1h 5m (from detection at 14:05 to resolution at 15:10: the"
                + " restoration time was not recorded)\n")
        .contains("- **Revenue Impact**: about 13,000 USD (1h 5m at 12,000 USD per hour")
        .doesNotContain("Restored :milestone");
  }

  @Test
  void render_whileMonitoringOrStillDown_saysWhatIsNotReachedYet() {
    IncidentState monitoring = ScriptedIncident.state();
    monitoring.resolvedAt = null;
    monitoring.closedAt = null;
    monitoring.updatesPosted = 2;
    IncidentState down = ScriptedIncident.state();
    down.restoredAt = null;
    down.mitigatedAt = null;
    down.resolvedAt = null;
    down.closedAt = null;
    down.downtime = null;
    down.errorBudgetBurned = null;

    String whileMonitoring = renderer.render(monitoring, List.of());
    String whileDown = renderer.render(down, List.of());

    assertThat(whileMonitoring)
        .contains(
            "- **Duration**: Downtime 10m (detected 14:05, restored 14:15); not resolved when"
                + " this draft was written\n")
        .contains("- **Downtime**: 10m (from detection at 14:05 to service restored at 14:15)\n")
        .contains("- 2 internal status updates posted on the P1 cadence.\n");
    assertThat(whileDown)
        .contains("- **Duration**: ongoing: service was not restored when this draft was written\n")
        .contains("- **Downtime**: unknown: service was not restored when this draft was written\n")
        // both are configured: what is missing is the restoration
        .contains(
            "- **Revenue Impact**: not estimated yet: service was not restored when this draft was"
                + " written\n")
        .contains(
            "- **SLO Impact**: unknown yet (SLO 99.9%): service was not restored when this draft"
                + " was written\n");
  }

  @Test
  void render_inAnotherZone_showsTimesThere() {
    PostmortemRenderer berlin =
        new PostmortemRenderer(ZoneId.of("Europe/Berlin"), ScriptedIncident.settings());

    String markdown = berlin.render(ScriptedIncident.state(), List.of());

    assertThat(markdown)
        .contains("- **Date**: 2026-11-26 15:05 CET (first alert condition at 15:02)")
        .contains("All times Europe/Berlin.")
        .contains("| 15:09 | Acknowledged after 4m (by alice) |");
  }

  /** The text from {@code heading} to the next level-2 heading. */
  private static String section(String markdown, String heading) {
    int start = markdown.indexOf(heading + "\n");
    assertThat(start).as("section %s", heading).isNotNegative();
    int end = markdown.indexOf("\n## ", start + heading.length());
    return end < 0 ? markdown.substring(start) : markdown.substring(start, end + 1);
  }
}
