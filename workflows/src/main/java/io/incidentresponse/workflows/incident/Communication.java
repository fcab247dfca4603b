package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.capabilities.Integration;
import io.incidentresponse.workflows.communication.ApprovalRequestMessage;
import io.incidentresponse.workflows.communication.ChannelRef;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.communication.IncidentUpdate;
import io.incidentresponse.workflows.communication.LeadershipNotice;
import io.incidentresponse.workflows.communication.PageRef;
import io.incidentresponse.workflows.communication.PageRequest;
import io.incidentresponse.workflows.communication.StatusPageNotice;
import io.incidentresponse.workflows.incident.IncidentContext.Opening;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;

/**
 * The runbook's communication: the initial response (incident channel, the alerts-channel post,
 * leadership for P0/P1, the status page for user-facing impact), the page's acknowledgement,
 * approval requests in the channel, internal updates on the severity's cadence, roles and notes.
 * Under the hardened lifecycle every call runs beside the loop and is started at most once.
 */
final class Communication extends IncidentStep implements RunbookStep {
  /** {@link Workflow#getVersion} id of the change that e-mails stakeholders. */
  static final String STAKEHOLDER_EMAIL_CHANGE = "stakeholder-email";

  Communication(IncidentContext ctx) {
    super(ctx);
  }

  void initialResponse() {
    s.initialResponseStarted = true;
    PageRef existing = ctx.intake.pageFromAlerts();
    String firstLevel = policy.escalationLevels().get(0);
    PageRequest pageRequest =
        new PageRequest(brief(), existing, 0, firstLevel, "Incident " + s.incidentId);
    s.pageRequested = true;
    s.page =
        attemptGet(
            Integration.PAGING, "Paging " + firstLevel, () -> ctx.paging().openPage(pageRequest));
    if (s.page != null) {
      record(SYSTEM, "Paged " + firstLevel, "Page " + s.page.id());
    } else {
      s.pagingProblem = ctx.lastFailure;
    }
    s.channelRequested = true;
    s.channel =
        attemptGet(
            Integration.CHAT,
            "Opening #" + IncidentMessages.channelName(s, policy),
            () -> ctx.chat().openIncidentChannel(brief()));
    if (s.channel != null) {
      record(SYSTEM, "Incident channel #" + s.channel.name() + " opened", "");
    } else {
      s.channelProblem = ctx.lastFailure;
    }
    s.initialStatusRequested = true;
    IncidentBrief brief = brief();
    if (attempt(
        Integration.CHAT,
        "Initial status in the alerts channel",
        () -> ctx.chat().postInitialStatus(brief))) {
      record(SYSTEM, "Initial status posted in the alerts channel", "");
    }
  }

  /**
   * TRIGGERED: the initial response (in line before the hardened lifecycle; beside the loop,
   * started with the run, since), then investigating; and every notice that is due.
   */
  @Override
  public void act() {
    if (s.phase == Phase.TRIGGERED) {
      open();
    }
    communicate();
  }

  private void open() {
    if (ctx.hardened) {
      // The initial response started with the run (see there); the diagnosis starts now.
      setPhase(
          Phase.INVESTIGATING,
          SYSTEM,
          "Investigation started",
          "Diagnosis probes running; paging and the incident channel in parallel");
    } else {
      initialResponse();
      setPhase(Phase.INVESTIGATING, SYSTEM, "Investigation started", "Diagnosis probes running");
    }
    s.diagnosisPending = true;
  }

  /** Leadership for P0/P1, status page for user-facing impact, page acknowledgement. */
  @Override
  public boolean due() {
    if (ctx.hardened) {
      return ctx.escalation.pageDue()
          || ctx.escalation.securityLeadDue()
          || !s.channelRequested
          || !s.initialStatusRequested
          || leadershipDue()
          || (!s.statusPageRequested && needsStatusPage())
          || (s.acknowledged() && s.page != null && !s.pageAcknowledged)
          || (!s.approvalNoticesDue.isEmpty() && channelSettled());
    }
    return leadershipDue()
        || (!s.statusPageRequested && needsStatusPage())
        || (s.acknowledged() && s.page != null && !s.pageAcknowledged)
        || !s.approvalNoticesDue.isEmpty();
  }

  void communicate() {
    if (ctx.hardened) {
      communicateInBackground();
      return;
    }
    if (leadershipDue()) {
      s.leadershipNotified = true;
      LeadershipNotice notice =
          new LeadershipNotice(
              brief(), s.severity + " incident: " + s.classificationReason, "opened");
      if (attempt(
          Integration.CHAT, "Leadership notice", () -> ctx.chat().notifyLeadership(notice))) {
        record(SYSTEM, "Leadership notified of a " + s.severity + " incident", "");
      }
      emailStakeholders(notice);
    }
    if (!s.statusPageRequested && needsStatusPage()) {
      s.statusPageRequested = true;
      StatusPageNotice notice = statusPageNotice(s.nextUpdateAt);
      s.statusPage =
          attemptGet(
              Integration.STATUS_PAGE,
              "Status page",
              () -> ctx.statusPage().openStatusIncident(notice));
      if (s.statusPage != null) {
        record(SYSTEM, "Status page incident opened", notice.message());
      }
    }
    if (s.acknowledged() && s.page != null && !s.pageAcknowledged) {
      s.pageAcknowledged = true;
      PageRequest request =
          new PageRequest(
              brief(), s.page, s.escalationLevel, s.acknowledgedBy, "Acknowledged in Temporal");
      for (PageRequest each : perPagedPerson(request)) {
        attempt(
            Integration.PAGING, "Acknowledging the page", () -> ctx.paging().acknowledgePage(each));
      }
    }
    while (!s.approvalNoticesDue.isEmpty()) {
      String id = s.approvalNoticesDue.remove(0);
      MitigationAction action = ctx.find(id);
      if (action == null || action.status() != ActionStatus.AWAITING_APPROVAL) {
        continue;
      }
      ApprovalRequestMessage message =
          new ApprovalRequestMessage(
              brief(),
              action,
              IncidentSignals.APPROVE.signalName(),
              IncidentMessages.approveJson(id),
              IncidentMessages.rejectJson(id));
      attempt(
          Integration.CHAT,
          "Approval request for " + id,
          () -> ctx.chat().requestApproval(message));
    }
  }

  /**
   * Starts what is due beside the loop, each call at most once (its flag is set before it starts):
   * the page first, then the incident channel, the alerts-channel post, leadership, the status
   * page, the page's acknowledgement, and approval requests once the channel is there (or failed).
   */
  void communicateInBackground() {
    ctx.escalation.pageIfDue();
    ctx.escalation.pageSecurityLeadIfDue();
    if (!s.channelRequested) {
      s.channelRequested = true;
      IncidentBrief brief = brief();
      ctx.openingInBackground(Opening.CHANNEL, () -> openChannel(brief));
    }
    if (!s.initialStatusRequested) {
      s.initialStatusRequested = true;
      IncidentBrief brief = brief();
      inBackground(
          () -> {
            if (attempt(
                Integration.CHAT,
                "Initial status in the alerts channel",
                () -> ctx.chat().postInitialStatus(brief))) {
              record(SYSTEM, "Initial status posted in the alerts channel", "");
            }
          });
    }
    if (leadershipDue()) {
      s.leadershipNotified = true;
      LeadershipNotice notice =
          new LeadershipNotice(
              brief(), s.severity + " incident: " + s.classificationReason, "opened");
      inBackground(() -> tellLeadership("Leadership notice", notice));
    }
    if (!s.statusPageRequested && needsStatusPage()) {
      s.statusPageRequested = true;
      StatusPageNotice notice = statusPageNotice(s.nextUpdateAt);
      ctx.openingInBackground(
          Opening.STATUS_PAGE,
          () -> {
            s.statusPage =
                attemptGet(
                    Integration.STATUS_PAGE,
                    "Status page",
                    () -> ctx.statusPage().openStatusIncident(notice));
            if (s.statusPage != null) {
              record(SYSTEM, "Status page incident opened", notice.message());
            }
          });
    }
    if (s.acknowledged() && s.page != null && !s.pageAcknowledged) {
      s.pageAcknowledged = true;
      PageRequest request =
          new PageRequest(
              brief(), s.page, s.escalationLevel, s.acknowledgedBy, "Acknowledged in Temporal");
      for (PageRequest each : perPagedPerson(request)) {
        inBackground(
            () ->
                attempt(
                    Integration.PAGING,
                    "Acknowledging the page",
                    () -> ctx.paging().acknowledgePage(each)));
      }
    }
    while (channelSettled() && !s.approvalNoticesDue.isEmpty()) {
      MitigationAction action = ctx.find(s.approvalNoticesDue.remove(0));
      if (action != null && action.status() == ActionStatus.AWAITING_APPROVAL) {
        ApprovalRequestMessage message =
            new ApprovalRequestMessage(
                brief(),
                action,
                IncidentSignals.APPROVE.signalName(),
                IncidentMessages.approveJson(action.id()),
                IncidentMessages.rejectJson(action.id()));
        inBackground(
            () ->
                attempt(
                    Integration.CHAT,
                    "Approval request for " + action.id(),
                    () -> ctx.chat().requestApproval(message)));
      }
    }
  }

  /** The incident channel exists, or opening it failed: messages for it can go (or fail). */
  boolean channelSettled() {
    return s.channel != null || s.channelProblem != null;
  }

  void openChannel(IncidentBrief brief) {
    ChannelRef channel =
        attemptGet(
            Integration.CHAT,
            "Opening #" + brief.channelName(),
            () -> ctx.channels().openIncidentChannel(brief));
    if (channel != null) {
      s.channel = channel;
      s.channelProblem = null;
      record(SYSTEM, "Incident channel #" + channel.name() + " opened", "");
    } else {
      s.channelProblem = ctx.lastFailure;
    }
    publish();
  }

  /** Leadership in chat, and stakeholders by e-mail. */
  void tellLeadership(String what, LeadershipNotice notice) {
    if (attempt(Integration.CHAT, what, () -> ctx.chat().notifyLeadership(notice))
        && notice.kind().equals("opened")) {
      record(SYSTEM, "Leadership notified of a " + s.severity + " incident", "");
    }
    if (s.security) {
      record(SYSTEM, "Stakeholders not e-mailed (" + notice.kind() + ")", "A security incident");
      return;
    }
    if (attempt(
        Integration.STAKEHOLDER_EMAIL,
        "Stakeholder e-mail",
        () -> ctx.stakeholders().emailStakeholders(notice))) {
      record(SYSTEM, "Stakeholders e-mailed (" + notice.kind() + ")", "");
    }
  }

  /** P0/P1 opening and resolution by e-mail; added after the first histories were recorded. */
  void emailStakeholders(LeadershipNotice notice) {
    if (ctx.follows(STAKEHOLDER_EMAIL_CHANGE)
        && attempt(
            Integration.STAKEHOLDER_EMAIL,
            "Stakeholder e-mail",
            () -> ctx.stakeholders().emailStakeholders(notice))) {
      record(SYSTEM, "Stakeholders e-mailed (" + notice.kind() + ")", "");
    }
  }

  /**
   * P0/P1 tell leadership once; a drill's incident only when the drill asks (leadershipNotified
   * stays false, so the resolution notice is skipped too).
   */
  private boolean leadershipDue() {
    return s.severity.notifiesLeadership() && !s.leadershipNotified && s.tellsLeadership();
  }

  /** User-facing impact opens a status page; a drill's incident never does. */
  boolean needsStatusPage() {
    if (s.drill() || (s.security && policy.securityStatusPage().isEmpty())) {
      return false;
    }
    boolean userFacing = policy.profile(s.service).userFacing();
    for (Alert alert : s.alerts.values()) {
      String label = alert.label("user_facing");
      if (label != null) {
        userFacing = Boolean.parseBoolean(label.trim());
        break;
      }
    }
    return userFacing && s.impact.isAtLeast(policy.statusPageMinImpact());
  }

  /** Internal updates on the severity's cadence until the incident is resolved. */
  void keepUpdateCadence() {
    while (!s.phase.isOver()) {
      int seen = ctx.timersVersion;
      if (s.nextUpdateAt == null) {
        Workflow.await(() -> s.phase.isOver() || ctx.timersVersion != seen);
        continue;
      }
      Duration wait = until(s.nextUpdateAt);
      if (!wait.isZero()
          && Workflow.await(wait, () -> s.phase.isOver() || ctx.timersVersion != seen)) {
        continue;
      }
      if (ctx.timersVersion == seen && !s.phase.isOver()) {
        postUpdate();
      }
    }
  }

  void postUpdate() {
    Instant now = now();
    s.nextUpdateAt = policy.cadence(s.severity).map(now::plus).orElse(null);
    s.updatesPosted++;
    IncidentUpdate update = update(s.nextUpdateAt);
    if (attempt(
        Integration.CHAT,
        "Internal update #" + update.sequence(),
        () -> ctx.chat().postUpdate(update))) {
      record(
          SYSTEM,
          "Internal update #" + update.sequence() + " posted (" + update.status() + ")",
          "Next update " + time(s.nextUpdateAt));
    }
    if (s.statusPage != null) {
      StatusPageNotice notice = statusPageNotice(s.nextUpdateAt);
      attempt(
          Integration.STATUS_PAGE,
          "Status page update",
          () -> ctx.statusPage().updateStatusIncident(notice));
    }
  }

  void assignRole(AssignRoleRequest request) {
    if (request == null) {
      ctx.notUnderstood(IncidentSignals.ASSIGN_ROLE);
      return;
    }
    if (request.role() == null) {
      ctx.ignored(IncidentSignals.ASSIGN_ROLE, "role");
      return;
    }
    if (blank(request.person())) {
      ctx.ignored(IncidentSignals.ASSIGN_ROLE, "person");
      return;
    }
    String previous = s.roles.put(request.role(), personName(request.person()));
    record(
        blank(request.by()) ? request.person() : request.by(),
        personName(request.person()) + " is " + request.role(),
        previous == null ? "" : "Replaces " + previous);
    publish();
  }

  void addNote(NoteRequest request) {
    if (request == null) {
      ctx.notUnderstood(IncidentSignals.ADD_NOTE);
      return;
    }
    if (blank(request.text())) {
      ctx.ignored(IncidentSignals.ADD_NOTE, "text");
      return;
    }
    record(blank(request.by()) ? "unknown" : request.by(), "Note: " + request.text(), "");
  }
}
