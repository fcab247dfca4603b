package io.incidentresponse.activities.postmortem;

import static io.incidentresponse.activities.postmortem.ScriptedIncident.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.model.ActionProposal;
import io.incidentresponse.workflows.model.ActionStatus;
import io.incidentresponse.workflows.model.ActionType;
import io.incidentresponse.workflows.model.MitigationAction;
import io.incidentresponse.workflows.model.Severity;
import io.incidentresponse.workflows.model.TimelineEntry;
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
  void render_givenAnSloButNoRecordedBurn_estimatesItFromTheDowntime() {
    IncidentState s = ScriptedIncident.state();
    s.errorBudgetBurned = null;
    s.downtime = Duration.ofMinutes(20); // a 99.9% month allows 43.2 minutes

    String impact = section(renderer.render(s, List.of()), "## Impact Assessment");

    assertThat(impact)
        .contains(
            "- **SLO Impact**: 46.3% of the month's error budget burned (SLO 99.9%), estimated"
                + " from the downtime against a 30-day budget\n");
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
    s.resolvedAt = at("14:20");
    s.downtime = Duration.ofMinutes(15);

    String gantt = section(renderer.render(s, List.of()), "## Phases");

    assertThat(gantt)
        .contains("    Triggered :done, triggered, 2026-11-26 14:02, 2026-11-26 14:05\n")
        .contains("    Investigating :done, investigating, 2026-11-26 14:05, 2026-11-26 14:20\n")
        .contains("    Resolved :milestone, resolved, 2026-11-26 14:20, 0m\n")
        .doesNotContain("Mitigating", "Monitoring");
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
