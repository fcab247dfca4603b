package io.incidentresponse.activities.postmortem;

import static io.incidentresponse.activities.postmortem.DocumentFormat.bullets;
import static io.incidentresponse.activities.postmortem.DocumentFormat.duration;
import static io.incidentresponse.activities.postmortem.DocumentFormat.line;

import io.incidentresponse.workflows.diagnosis.Hypothesis;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.TimelineEntry;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What Went Well, from the record: an acknowledgement within the severity's response time and
 * without escalation, a diagnosis that named a cause, mitigations that succeeded, a clean
 * monitoring window, status updates on cadence.
 */
final class WentWellSection implements DocumentSection {
  private final IncidentFacts facts;
  private final IncidentState s;
  private final DocumentFormat format;

  WentWellSection(IncidentFacts facts, DocumentFormat format) {
    this.facts = facts;
    this.s = facts.s();
    this.format = format;
  }

  @Override
  public void write(StringBuilder out) {
    out.append("## What Went Well\n");
    List<String> lines = new ArrayList<>();
    acknowledgement(lines);
    if (s.acknowledgedAt != null && s.escalationLevel == 0 && !s.escalationExhausted) {
      lines.add("The first on-call level acknowledged the page; no escalation was needed.");
    }
    Hypothesis top = facts.top();
    if (top != null && facts.diagnosis().completedAt() != null && s.detectedAt != null) {
      lines.add(
          "The automated diagnosis ranked \""
              + line(top.cause())
              + "\" first, "
              + duration(Duration.between(s.detectedAt, facts.diagnosis().completedAt()))
              + " after detection.");
    }
    for (MitigationAction action : facts.actions(ActionStatus.SUCCEEDED)) {
      lines.add(succeeded(action));
    }
    if (s.mitigatedAt != null && s.reopenCount == 0 && s.resolvedAt != null) {
      lines.add("No regression during the monitoring window.");
    }
    if (s.updatesPosted > 0) {
      lines.add(
          s.updatesPosted
              + (s.updatesPosted == 1 ? " internal status update" : " internal status updates")
              + " posted on the "
              + s.severity
              + " cadence.");
    }
    bullets(out, lines, "the tools and responses that helped.");
  }

  private void acknowledgement(List<String> lines) {
    Duration responseTime = facts.responseTime();
    if (s.acknowledgedAt == null || s.detectedAt == null) {
      return;
    }
    Duration took = Duration.between(s.detectedAt, s.acknowledgedAt);
    if (responseTime == null) {
      lines.add(
          "Acknowledged "
              + duration(took)
              + " after detection ("
              + s.severity
              + " has no fixed response time).");
    } else if (took.compareTo(responseTime) <= 0) {
      lines.add(
          "Acknowledged "
              + duration(took)
              + " after detection, within the "
              + s.severity
              + " response time of "
              + duration(responseTime)
              + ".");
    }
  }

  private String succeeded(MitigationAction action) {
    StringBuilder text = new StringBuilder("`").append(line(action.id())).append("` succeeded");
    if (action.finishedAt() != null) {
      text.append(" at ").append(format.clockOf(action.finishedAt()));
    }
    if (TimelineEntry.POLICY.equals(action.decidedBy())) {
      text.append(", run without waiting for approval as the policy allows");
    } else if (action.decidedAt() != null && action.finishedAt() != null) {
      text.append(", ")
          .append(duration(Duration.between(action.decidedAt(), action.finishedAt())))
          .append(" after its approval");
    }
    return text.append('.').toString();
  }
}
