package io.incidentresponse.activities.postmortem;

import static io.incidentresponse.activities.postmortem.DocumentFormat.between;

import io.incidentresponse.workflows.diagnosis.DiagnosisReport;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.diagnosis.Hypothesis;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.TimelineEntry;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.postmortem.ActionItem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One rendering's incident and what is derived from it once, so every section says the same.
 *
 * @param s the incident's state
 * @param items the action items so far; empty at the first draft
 * @param timeline the incident's timeline; empty when it recorded none
 * @param diagnosis the latest diagnosis; null when none ran
 * @param top the diagnosis's first hypothesis; null when there is none
 * @param restored when service came back; null when not yet, or not recorded (an older incident)
 * @param downtime detection to restoration; to resolution for an older incident without one; or
 *     null
 * @param responseTime the time to acknowledge at the incident's severity; null when it has none
 * @param sloTarget the service's availability SLO as a ratio; null when none applies
 */
record IncidentFacts(
    IncidentState s,
    List<ActionItem> items,
    List<TimelineEntry> timeline,
    DiagnosisReport diagnosis,
    Hypothesis top,
    Instant restored,
    Duration downtime,
    Duration responseTime,
    Double sloTarget) {

  static IncidentFacts of(
      IncidentState incident, List<ActionItem> items, Duration responseTime, Double sloTarget) {
    DiagnosisReport diagnosis = incident.diagnosis;
    Hypothesis top =
        diagnosis == null || diagnosis.hypotheses().isEmpty()
            ? null
            : diagnosis.hypotheses().get(0);
    // Service cannot come back after the incident was resolved (as the monthly metrics count it).
    Instant restored =
        incident.detectedAt == null || incident.restoredAt == null
            ? null
            : incident.resolvedAt != null && incident.restoredAt.isAfter(incident.resolvedAt)
                ? incident.resolvedAt
                : incident.restoredAt;
    // From the times the document shows when it has them, so its lines agree with each other.
    Duration downtime =
        restored != null
            ? between(incident.detectedAt, restored)
            : incident.downtime != null
                ? incident.downtime
                : incident.detectedAt != null && incident.resolvedAt != null
                    ? between(incident.detectedAt, incident.resolvedAt)
                    : null;
    return new IncidentFacts(
        incident,
        items,
        incident.timeline == null ? List.of() : incident.timeline,
        diagnosis,
        top,
        restored,
        downtime,
        responseTime,
        sloTarget);
  }

  /** The diagnosis's findings whose probe could not look; empty without a diagnosis. */
  List<Finding> unavailable() {
    if (diagnosis == null) {
      return List.of();
    }
    return diagnosis.findings().stream()
        .filter(f -> f.outcome() == FindingOutcome.UNAVAILABLE)
        .toList();
  }

  /** The incident's mitigations that ended with {@code status}, in their order. */
  List<MitigationAction> actions(ActionStatus status) {
    return s.actions == null
        ? List.of()
        : s.actions.stream().filter(a -> a.status() == status).toList();
  }
}
