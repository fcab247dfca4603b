package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.model.MitigationAction;
import io.incidentresponse.workflows.model.Phase;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import java.time.ZoneId;

/**
 * The workflow's current details, shown at the top of its page in the Temporal UI: where the
 * incident stands, what it waits for, and the exact signal and JSON to send next.
 */
final class IncidentDetails {
  private IncidentDetails() {}

  static String render(IncidentState s, ResponsePolicy policy, ZoneId zone) {
    StringBuilder out = new StringBuilder();
    out.append("**")
        .append(s.severity)
        .append(" · ")
        .append(s.phase)
        .append("** · ")
        .append(s.service)
        .append(" (")
        .append(s.namespace)
        .append(") · impact ")
        .append(s.impact)
        .append('\n')
        .append(s.title)
        .append('\n');
    if (s.acknowledged()) {
      out.append("Acknowledged by ").append(s.acknowledgedBy);
    } else if (s.escalationExhausted) {
      out.append("UNACKNOWLEDGED after every escalation level; leadership told");
    } else if (!s.phase.isOver()) {
      out.append("Unacknowledged: level ")
          .append(s.escalationLevel)
          .append(" (")
          .append(policy.escalationLevels().get(s.escalationLevel))
          .append(") paged, escalates at ")
          .append(Texts.time(s.acknowledgementDueAt, zone));
    }
    if (s.commander() != null) {
      out.append(" · commander ").append(s.commander());
    }
    out.append('\n');
    if (s.phase == Phase.CLOSED) {
      out.append("Closed")
          .append(s.falsePositive ? " as a false positive" : "")
          .append(". Postmortem: ")
          .append(s.postmortemWorkflowId == null ? "none" : s.postmortemWorkflowId)
          .append('\n');
      return out.toString();
    }
    if (s.diagnosis != null && !s.diagnosis.hypotheses().isEmpty()) {
      out.append("Most likely cause: ")
          .append(s.diagnosis.hypotheses().get(0).describe())
          .append('\n');
    }
    // A blank line before the list: Markdown renders "- ..." right after a line as one paragraph.
    out.append("\nWaiting for:\n\n");
    if (!s.acknowledged()) {
      out.append("- acknowledgement: signal `acknowledge` with `{\"by\":\"YOUR_NAME\"}`\n");
    }
    for (MitigationAction action : s.pendingApprovals()) {
      out.append("- approval of ")
          .append(action.id())
          .append(" (")
          .append(action.proposal().describe())
          .append(", ")
          .append(action.risk())
          .append(" risk): signal `approve` with `")
          .append(IncidentWorkflowImpl.approveJson(action.id()))
          .append("` or `reject` with `")
          .append(IncidentWorkflowImpl.rejectJson(action.id()))
          .append("`\n");
    }
    switch (s.phase) {
      case TRIGGERED ->
          out.append("- the initial response: page, incident channel, alerts-channel post\n");
      case INVESTIGATING -> out.append("- the diagnosis probes\n");
      case MITIGATING ->
          out.append(
              "- mitigation: when it takes effect, signal `markMitigated` with"
                  + " `{\"by\":\"YOUR_NAME\",\"note\":\"what was done\"}`\n");
      case RESOLVED -> {
        if (s.closureWaitRecorded && s.usersAffected == null) {
          out.append("- the impact assessment before ")
              .append(Texts.time(s.closeDueAt, zone))
              .append(": signal `recordImpact` with `")
              .append(IncidentWorkflowImpl.RECORD_IMPACT_JSON)
              .append("`\n");
        }
      }
      case MONITORING ->
          out.append("- a clean monitoring window until ")
              .append(Texts.time(s.monitoringEndsAt, zone))
              .append("; if it regresses, signal `reopen` with")
              .append(" `{\"by\":\"YOUR_NAME\",\"reason\":\"what regressed\"}`\n");
      default -> {}
    }
    if (!s.phase.isOver()) {
      out.append(
          "- or resolve by hand: signal `resolve` with"
              + " `{\"by\":\"YOUR_NAME\",\"note\":\"why\",\"falsePositive\":false}`\n");
    }
    return out.toString();
  }
}
