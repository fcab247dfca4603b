package io.incidentresponse.activities.postmortem;

import static io.incidentresponse.activities.postmortem.DocumentFormat.bullets;
import static io.incidentresponse.activities.postmortem.DocumentFormat.duration;
import static io.incidentresponse.activities.postmortem.DocumentFormat.findings;
import static io.incidentresponse.activities.postmortem.DocumentFormat.line;

import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What Went Poorly, from the record: a page never acknowledged or acknowledged beyond the
 * severity's response time, escalation, a diagnosis that did not run or could not look everywhere,
 * failed mitigations, regressions during monitoring. Facts about systems, never about people.
 */
final class WentPoorlySection implements DocumentSection {
  private final IncidentFacts facts;
  private final IncidentState s;

  WentPoorlySection(IncidentFacts facts) {
    this.facts = facts;
    this.s = facts.s();
  }

  @Override
  public void write(StringBuilder out) {
    out.append("## What Went Poorly\n");
    List<String> lines = new ArrayList<>();
    acknowledgement(lines);
    if (s.escalationExhausted) {
      lines.add(
          "Every escalation level was paged without an acknowledgement; leadership was told"
              + " the incident had no owner.");
    } else if (s.escalationLevel > 0) {
      lines.add(
          "The page escalated "
              + s.escalationLevel
              + (s.escalationLevel == 1 ? " level" : " levels")
              + " before it was acknowledged.");
    }
    if (facts.diagnosis() == null) {
      lines.add("No automated diagnosis ran.");
    } else if (!facts.unavailable().isEmpty()) {
      lines.add("The diagnosis could not look everywhere: " + findings(facts.unavailable()) + ".");
    }
    for (MitigationAction action : facts.actions(ActionStatus.FAILED)) {
      lines.add(
          "`"
              + line(action.id())
              + "` failed"
              + (action.outcome() == null ? "" : ": " + line(action.outcome()))
              + ".");
    }
    if (s.reopenCount > 0) {
      lines.add(
          "The incident regressed during monitoring "
              + (s.reopenCount == 1 ? "once" : s.reopenCount + " times")
              + " and mitigation was reopened.");
    }
    bullets(out, lines, "areas for improvement, and the responses or tools that did not help.");
  }

  private void acknowledgement(List<String> lines) {
    Duration responseTime = facts.responseTime();
    if (s.acknowledgedAt == null) {
      lines.add(
          "The page was never acknowledged: paging or on-call coverage did not work as"
              + " intended.");
    } else if (s.detectedAt != null && responseTime != null) {
      Duration took = Duration.between(s.detectedAt, s.acknowledgedAt);
      if (took.compareTo(responseTime) > 0) {
        lines.add(
            "The page was acknowledged "
                + duration(took)
                + " after detection, beyond the "
                + s.severity
                + " response time of "
                + duration(responseTime)
                + ".");
      }
    }
  }
}
