package io.incidentresponse.activities.postmortem;

import io.incidentresponse.workflows.communication.ChannelRef;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisReport;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.diagnosis.Hypothesis;
import io.incidentresponse.workflows.incident.Impact;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Role;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.incident.TimelineEntry;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.mitigation.RiskClass;
import io.incidentresponse.workflows.postmortem.ActionItem;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The P1 checkout incident the golden file describes: a bad deploy at 13:58, the alert condition at
 * 14:02, detection at 14:05, alice acknowledges at 14:09 and approves the rollback the diagnosis
 * proposed, recovery verified at 14:15 (service restored: 10 minutes of downtime), monitored for
 * twice those 10 minutes, resolved and closed at 14:35. Its impact figures follow from the 10
 * minutes: 12,000 USD an hour is 2,000 USD; a 99.9% SLO allows 43.2 minutes a month, 10 / 43.2 =
 * 23.1% burned.
 */
final class ScriptedIncident {
  static final String ID = "incident-checkout-higherrorrate-3f2a9c";

  private ScriptedIncident() {}

  static Instant at(String hhmm) {
    return Instant.parse("2026-11-26T" + hhmm + ":00Z");
  }

  static PostmortemDocumentSettings settings() {
    return new PostmortemDocumentSettings(
        null, new BigDecimal("12000"), "USD", 0.999, null, null, null, null);
  }

  static List<ActionItem> actionItems() {
    return List.of(
        new ActionItem(
            "AI-1",
            "Add a canary stage that rolls checkout back when its 5xx ratio rises",
            "carol",
            LocalDate.parse("2026-12-10"),
            ActionItemStatus.OPEN,
            "alice",
            at("15:30"),
            null,
            null,
            null,
            null),
        new ActionItem(
            "AI-2",
            "Alert on the 5xx ratio per deploy revision",
            null,
            null,
            ActionItemStatus.OPEN,
            "alice",
            at("15:31"),
            null,
            null,
            null,
            null));
  }

  static IncidentState state() {
    IncidentState s = new IncidentState();
    s.incidentId = ID;
    s.title = "Checkout 5xx above 5%";
    s.service = "checkout";
    s.namespace = "shop";
    s.severity = Severity.P1;
    s.impact = Impact.HIGH;
    s.classificationReason = "alert label severity=P1";
    s.phase = Phase.CLOSED;
    s.firstAlertAt = at("14:02");
    s.detectedAt = at("14:05");
    s.acknowledgedAt = at("14:09");
    s.acknowledgedBy = "alice";
    s.escalationLevel = 0;
    s.roles.put(Role.INCIDENT_COMMANDER, "alice");
    s.channel = new ChannelRef("C0CHECKOUT", "incident-2026-11-26-1405", null);
    s.leadershipNotified = true;
    // the P1 cadence is hourly: resolved before the first internal update was due
    s.updatesPosted = 0;
    ActionProposal rollback =
        new ActionProposal(
            ActionType.ROLLBACK,
            "shop",
            "checkout",
            Map.of("revision", "41"),
            RiskClass.HIGH,
            "revision 42 rolled out 4 minutes before the errors rose");
    s.diagnosis =
        new DiagnosisReport(
            1,
            at("14:05"),
            at("14:06"),
            List.of(
                new Finding(
                    DiagnosisProbe.POD_HEALTH,
                    FindingOutcome.HEALTHY,
                    "3/3 pods Running and Ready",
                    List.of(),
                    List.of(),
                    at("14:06")),
                new Finding(
                    DiagnosisProbe.ROLLOUT_HISTORY,
                    FindingOutcome.ANOMALY,
                    "checkout rolled out revision 42 at 13:58",
                    List.of(
                        "revision 42: image checkout:1.8.0 (revision 41: checkout:1.7.3)",
                        "created 2026-11-26T13:58:00Z, 4 minutes before the 5xx ratio rose"),
                    List.of(rollback),
                    at("14:06"),
                    Map.of(
                        FindingFacts.ROLLOUT_AT, "2026-11-26T13:58:00Z",
                        FindingFacts.ROLLOUT_REVISION, "42",
                        FindingFacts.ROLLOUT_PREVIOUS_REVISION, "41")),
                new Finding(
                    DiagnosisProbe.SERVICE_METRICS,
                    FindingOutcome.ANOMALY,
                    "5xx ratio 7.9% (0.1% an hour earlier)",
                    List.of(
                        "error ratio 0.079 since 14:02 (0.001 an hour earlier)",
                        "p95 latency 0.42 s (0.38 s an hour earlier)"),
                    List.of(),
                    at("14:06"),
                    Map.of(FindingFacts.ERRORS_RISING_SINCE, "2026-11-26T14:02:00Z")),
                new Finding(
                    DiagnosisProbe.NODE_HEALTH,
                    FindingOutcome.HEALTHY,
                    "all 6 nodes Ready",
                    List.of(),
                    List.of(),
                    at("14:06")),
                Finding.unavailable(
                    DiagnosisProbe.ERROR_LOGS,
                    "Elasticsearch did not answer within 60s",
                    at("14:06"))),
            List.of("rollback-1"),
            List.of(
                new Hypothesis(
                    "bad deploy",
                    85,
                    "revision 42 (checkout:1.8.0) rolled out at 13:58, 4 minutes before the 5xx"
                        + " ratio rose",
                    List.of(
                        "ROLLOUT_HISTORY: revision 42 created 13:58",
                        "SERVICE_METRICS: 5xx ratio 7.9% since 14:02"),
                    List.of(rollback)),
                new Hypothesis(
                    "traffic surge",
                    20,
                    "request rate 1.3x the rate an hour earlier",
                    List.of(),
                    List.of())));
    s.diagnosisRounds = 1;
    s.actions.add(
        new MitigationAction(
            "rollback-1",
            rollback,
            "diagnosis:bad deploy",
            at("14:06"),
            ActionStatus.SUCCEEDED,
            "alice",
            at("14:12"),
            "rolled back checkout to revision 41",
            at("14:13")));
    s.actionsRun = 1;
    s.mitigatedAt = at("14:15");
    s.restoredAt = at("14:15");
    // 2x the 10 minutes from detection to mitigation
    s.monitoringEndsAt = at("14:35");
    s.resolvedAt = at("14:35");
    s.closedAt = at("14:35");
    s.downtime = Duration.ofMinutes(10);
    s.usersAffected = 12_400L;
    s.usersAffectedSource = "Prometheus: sum(increase(checkout_sessions_failed_total[600s]))";
    // 600 s / (30 d x 0.1% = 2,592 s)
    s.errorBudgetBurned = 600 / 2592.0;
    s.postmortemWorkflowId = "postmortem-" + ID + "-2026-11-26-1405";

    String system = TimelineEntry.SYSTEM;
    s.timeline.addAll(
        List.of(
            entry(
                "14:05",
                system,
                "Incident opened from 1 alert(s): Checkout 5xx above 5%",
                "Classified P1 / impact HIGH (alert label severity=P1)"),
            entry("14:05", system, "Paged platform-oncall", "Page PD-4711"),
            entry("14:05", system, "Incident channel #incident-2026-11-26-1405 opened", ""),
            entry("14:05", system, "Investigation started", "Diagnosis probes running"),
            entry("14:05", system, "Leadership notified of a P1 incident", ""),
            entry(
                "14:06",
                "diagnosis:bad deploy",
                "Proposed rollback-1: rollback shop/checkout {revision=41} (HIGH risk)",
                "Waiting for approval by one of [alice, bob]"),
            entry(
                "14:06",
                system,
                "Diagnosis round 1: 2 anomalies, 2 healthy, 1 unavailable",
                "Most likely: bad deploy (85): revision 42 (checkout:1.8.0) rolled out at 13:58,"
                    + " 4 minutes before the 5xx ratio rose. Proposed rollback-1"),
            entry(
                "14:06",
                system,
                "Diagnosis complete: 2 anomalies, 2 healthy, 1 unavailable",
                "Waiting for approval of rollback-1"),
            entry(
                "14:09",
                "alice",
                "Acknowledged after 4m",
                "Escalation stopped; alice is incident commander"),
            entry(
                "14:11",
                "bob",
                "Note: error ratio | p95 both up since 14:02\nmatches the 13:58 deploy",
                ""),
            entry(
                "14:12",
                "alice",
                "Approved rollback-1: rollback shop/checkout {revision=41}",
                "Runs next"),
            entry("14:12", "alice", "Running rollback-1: rollback shop/checkout {revision=41}", ""),
            entry(
                "14:13",
                system,
                "rollback-1 succeeded",
                "rolled back checkout to revision 41 (before: image=checkout:1.8.0, revision=42;"
                    + " after: image=checkout:1.7.3, revision=41)"),
            entry("14:15", system, "Verification: healthy", "5xx ratio 0.1%, 3/3 pods ready"),
            entry(
                "14:15",
                system,
                "Mitigated: recovery verified after rollback-1",
                "Monitoring for 20m (2x the 10m incident) until 2026-11-26 14:35 UTC"),
            entry("14:35", system, "Verification: healthy", "5xx ratio 0.1% for 20m"),
            entry("14:35", system, "Monitoring window passed clean", "Recovery verified"),
            entry(
                "14:35",
                system,
                "Impact assessed",
                "Downtime 10m; users affected 12400 (Prometheus:"
                    + " sum(increase(checkout_sessions_failed_total[600s]))); 23.1% of the 30-day"
                    + " error budget"),
            entry("14:35", system, "Postmortem started", "Review due 2026-12-03 14:35 UTC"),
            entry(
                "14:35",
                system,
                "Incident closed",
                "Downtime 10m; postmortem postmortem-" + ID + "-2026-11-26-1405")));
    return s;
  }

  static TimelineEntry entry(String hhmm, String actor, String event, String action) {
    return new TimelineEntry(at(hhmm), actor, event, action);
  }
}
