package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import java.time.ZoneId;

/**
 * The workflow's current details, shown at the top of its page in the Temporal UI: where the
 * incident stands, what it waits for, and the exact signal and JSON to send next. The UI renders
 * them as Markdown, so everything that came from alerts or people is escaped ({@link
 * Texts#markdown}), and they say only what happened: "paged" when a page exists.
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
        .append(Texts.markdown(s.service))
        .append(" (")
        .append(Texts.markdown(s.namespace))
        .append(") · impact ")
        .append(s.impact)
        .append('\n')
        .append(Texts.markdown(s.title))
        .append('\n');
    if (s.acknowledged()) {
      out.append("Acknowledged by ").append(Texts.markdown(s.acknowledgedBy));
    } else if (s.escalationExhausted) {
      out.append("UNACKNOWLEDGED after every escalation level; leadership told");
    } else if (!s.phase.isOver()) {
      out.append("Unacknowledged: ").append(paging(s, policy)).append(", ");
      out.append(s.pageRequested || s.page != null ? "escalates at " : "pages at ")
          .append(Texts.time(s.acknowledgementDueAt, zone));
    }
    if (s.commander() != null) {
      out.append(" · commander ").append(Texts.markdown(s.commander()));
    }
    out.append('\n');
    if (s.channel != null) {
      out.append("Channel #").append(Texts.markdown(s.channel.name())).append('\n');
    } else if (s.channelProblem != null) {
      out.append("No incident channel: ").append(Texts.markdown(s.channelProblem)).append('\n');
    } else if (s.channelRequested) {
      out.append("Incident channel: opening (Slack)\n");
    }
    if (s.lastSignalNotUnderstood != null && !s.phase.isOver()) {
      out.append("Last signal NOT understood: ")
          .append(Texts.markdown(s.lastSignalNotUnderstood))
          .append('\n');
    }
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
          .append(Texts.markdown(s.diagnosis.hypotheses().get(0).describe()))
          .append('\n');
    }
    // A blank line before the list: Markdown renders "- ..." right after a line as one paragraph.
    out.append("\nWaiting for:\n\n");
    if (!s.acknowledged()) {
      out.append("- acknowledgement: ").append(send(IncidentSignals.ACKNOWLEDGE)).append('\n');
    }
    for (MitigationAction action : s.pendingApprovals()) {
      out.append("- approval of ")
          .append(action.id())
          .append(" (")
          .append(Texts.markdown(action.proposal().describe()))
          .append(", ")
          .append(action.risk())
          .append(" risk): ")
          .append(send(IncidentSignals.APPROVE, IncidentMessages.approveJson(action.id())))
          .append(" or ")
          .append(send(IncidentSignals.REJECT, IncidentMessages.rejectJson(action.id())))
          .append('\n');
    }
    switch (s.phase) {
      case TRIGGERED ->
          out.append("- the initial response: page, incident channel, alerts-channel post\n");
      case INVESTIGATING -> out.append("- the diagnosis probes\n");
      case MITIGATING ->
          out.append("- mitigation: when it takes effect, ")
              .append(send(IncidentSignals.MARK_MITIGATED))
              .append('\n');
      case RESOLVED -> {
        if (s.closureWaitRecorded && s.usersAffected == null) {
          out.append("- the impact assessment before ")
              .append(Texts.time(s.closeDueAt, zone))
              .append(": ")
              .append(send(IncidentSignals.RECORD_IMPACT))
              .append('\n');
        }
      }
      case MONITORING -> {
        if (s.unverifiedNoticeSent) {
          out.append("- a person: recovery cannot be verified (")
              .append(Texts.markdown(s.verificationProblem))
              .append("); if service is healthy, resolve by hand (below); checking again at ")
              .append(Texts.time(s.nextVerificationAt, zone))
              .append('\n');
        } else {
          out.append("- a clean monitoring window until ")
              .append(Texts.time(s.monitoringEndsAt, zone))
              .append("; if it regresses, ")
              .append(send(IncidentSignals.REOPEN))
              .append('\n');
        }
      }
      default -> {}
    }
    if (!s.phase.isOver()) {
      out.append("- or resolve by hand: ").append(send(IncidentSignals.RESOLVE)).append('\n');
    }
    return out.toString();
  }

  /** {@code signal `acknowledge` with `{...}`}: what to send, with its example JSON. */
  private static String send(IncidentSignals signal) {
    return send(signal, signal.example());
  }

  private static String send(IncidentSignals signal, String json) {
    return "signal `" + signal.signalName() + "` with `" + json + "`";
  }

  /** Who was paged, only if a page exists; else why nobody was. */
  private static String paging(IncidentState s, ResponsePolicy policy) {
    String level =
        "level "
            + s.escalationLevel
            + " ("
            + policy.escalationLevels().get(s.escalationLevel)
            + ")";
    if (s.page != null) {
      return level + " paged" + lastPaged(s);
    }
    if (s.pagingProblem != null) {
      return "NOBODY PAGED (" + Texts.markdown(s.pagingProblem) + ")";
    }
    if (s.pageRequested) {
      return "paging " + level;
    }
    return "not paged yet (" + s.severity + " is paged when its response time passes)";
  }

  /** {@code : Paged Alice Smith (primary-oncall; rotation payments) by Slack DM}, or nothing. */
  private static String lastPaged(IncidentState s) {
    if (s.pages == null || s.pages.isEmpty()) {
      return "";
    }
    PageSent last = s.pages.get(s.pages.size() - 1);
    return " (" + Texts.markdown(last.describe()) + ", " + s.pages.size() + " pages in all)";
  }
}
