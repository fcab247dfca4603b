package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.communication.IncidentUpdate;
import io.incidentresponse.workflows.communication.StatusPageNotice;
import io.incidentresponse.workflows.diagnosis.ImpactFigures;
import io.incidentresponse.workflows.drill.DrillMark;
import io.incidentresponse.workflows.metrics.IncidentSummary;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the incident says to people, as pure functions of its state: the brief every activity gets,
 * the internal update and the status-page notice of the runbook's templates, the history store's
 * summary, the channel name and the approval JSON. Deterministic, so usable in workflow code.
 */
final class IncidentMessages {
  private IncidentMessages() {}

  static IncidentBrief brief(IncidentState s, ResponsePolicy policy) {
    return new IncidentBrief(
        s.incidentId,
        DrillMark.title(s.title, s.drill()),
        s.service,
        s.namespace,
        s.severity,
        s.impact,
        s.phase,
        s.channel != null ? s.channel.name() : channelName(s, policy),
        s.channel != null ? s.channel.id() : null,
        s.commander(),
        s.detectedAt,
        s.security);
  }

  static IncidentUpdate update(IncidentState s, ResponsePolicy policy, Instant nextUpdateAt) {
    List<String> taken = new ArrayList<>();
    if (s.acknowledged()) {
      taken.add("Acknowledged by " + s.acknowledgedBy + " at " + time(policy, s.acknowledgedAt));
    }
    if (s.diagnosis != null) {
      taken.add("Diagnosis round " + s.diagnosis.round() + ": " + s.diagnosis.summary());
    }
    for (MitigationAction action : s.actions) {
      if (action.status() == ActionStatus.RUNNING
          || action.status() == ActionStatus.SUCCEEDED
          || action.status() == ActionStatus.FAILED) {
        taken.add(
            action.id()
                + " "
                + action.proposal().describe()
                + ": "
                + action.status()
                + (action.outcome() == null ? "" : " (" + action.outcome() + ")"));
      }
    }
    List<String> next = new ArrayList<>();
    if (!s.phase.isOver() && s.diagnosis != null && !s.diagnosis.hypotheses().isEmpty()) {
      next.add("Most likely cause: " + s.diagnosis.hypotheses().get(0).describe());
    }
    for (MitigationAction action : s.pendingApprovals()) {
      next.add(
          "Approve or reject "
              + action.id()
              + ": "
              + action.proposal().describe()
              + " ("
              + action.risk()
              + " risk)");
    }
    String eta;
    switch (s.phase) {
      case TRIGGERED, INVESTIGATING -> {
        next.add("Finish the diagnosis");
        eta = "Unknown yet";
      }
      case MITIGATING -> {
        next.add("Mitigate; send markMitigated when it takes effect");
        eta = "Unknown yet";
      }
      case MONITORING -> {
        if (s.unverifiedNoticeSent) {
          next.add(
              "Recovery cannot be verified ("
                  + s.verificationProblem
                  + "): if service is healthy, signal resolve with "
                  + IncidentSignals.RESOLVE.example());
          eta = "When a person resolves it, or verification passes";
        } else {
          next.add("Monitor recovery until " + time(policy, s.monitoringEndsAt));
          eta = "Resolution at " + time(policy, s.monitoringEndsAt) + " if recovery holds";
        }
      }
      default -> {
        if (s.closureWaitRecorded && s.usersAffected == null && s.phase == Phase.RESOLVED) {
          next.add(
              "Record the users affected before "
                  + time(policy, s.closeDueAt)
                  + ": signal recordImpact with "
                  + IncidentSignals.RECORD_IMPACT.example());
        }
        next.add("Postmortem review within " + Texts.duration(policy.postmortemReviewWithin()));
        eta = "Resolved at " + time(policy, s.resolvedAt);
      }
    }
    return new IncidentUpdate(
        brief(s, policy),
        s.phase.updateStatus(),
        impactLine(s),
        taken,
        next,
        eta,
        nextUpdateAt,
        s.updatesPosted);
  }

  /** The impact and, once a diagnosis measured it, the Prometheus figures behind it. */
  static String impactLine(IncidentState s) {
    String figures = ImpactFigures.of(s.diagnosis);
    return s.impact
        + ": "
        + DrillMark.title(s.title, s.drill())
        + " ("
        + s.service
        + ")"
        + (figures == null ? "" : "; " + figures);
  }

  static StatusPageNotice statusPageNotice(
      IncidentState s, ResponsePolicy policy, Instant nextUpdateAt) {
    String component = policy.profile(s.service).statusPageComponent();
    String userImpact = s.impact.userImpact();
    String message =
        s.phase.isOver()
            ? "This incident has been resolved. Thank you for your patience."
            : "We are currently investigating reports of "
                + s.title
                + ". Users may experience "
                + userImpact
                + ". We are working to resolve this as quickly as possible. Next update: "
                + time(policy, nextUpdateAt);
    IncidentBrief brief = brief(s, policy);
    if (s.security) {
      // Only the policy's words reach the public page: not the title, the service's name, who
      // leads the response, nor the channel.
      String generic = policy.securityStatusPage().orElse("");
      message = s.phase.isOver() ? message : generic;
      brief =
          new IncidentBrief(
              s.incidentId,
              generic,
              null,
              null,
              s.severity,
              s.impact,
              s.phase,
              null,
              null,
              null,
              s.detectedAt,
              true);
    }
    return new StatusPageNotice(brief, s.statusPage, component, userImpact, message, nextUpdateAt);
  }

  static IncidentSummary summary(IncidentState s, ResponsePolicy policy, Instant now) {
    List<String> actions = new ArrayList<>();
    for (MitigationAction action : s.actions) {
      actions.add(action.id() + " " + action.proposal().describe() + ": " + action.status());
    }
    Alert first = s.alerts.isEmpty() ? null : s.alerts.values().iterator().next();
    String type =
        first == null || first.labels() == null
            ? "declared"
            : first.labels().getOrDefault("alertname", "declared");
    return new IncidentSummary(
        s.incidentId,
        s.title,
        s.service,
        s.namespace,
        s.severity,
        s.impact,
        type,
        s.phase,
        s.firstAlertAt,
        s.detectedAt,
        s.acknowledgedAt,
        // P3 has no fixed response time: its due time is the next business day's start.
        Duration.between(s.detectedAt, policy.acknowledgementDue(s.severity, s.detectedAt)),
        s.mitigatedAt,
        s.restoredAt,
        s.resolvedAt,
        s.closedAt,
        s.falsePositive,
        s.alerts.size() + s.alertsNotKept,
        s.actionsRun,
        actions,
        s.reopenCount,
        s.usersAffected,
        s.postmortemWorkflowId,
        now,
        s.drill());
  }

  static String channelName(IncidentState s, ResponsePolicy policy) {
    return Texts.channelName(
        s.detectedAt, policy.calendar().zoneId(), s.service, s.incidentId, s.drill());
  }

  /** The {@code approve} signal's JSON for action {@code id}, for a person to complete. */
  static String approveJson(String id) {
    return "{\"actionId\":" + Texts.json(id) + ",\"approver\":\"YOUR_NAME\"}";
  }

  /** The {@code reject} signal's JSON for action {@code id}, for a person to complete. */
  static String rejectJson(String id) {
    return "{\"actionId\":" + Texts.json(id) + ",\"approver\":\"YOUR_NAME\",\"reason\":\"why\"}";
  }

  private static String time(ResponsePolicy policy, Instant at) {
    return Texts.time(at, policy.calendar().zoneId());
  }
}
