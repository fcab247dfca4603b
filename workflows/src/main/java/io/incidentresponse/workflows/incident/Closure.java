package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.capabilities.Integration;
import io.incidentresponse.workflows.closure.ImpactAssessment;
import io.incidentresponse.workflows.closure.ImpactRequest;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.communication.IncidentUpdate;
import io.incidentresponse.workflows.communication.LeadershipNotice;
import io.incidentresponse.workflows.communication.PageRequest;
import io.incidentresponse.workflows.communication.StatusPageNotice;
import io.incidentresponse.workflows.incident.IncidentContext.Opening;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.postmortem.PostmortemInput;
import io.incidentresponse.workflows.postmortem.PostmortemWorkflow;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runbook's closure within 24 hours of resolution: the impact assessed (downtime to
 * restoration, error budget, users affected from the alerts, a query or a person, who is reminded
 * and, at the deadline, escalated to leadership), the closing notices, the postmortem child
 * workflow and the channel archived.
 */
final class Closure extends IncidentStep implements RunbookStep {
  /** {@link Workflow#getVersion} id of the change that assesses impact before closing. */
  static final String CLOSURE_IMPACT_CHANGE = "closure-impact";

  /** {@link Workflow#getVersion} id of the change that archives the channel at closure. */
  static final String ARCHIVE_CHANNEL_CHANGE = "archive-channel-at-close";

  /**
   * {@link Workflow#getVersion} id of closing what was still being opened when the incident closed
   * (asked only then): a page, status-page incident or channel that opens after the closure began
   * is resolved or archived once it exists, instead of staying open.
   */
  static final String LATE_OPENINGS_CHANGE = "late-openings-closed";

  static final String RECORD_IMPACT_JSON = IncidentSignals.RECORD_IMPACT.example();

  Closure(IncidentContext ctx) {
    super(ctx);
  }

  /** Impact recorded by a person while the closure waits for it. */
  @Override
  public boolean due() {
    return s.phase == Phase.RESOLVED && s.usersAffected != null;
  }

  /** The reminder at half the close deadline, then the deadline itself. */
  @Override
  public Optional<Instant> wakeAt() {
    if (s.phase != Phase.RESOLVED) {
      return Optional.empty();
    }
    return Optional.of(s.closureReminderSent ? s.closeDueAt : closureReminderAt());
  }

  /** RESOLVED: closes once the impact is assessed (or the close deadline passed). */
  @Override
  public void act() {
    if (s.phase == Phase.RESOLVED && readyToClose()) {
      close();
    }
  }

  /**
   * The runbook's closure within 24 h: downtime and users affected. Users affected come from the
   * alerts ({@code users_affected}), else the impact query; when both are silent and the severity
   * needs it, a person records them ({@code recordImpact}), reminded at half the close deadline; at
   * the deadline the incident closes anyway and leadership hears the assessment is missing.
   */
  boolean readyToClose() {
    // Incidents resolved before this change close at once, as they did.
    if (!ctx.follows(CLOSURE_IMPACT_CHANGE)) {
      return true;
    }
    if (!s.impactMeasured) {
      s.impactMeasured = true;
      measureImpact();
    }
    if (s.usersAffected != null
        || s.falsePositive
        || !policy.impactAssessmentBy().contains(s.severity)) {
      return true;
    }
    Instant now = now();
    if (!now.isBefore(s.closeDueAt)) {
      escalateMissingImpact();
      return true;
    }
    if (!s.closureWaitRecorded) {
      s.closureWaitRecorded = true;
      record(
          SYSTEM,
          "Closure waits for the impact assessment",
          "Users affected unknown: signal recordImpact with "
              + RECORD_IMPACT_JSON
              + " before "
              + time(s.closeDueAt));
    }
    if (!s.closureReminderSent && !now.isBefore(closureReminderAt())) {
      s.closureReminderSent = true;
      IncidentUpdate reminder = update(null);
      attempt(
          Integration.CHAT, "Impact assessment reminder", () -> ctx.chat().postUpdate(reminder));
      record(SYSTEM, "Reminded the responders of the impact assessment", "");
    }
    return false;
  }

  Instant closureReminderAt() {
    return s.resolvedAt.plus(policy.closeWithin().dividedBy(2));
  }

  /**
   * Detection to restoration: the outage, not the monitoring after it (resolution comes after the
   * clean window of twice the incident's duration).
   */
  Duration downtime() {
    return Duration.between(s.detectedAt, s.restoredAt != null ? s.restoredAt : s.resolvedAt);
  }

  void measureImpact() {
    Duration downtime = downtime();
    s.errorBudgetBurned = policy.profile(s.service).errorBudgetBurned(downtime);
    if (s.usersAffected == null) {
      Long fromAlerts = ctx.intake.usersAffectedFromAlerts();
      if (fromAlerts != null) {
        s.usersAffected = fromAlerts;
        s.usersAffectedSource = "alert label users_affected";
      }
    }
    if (s.usersAffected == null && !s.falsePositive) {
      Alert first = s.alerts.values().iterator().next();
      ImpactRequest request =
          new ImpactRequest(
              s.incidentId,
              s.service,
              s.namespace,
              first.labels(),
              s.detectedAt,
              s.detectedAt.plus(downtime()));
      ImpactAssessment measured =
          attemptGet(
              Integration.IMPACT_QUERY,
              "Impact assessment",
              () -> ctx.impact().assessImpact(request));
      if (measured != null && measured.usersAffected() != null) {
        s.usersAffected = measured.usersAffected();
        s.usersAffectedSource = measured.source();
      }
    }
    record(
        SYSTEM,
        "Impact assessed",
        "Downtime "
            + Texts.duration(downtime)
            + "; users affected "
            + (s.usersAffected == null
                ? "unknown"
                : s.usersAffected + " (" + s.usersAffectedSource + ")")
            + (s.errorBudgetBurned == null
                ? ""
                : String.format(
                    java.util.Locale.ROOT,
                    "; %.1f%% of the 30-day error budget",
                    s.errorBudgetBurned * 100)));
  }

  void escalateMissingImpact() {
    s.closureEscalated = true;
    record(
        SYSTEM,
        "No impact assessment within " + Texts.duration(policy.closeWithin()),
        s.tellsLeadership()
            ? "Closing without users affected; leadership told"
            : "Closing without users affected; leadership not told: a drill");
    LeadershipNotice notice =
        new LeadershipNotice(
            brief(),
            "Closed without an impact assessment: nobody recorded the users affected within "
                + Texts.duration(policy.closeWithin())
                + " of resolution",
            "closure-overdue");
    if (!s.tellsLeadership()) {
      return;
    }
    attempt(
        Integration.CHAT,
        "Leadership notice (impact assessment missing)",
        () -> ctx.chat().notifyLeadership(notice));
  }

  void close() {
    for (int i = 0; i < s.actions.size(); i++) {
      MitigationAction action = s.actions.get(i);
      if (action.status() == ActionStatus.AWAITING_APPROVAL
          || action.status() == ActionStatus.APPROVED) {
        s.actions.set(i, action.finished(ActionStatus.WITHDRAWN, "incident resolved", now()));
      }
    }
    s.downtime = downtime();
    boolean lateOpenings =
        ctx.hardened
            && (ctx.opening(Opening.PAGE)
                || ctx.opening(Opening.STATUS_PAGE)
                || ctx.opening(Opening.CHANNEL))
            && ctx.follows(LATE_OPENINGS_CHANGE);
    if (ctx.hardened) {
      sendClosureNoticesTogether(lateOpenings);
    } else {
      sendClosureNoticesInTurn();
    }
    if (!s.falsePositive) {
      startPostmortem();
    }
    if (lateOpenings) {
      Workflow.await(() -> !ctx.opening(Opening.CHANNEL));
    }
    // Added after the first histories were recorded: incidents that reached this point before
    // replay without the archive call (DEFAULT_VERSION), new ones archive.
    if (s.channel != null && (ctx.hardened || ctx.follows(ARCHIVE_CHANNEL_CHANGE))) {
      IncidentBrief brief = brief();
      Boolean archived =
          attemptGet(
              Integration.CHAT,
              "Archiving #" + s.channel.name(),
              () -> ctx.chat().archiveIncidentChannel(brief));
      if (archived != null) {
        record(
            SYSTEM,
            archived ? "#" + s.channel.name() + " archived" : "#" + s.channel.name() + " kept open",
            archived ? "" : "Archiving after closure is not configured");
      }
    }
    s.closedAt = now();
    setPhase(
        Phase.CLOSED,
        SYSTEM,
        "Incident closed",
        "Downtime "
            + Texts.duration(s.downtime)
            + (s.postmortemWorkflowId == null ? "" : "; postmortem " + s.postmortemWorkflowId));
  }

  /** Before {@link IncidentContext#HARDENED_LIFECYCLE_CHANGE}: one notice after the other. */
  void sendClosureNoticesInTurn() {
    IncidentUpdate finalUpdate = update(null);
    attempt(Integration.CHAT, "Final update", () -> ctx.chat().postUpdate(finalUpdate));
    if (s.statusPage != null) {
      StatusPageNotice notice = statusPageNotice(null);
      attempt(
          Integration.STATUS_PAGE,
          "Status page resolution",
          () -> ctx.statusPage().resolveStatusIncident(notice));
    }
    if (s.page != null) {
      PageRequest request =
          new PageRequest(brief(), s.page, s.escalationLevel, null, "Incident resolved");
      for (PageRequest each : perPagedPerson(request)) {
        attempt(Integration.PAGING, "Resolving the page", () -> ctx.paging().resolvePage(each));
      }
    }
    if (s.leadershipNotified) {
      LeadershipNotice notice =
          new LeadershipNotice(
              brief(),
              (s.falsePositive ? "False positive, closed" : "Resolved")
                  + " after "
                  + Texts.duration(s.downtime),
              "resolved");
      attempt(
          Integration.CHAT,
          "Leadership notice (resolved)",
          () -> ctx.chat().notifyLeadership(notice));
      ctx.communication.emailStakeholders(notice);
    }
  }

  /**
   * Closure's notices go out together: a slow one delays none of the others. With {@code
   * lateOpenings}, what is still being opened gets its closing notice once it exists: the final
   * update waits for the channel, the resolution for the page or status-page incident.
   */
  void sendClosureNoticesTogether(boolean lateOpenings) {
    List<Promise<Void>> notices = new ArrayList<>();
    if (lateOpenings && ctx.opening(Opening.CHANNEL)) {
      notices.add(
          inBackground(
              () -> {
                Workflow.await(() -> !ctx.opening(Opening.CHANNEL));
                IncidentUpdate finalUpdate = update(null);
                attempt(Integration.CHAT, "Final update", () -> ctx.chat().postUpdate(finalUpdate));
              }));
    } else {
      IncidentUpdate finalUpdate = update(null);
      notices.add(
          inBackground(
              () ->
                  attempt(
                      Integration.CHAT, "Final update", () -> ctx.chat().postUpdate(finalUpdate))));
    }
    if (s.statusPage != null) {
      StatusPageNotice notice = statusPageNotice(null);
      notices.add(
          inBackground(
              () ->
                  attempt(
                      Integration.STATUS_PAGE,
                      "Status page resolution",
                      () -> ctx.statusPage().resolveStatusIncident(notice))));
    } else if (lateOpenings && ctx.opening(Opening.STATUS_PAGE)) {
      notices.add(
          inBackground(
              () -> {
                Workflow.await(() -> !ctx.opening(Opening.STATUS_PAGE));
                if (s.statusPage != null) {
                  StatusPageNotice notice = statusPageNotice(null);
                  attempt(
                      Integration.STATUS_PAGE,
                      "Status page resolution",
                      () -> ctx.statusPage().resolveStatusIncident(notice));
                }
              }));
    }
    if (lateOpenings && ctx.opening(Opening.PAGE)) {
      notices.add(
          inBackground(
              () -> {
                Workflow.await(() -> !ctx.opening(Opening.PAGE));
                if (s.page != null) {
                  PageRequest request =
                      new PageRequest(
                          brief(), s.page, s.escalationLevel, null, "Incident resolved");
                  for (PageRequest each : perPagedPerson(request)) {
                    attempt(
                        Integration.PAGING,
                        "Resolving the page",
                        () -> ctx.paging().resolvePage(each));
                  }
                }
              }));
    } else if (s.page != null) {
      PageRequest request =
          new PageRequest(brief(), s.page, s.escalationLevel, null, "Incident resolved");
      for (PageRequest each : perPagedPerson(request)) {
        notices.add(
            inBackground(
                () ->
                    attempt(
                        Integration.PAGING,
                        "Resolving the page",
                        () -> ctx.paging().resolvePage(each))));
      }
    }
    if (s.leadershipNotified) {
      LeadershipNotice notice =
          new LeadershipNotice(
              brief(),
              s.falsePositive
                  ? "False positive, closed after " + Texts.duration(s.downtime)
                  : "Resolved: service restored "
                      + Texts.duration(s.downtime)
                      + " after detection; resolved after "
                      + Texts.duration(Duration.between(s.detectedAt, s.resolvedAt)),
              "resolved");
      notices.add(
          inBackground(
              () -> ctx.communication.tellLeadership("Leadership notice (resolved)", notice)));
    }
    Promise.allOf(notices).get();
  }

  void startPostmortem() {
    // The incident's workflow id is its grouping key and is reused by the next incident with the
    // same key once this one has closed; the detection minute keeps postmortem ids apart.
    String id = "postmortem-" + s.incidentId + "-" + Texts.minute(s.detectedAt, zone());
    PostmortemWorkflow postmortem =
        Workflow.newChildWorkflowStub(
            PostmortemWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                .build());
    Instant due = s.resolvedAt.plus(policy.postmortemReviewWithin());
    PostmortemInput input =
        new PostmortemInput(
            s,
            due,
            policy.postmortem(),
            List.of(),
            policy.responseTime(s.severity).orElse(null),
            policy.profile(s.service).availabilityTarget());
    Async.function(postmortem::run, input);
    try {
      // Wait until the child has started: it must exist before this workflow completes.
      Workflow.getWorkflowExecution(postmortem).get();
      s.postmortemWorkflowId = id;
      record(SYSTEM, "Postmortem started", "Review due " + time(due));
    } catch (ChildWorkflowFailure e) {
      record(SYSTEM, "Postmortem could not start", e.getMessage());
    }
  }

  void recordImpact(RecordImpactRequest request) {
    if (request == null) {
      ctx.notUnderstood(IncidentSignals.RECORD_IMPACT);
      return;
    }
    if (blank(request.by())) {
      ctx.ignored(IncidentSignals.RECORD_IMPACT, "by");
      return;
    }
    if (request.usersAffected() == null || request.usersAffected() < 0) {
      ctx.ignored(IncidentSignals.RECORD_IMPACT, "usersAffected");
      return;
    }
    if (s.phase == Phase.CLOSED) {
      record(request.by(), "Ignored recordImpact: the incident is closed", "");
      return;
    }
    s.usersAffected = request.usersAffected();
    s.usersAffectedSource = "recorded by " + personName(request.by());
    s.impactRecordedBy = personName(request.by());
    s.impactNote = Texts.truncated(request.note(), IncidentContext.MAX_ACTION_TAKEN);
    record(
        request.by(),
        "Recorded " + request.usersAffected() + " users affected",
        request.note() == null ? "" : request.note());
  }
}
