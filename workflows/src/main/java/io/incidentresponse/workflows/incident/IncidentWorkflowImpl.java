package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertBatch;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.closure.ImpactActivities;
import io.incidentresponse.workflows.closure.ImpactAssessment;
import io.incidentresponse.workflows.closure.ImpactRequest;
import io.incidentresponse.workflows.communication.ApprovalRequestMessage;
import io.incidentresponse.workflows.communication.ChannelRef;
import io.incidentresponse.workflows.communication.ChatActivities;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.communication.IncidentUpdate;
import io.incidentresponse.workflows.communication.LeadershipNotice;
import io.incidentresponse.workflows.communication.PageRef;
import io.incidentresponse.workflows.communication.PageRequest;
import io.incidentresponse.workflows.communication.PageUrgency;
import io.incidentresponse.workflows.communication.PagingActivities;
import io.incidentresponse.workflows.communication.StakeholderActivities;
import io.incidentresponse.workflows.communication.StatusPageActivities;
import io.incidentresponse.workflows.communication.StatusPageNotice;
import io.incidentresponse.workflows.diagnosis.DiagnosisActivities;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisReport;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.Hypotheses;
import io.incidentresponse.workflows.diagnosis.Hypothesis;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.failures.Failures;
import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.incidentresponse.workflows.metrics.IncidentSummary;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.mitigation.MitigationActivities;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import io.incidentresponse.workflows.mitigation.VerificationRequest;
import io.incidentresponse.workflows.mitigation.VerificationResult;
import io.incidentresponse.workflows.policy.Classification;
import io.incidentresponse.workflows.policy.Classifier;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.incidentresponse.workflows.postmortem.PostmortemInput;
import io.incidentresponse.workflows.postmortem.PostmortemWorkflow;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.Priority;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * See {@link IncidentWorkflow}. Structure: signal handlers only record facts in {@link
 * IncidentState}; one lifecycle loop ({@link #advance()}) turns those facts into activity calls;
 * two timer loops run beside it, the response-time escalation and the update cadence. Every
 * deadline is an absolute time in the state, so continue-as-new resumes every timer where it was.
 */
public class IncidentWorkflowImpl implements IncidentWorkflow {
  private static final Logger log = Workflow.getLogger(IncidentWorkflowImpl.class);
  private static final String SYSTEM = TimelineEntry.SYSTEM;
  private static final String YOUR_NAME = "YOUR_NAME";

  /** Incidents opened, tagged by severity (exported by the worker at /actuator/prometheus). */
  public static final String OPENED_METRIC = "incident_opened";

  /** Alerts delivered to a running incident (redeliveries excluded). */
  public static final String JOINED_METRIC = "incident_alerts_joined";

  /** {@link Workflow#getVersion} id of the change that e-mails stakeholders. */
  static final String STAKEHOLDER_EMAIL_CHANGE = "stakeholder-email";

  /**
   * {@link Workflow#getVersion} id of the change that stops a failed verification from going
   * straight back to monitoring on the strength of alerts that had already resolved.
   */
  static final String VERIFIED_REOPEN_CHANGE = "verified-reopen";

  /** {@link Workflow#getVersion} id of the change that never re-proposes a rollback that ran. */
  static final String NO_REPEAT_ROLLBACK_CHANGE = "no-repeat-rollback";

  /** {@link Workflow#getVersion} id of the change that assesses impact before closing. */
  static final String CLOSURE_IMPACT_CHANGE = "closure-impact";

  /** {@link Workflow#getVersion} id of the change that writes the incident history store. */
  static final String HISTORY_STORE_CHANGE = "history-store";

  /** {@link Workflow#getVersion} id of the change that ranks hypotheses from the findings. */
  static final String RANKED_HYPOTHESES_CHANGE = "ranked-hypotheses";

  /** {@link Workflow#getVersion} id of the change that archives the channel at closure. */
  static final String ARCHIVE_CHANNEL_CHANGE = "archive-channel-at-close";

  /**
   * {@link Workflow#getVersion} id of the lifecycle that holds under stress (asked once, when a run
   * starts): the page and the diagnosis never wait behind Slack (the initial response and every
   * notice run beside the loop), P3 is not paged until its response time, unverifiable recovery
   * never loops, a regression re-diagnoses at most every {@link #REDIAGNOSE_AFTER}, continue-as-new
   * never waits for the history store, and closure's notices go out together.
   */
  static final String HARDENED_LIFECYCLE_CHANGE = "hardened-lifecycle";

  /**
   * A failed verification sooner than this after the last diagnosis round (with no action since)
   * does not run the probes again.
   */
  static final Duration REDIAGNOSE_AFTER = Duration.ofMinutes(30);

  /** Verification that cannot look backs off up to this interval between attempts. */
  static final Duration UNVERIFIED_BACKOFF_MAX = Duration.ofHours(1);

  /** Timeline entries kept: the first {@link #TIMELINE_HEAD} and the latest, up to this many. */
  static final int TIMELINE_LIMIT = 500;

  static final int TIMELINE_HEAD = 100;

  /** Alert deliveries within this long of the last one extend its timeline entry. */
  private static final Duration ALERT_ENTRY_WINDOW = Duration.ofMinutes(1);

  /** Stored alerts take at most about this many bytes; later new alerts are counted only. */
  static final long ALERT_BYTES_BUDGET = 500_000;

  /** Bounds on text that reaches the state from outside (alerts, people, probes). */
  static final int MAX_NAME = 253;

  static final int MAX_TITLE = 300;
  static final int MAX_EVENT = 1_000;
  static final int MAX_ACTION_TAKEN = 2_000;
  private static final int MAX_FINDING_LINES = 20;
  private static final int MAX_FINDING_LINE = 300;

  /** Alerts kept with every detail; later ones keep only what tells them apart. */
  static final int DETAILED_ALERTS = 200;

  /** Webhook delivery ids remembered to drop redeliveries. */
  private static final int RECENT_DELIVERIES = 1_000;

  private static final ActivityOptions COMMUNICATION =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofMinutes(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .build())
          .build();

  private static final ActivityOptions MITIGATION =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .setScheduleToCloseTimeout(Duration.ofMinutes(15))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(5))
                  .setMaximumAttempts(3)
                  .setDoNotRetry(FailureType.GUARDRAIL.type(), FailureType.BAD_REQUEST.type())
                  .build())
          .build();

  private static final ActivityOptions VERIFICATION =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setScheduleToCloseTimeout(Duration.ofMinutes(3))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
          .build();

  /**
   * Pages go first in the task queue where the server honours priorities (1 is the highest; the
   * default is 3): in a storm a page must not wait behind probes and Slack calls.
   */
  private final PagingActivities paging =
      Workflow.newActivityStub(
          PagingActivities.class,
          ActivityOptions.newBuilder(COMMUNICATION)
              .setPriority(Priority.newBuilder().setPriorityKey(1).build())
              .build());

  private final ChatActivities chat = Workflow.newActivityStub(ChatActivities.class, COMMUNICATION);
  private final StatusPageActivities statusPage =
      Workflow.newActivityStub(StatusPageActivities.class, COMMUNICATION);
  private final StakeholderActivities stakeholders =
      Workflow.newActivityStub(StakeholderActivities.class, COMMUNICATION);
  private final MitigationActivities mitigation =
      Workflow.newActivityStub(MitigationActivities.class, MITIGATION);
  private final ImpactActivities impact =
      Workflow.newActivityStub(ImpactActivities.class, COMMUNICATION);

  /**
   * The history store outlives Temporal's retention (monthly metrics). Written in the background: a
   * store that is down delays nothing but the workflow's completion, by at most ten minutes.
   */
  private final IncidentHistoryActivities history =
      Workflow.newActivityStub(IncidentHistoryActivities.class, IncidentHistoryActivities.OPTIONS);

  private final MitigationActivities verification =
      Workflow.newActivityStub(MitigationActivities.class, VERIFICATION);

  /** Channel creation waits for Slack's pace inside the attempt (see its options). */
  private final ChatActivities channels =
      Workflow.newActivityStub(ChatActivities.class, ChatActivities.CHANNEL_OPTIONS);

  private IncidentState s;
  private ResponsePolicy policy;

  /** Bumped whenever the acknowledgement deadline or the update cadence changes. */
  private int timersVersion;

  /** Activities running now; continue-as-new waits for zero so none is abandoned. */
  private int inFlight;

  private String publishedSearchAttributes;

  /** Whether this execution writes the history store (set at the start of {@link #run}). */
  private boolean historyStore;

  /** Whether this run follows {@link #HARDENED_LIFECYCLE_CHANGE} (set at the start of run). */
  private boolean hardened;

  /** History store writes running now: completion waits for them, continue-as-new does not. */
  private int historyWrites;

  /** Why the latest activity call made through {@link #attemptGet} failed. */
  private String lastFailure;

  /** The timeline entry that alert deliveries of the last minute extend, and its counts. */
  private TimelineEntry alertEntry;

  private long alertEntryNew;
  private long alertEntryRefired;
  private long alertEntryResolved;
  private long alertEntryDeliveries;

  /**
   * Builds the state before any handler runs: with signal-with-start the first {@code alert} signal
   * is handled in the same workflow task as the start, possibly before {@link #run}.
   */
  @WorkflowInit
  public IncidentWorkflowImpl(IncidentInput input) {
    policy = input.policy();
    if (input.carried() != null) {
      s = input.carried();
      s.generation++;
    } else if (!input.alerts().isEmpty()) {
      open(input);
    } else {
      // Invalid input: run() fails the workflow; this placeholder only keeps handlers safe.
      s = new IncidentState();
      s.severity = Severity.P3;
      s.impact = Impact.LOW;
      s.service = "unknown";
    }
  }

  @Override
  public IncidentOutcome run(IncidentInput input) {
    if (input.carried() == null && input.alerts().isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "an incident needs at least one alert", FailureType.BAD_REQUEST.type());
    }
    // Asked once, here: getVersion may yield, and asked later from a coroutine or a handler it
    // would let other coroutines run first and reorder the commands of histories recorded before.
    historyStore =
        Workflow.getVersion(HISTORY_STORE_CHANGE, Workflow.DEFAULT_VERSION, 1)
            != Workflow.DEFAULT_VERSION;
    hardened =
        Workflow.getVersion(HARDENED_LIFECYCLE_CHANGE, Workflow.DEFAULT_VERSION, 1)
            != Workflow.DEFAULT_VERSION;
    if (hardened && s.phase != Phase.TRIGGERED && !s.initialResponseStarted) {
      // Carried from a run before this change, which made its initial response in line.
      s.initialResponseStarted = true;
      s.pageRequested = true;
      s.channelRequested = true;
      s.initialStatusRequested = true;
    }
    if (hardened && s.phase == Phase.TRIGGERED) {
      // The page is the first command of a new incident; the channel, the posts and the
      // diagnosis follow in the same workflow task, and nothing waits for Slack or the pager.
      s.initialResponseStarted = true;
      communicate();
    }
    publish();
    Async.procedure(this::keepResponseTimer);
    Async.procedure(this::keepUpdateCadence);
    while (s.phase != Phase.CLOSED) {
      advance();
      publish();
      if (s.phase == Phase.CLOSED) {
        break;
      }
      if (continueAsNewDue()) {
        Workflow.await(() -> inFlight == 0 && Workflow.isEveryHandlerFinished());
        if (historyWrites > 0) {
          // Not waited for (the store may be down for minutes): the next run writes again.
          s.historyKey = null;
        }
        log.info(
            "incident {} continues as new at {} history events",
            s.incidentId,
            Workflow.getInfo().getHistoryLength());
        Workflow.continueAsNew(new IncidentInput(List.of(), policy, null, null, s, null));
      }
      waitForWork();
    }
    Workflow.await(() -> inFlight == 0 && historyWrites == 0 && Workflow.isEveryHandlerFinished());
    return new IncidentOutcome(
        s.incidentId,
        s.severity,
        s.falsePositive,
        s.detectedAt,
        s.acknowledgedAt,
        s.mitigatedAt,
        s.resolvedAt,
        s.downtime,
        s.actionsRun,
        s.postmortemWorkflowId);
  }

  // ---------------------------------------------------------------- opening

  private void open(IncidentInput input) {
    s = new IncidentState();
    s.incidentId = Workflow.getInfo().getWorkflowId();
    Instant now = now();
    s.detectedAt = now;
    s.firstAlertAt = now;
    for (Alert alert : input.alerts()) {
      keep(alert);
      if (alert.startsAt() != null && alert.startsAt().isBefore(s.firstAlertAt)) {
        s.firstAlertAt = alert.startsAt();
      }
    }
    s.alertDeliveries = input.alerts().size();
    if (input.deliveryId() != null) {
      s.recentDeliveries.add(input.deliveryId());
    }
    Classification c = Classifier.classify(s.alerts.values(), policy, input.title());
    s.title = Texts.truncated(c.title(), MAX_TITLE);
    s.service = Texts.boundedName(c.service(), MAX_NAME);
    s.namespace = Texts.boundedName(c.namespace(), MAX_NAME);
    s.severity = c.severity();
    s.impact = c.impact();
    s.classificationReason = c.reason();
    if (input.commander() != null && !input.commander().isBlank()) {
      s.roles.put(Role.INCIDENT_COMMANDER, personName(input.commander()));
    }
    s.escalationLevel = 0;
    s.escalationArmedAt = now;
    s.acknowledgementDueAt = policy.acknowledgementDue(s.severity, now);
    s.nextUpdateAt = policy.cadence(s.severity).map(now::plus).orElse(null);
    // Replay-safe: the SDK's workflow metrics scope counts only the first execution.
    Workflow.getMetricsScope()
        .tagged(Map.of("severity", s.severity.name()))
        .counter(OPENED_METRIC)
        .inc(1);
    record(
        SYSTEM,
        "Incident opened from " + s.alerts.size() + " alert(s): " + s.title,
        "Classified " + s.severity + " / impact " + s.impact + " (" + s.classificationReason + ")");
  }

  // ---------------------------------------------------------------- lifecycle loop

  /** Does everything that is due now, in runbook order. Returns when nothing is left to do. */
  private void advance() {
    if (s.phase == Phase.TRIGGERED) {
      if (hardened) {
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
    communicate();
    if (s.resolveRequest == null && s.diagnosisPending) {
      diagnose();
      if (s.phase == Phase.INVESTIGATING) {
        setPhase(
            Phase.MITIGATING,
            SYSTEM,
            "Diagnosis complete: " + s.diagnosis.summary(),
            s.pendingApprovals().isEmpty()
                ? "Mitigation started"
                : "Waiting for approval of " + ids(s.pendingApprovals()));
      }
    }
    communicate();
    runApprovedActions();
    if (s.resolveRequest != null) {
      ResolveRequest request = s.resolveRequest;
      s.resolveRequest = null;
      s.falsePositive = request.falsePositive();
      markResolved(
          request.by(),
          request.falsePositive() ? "Closed as a false positive" : "Resolved by " + request.by(),
          request.note());
    }
    if (s.phase == Phase.MITIGATING) {
      if (s.mitigationEvidence == null && allAlertsResolved()) {
        if (!s.alertsResolvedEvidenceSpent) {
          s.mitigationEvidence = "every alert resolved at its source";
          s.restoredAt = alertsEndedAt();
        } else if (s.recheckAt != null && !now().isBefore(s.recheckAt)) {
          recheckAfterResolvedAlerts();
        }
      }
      if (s.mitigationEvidence != null) {
        startMonitoring();
      }
    }
    if (s.phase == Phase.MONITORING) {
      monitor();
    }
    if (s.phase == Phase.RESOLVED && readyToClose()) {
      close();
    }
  }

  private boolean hasWork() {
    return s.diagnosisPending
        || s.resolveRequest != null
        || s.actions.stream().anyMatch(a -> a.status() == ActionStatus.APPROVED)
        || (s.phase == Phase.MITIGATING
            && (s.mitigationEvidence != null
                || (allAlertsResolved() && !s.alertsResolvedEvidenceSpent)))
        || (s.phase == Phase.MONITORING && s.regression != null)
        || (s.phase == Phase.RESOLVED && s.usersAffected != null)
        || communicationDue()
        || continueAsNewDue();
  }

  private void waitForWork() {
    if (hardened && s.phase == Phase.MONITORING) {
      // monitor() keeps nextVerificationAt in the future (at most the window's end while it
      // runs): the loop sleeps until then or until a signal brings work.
      Duration wait = until(s.nextVerificationAt);
      if (!wait.isZero()) {
        Workflow.await(wait, this::hasWork);
      }
    } else if (s.phase == Phase.MONITORING) {
      Instant next =
          s.nextVerificationAt.isBefore(s.monitoringEndsAt)
              ? s.nextVerificationAt
              : s.monitoringEndsAt;
      Duration wait = until(next);
      if (wait.isZero()) {
        return;
      }
      Workflow.await(wait, this::hasWork);
    } else if (s.phase == Phase.MITIGATING
        && s.alertsResolvedEvidenceSpent
        && s.recheckAt != null
        && allAlertsResolved()) {
      // The alerts say recovered, verification did not: look again at the recheck time.
      Duration wait = until(s.recheckAt);
      if (!wait.isZero()) {
        Workflow.await(wait, this::hasWork);
      }
    } else if (s.phase == Phase.RESOLVED) {
      // Closure waits for a person's impact assessment: wake at the reminder, then the deadline.
      Duration wait = until(s.closureReminderSent ? s.closeDueAt : closureReminderAt());
      if (!wait.isZero()) {
        Workflow.await(wait, this::hasWork);
      }
    } else {
      Workflow.await(this::hasWork);
    }
  }

  private boolean continueAsNewDue() {
    return Workflow.getInfo().getHistoryLength() >= policy.continueAsNewAfterEvents()
        || Workflow.getInfo().isContinueAsNewSuggested();
  }

  // ---------------------------------------------------------------- initial response

  private void initialResponse() {
    s.initialResponseStarted = true;
    PageRef existing = pageFromAlerts();
    String firstLevel = policy.escalationLevels().get(0);
    PageRequest pageRequest =
        new PageRequest(brief(), existing, 0, firstLevel, "Incident " + s.incidentId);
    s.pageRequested = true;
    s.page = attemptGet("Paging " + firstLevel, () -> paging.openPage(pageRequest));
    if (s.page != null) {
      record(SYSTEM, "Paged " + firstLevel, "Page " + s.page.id());
    } else {
      s.pagingProblem = lastFailure;
    }
    s.channelRequested = true;
    s.channel = attemptGet("Opening #" + channelName(), () -> chat.openIncidentChannel(brief()));
    if (s.channel != null) {
      record(SYSTEM, "Incident channel #" + s.channel.name() + " opened", "");
    } else {
      s.channelProblem = lastFailure;
    }
    s.initialStatusRequested = true;
    IncidentBrief brief = brief();
    if (attempt("Initial status in the alerts channel", () -> chat.postInitialStatus(brief))) {
      record(SYSTEM, "Initial status posted in the alerts channel", "");
    }
  }

  /** The page an alert from PagerDuty came with, or null. */
  private PageRef pageFromAlerts() {
    for (Alert alert : s.alerts.values()) {
      if (alert.source() == AlertSource.PAGERDUTY && alert.externalId() != null) {
        return new PageRef(alert.externalId(), alert.generatorUrl());
      }
    }
    return null;
  }

  /** Leadership for P0/P1, status page for user-facing impact, page acknowledgement. */
  private boolean communicationDue() {
    if (hardened) {
      return pageDue()
          || !s.channelRequested
          || !s.initialStatusRequested
          || (s.severity.notifiesLeadership() && !s.leadershipNotified)
          || (!s.statusPageRequested && needsStatusPage())
          || (s.acknowledged() && s.page != null && !s.pageAcknowledged)
          || (!s.approvalNoticesDue.isEmpty() && channelSettled());
    }
    return (s.severity.notifiesLeadership() && !s.leadershipNotified)
        || (!s.statusPageRequested && needsStatusPage())
        || (s.acknowledged() && s.page != null && !s.pageAcknowledged)
        || !s.approvalNoticesDue.isEmpty();
  }

  private void communicate() {
    if (hardened) {
      communicateInBackground();
      return;
    }
    if (s.severity.notifiesLeadership() && !s.leadershipNotified) {
      s.leadershipNotified = true;
      LeadershipNotice notice =
          new LeadershipNotice(
              brief(), s.severity + " incident: " + s.classificationReason, "opened");
      if (attempt("Leadership notice", () -> chat.notifyLeadership(notice))) {
        record(SYSTEM, "Leadership notified of a " + s.severity + " incident", "");
      }
      emailStakeholders(notice);
    }
    if (!s.statusPageRequested && needsStatusPage()) {
      s.statusPageRequested = true;
      StatusPageNotice notice = statusPageNotice(s.nextUpdateAt);
      s.statusPage = attemptGet("Status page", () -> statusPage.openStatusIncident(notice));
      if (s.statusPage != null) {
        record(SYSTEM, "Status page incident opened", notice.message());
      }
    }
    if (s.acknowledged() && s.page != null && !s.pageAcknowledged) {
      s.pageAcknowledged = true;
      PageRequest request =
          new PageRequest(
              brief(), s.page, s.escalationLevel, s.acknowledgedBy, "Acknowledged in Temporal");
      attempt("Acknowledging the page", () -> paging.acknowledgePage(request));
    }
    while (!s.approvalNoticesDue.isEmpty()) {
      String id = s.approvalNoticesDue.remove(0);
      MitigationAction action = find(id);
      if (action == null || action.status() != ActionStatus.AWAITING_APPROVAL) {
        continue;
      }
      ApprovalRequestMessage message =
          new ApprovalRequestMessage(brief(), action, "approve", approveJson(id), rejectJson(id));
      attempt("Approval request for " + id, () -> chat.requestApproval(message));
    }
  }

  /**
   * Starts what is due beside the loop, each call at most once (its flag is set before it starts):
   * the page first, then the incident channel, the alerts-channel post, leadership, the status
   * page, the page's acknowledgement, and approval requests once the channel is there (or failed).
   */
  private void communicateInBackground() {
    if (pageDue()) {
      s.pageRequested = true;
      PageUrgency urgency = policy.pagingUrgency(s.severity).orElse(PageUrgency.LOW);
      String level = policy.escalationLevels().get(s.escalationLevel);
      PageRequest request =
          new PageRequest(
              brief(),
              pageFromAlerts(),
              s.escalationLevel,
              level,
              "Incident " + s.incidentId,
              urgency);
      inBackground(() -> openPage(request, "Paged " + level + " (" + urgency + " urgency)"));
    }
    if (!s.channelRequested) {
      s.channelRequested = true;
      IncidentBrief brief = brief();
      inBackground(() -> openChannel(brief));
    }
    if (!s.initialStatusRequested) {
      s.initialStatusRequested = true;
      IncidentBrief brief = brief();
      inBackground(
          () -> {
            if (attempt(
                "Initial status in the alerts channel", () -> chat.postInitialStatus(brief))) {
              record(SYSTEM, "Initial status posted in the alerts channel", "");
            }
          });
    }
    if (s.severity.notifiesLeadership() && !s.leadershipNotified) {
      s.leadershipNotified = true;
      LeadershipNotice notice =
          new LeadershipNotice(
              brief(), s.severity + " incident: " + s.classificationReason, "opened");
      inBackground(() -> tellLeadership("Leadership notice", notice));
    }
    if (!s.statusPageRequested && needsStatusPage()) {
      s.statusPageRequested = true;
      StatusPageNotice notice = statusPageNotice(s.nextUpdateAt);
      inBackground(
          () -> {
            s.statusPage = attemptGet("Status page", () -> statusPage.openStatusIncident(notice));
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
      inBackground(() -> attempt("Acknowledging the page", () -> paging.acknowledgePage(request)));
    }
    while (channelSettled() && !s.approvalNoticesDue.isEmpty()) {
      MitigationAction action = find(s.approvalNoticesDue.remove(0));
      if (action != null && action.status() == ActionStatus.AWAITING_APPROVAL) {
        ApprovalRequestMessage message =
            new ApprovalRequestMessage(
                brief(), action, "approve", approveJson(action.id()), rejectJson(action.id()));
        inBackground(
            () ->
                attempt(
                    "Approval request for " + action.id(), () -> chat.requestApproval(message)));
      }
    }
  }

  /** A page for a severity the policy pages at once, not asked for yet, nobody on it yet. */
  private boolean pageDue() {
    return !s.pageRequested
        && !s.acknowledged()
        && !s.phase.isOver()
        && policy.pagingUrgency(s.severity).isPresent();
  }

  /** The incident channel exists, or opening it failed: messages for it can go (or fail). */
  private boolean channelSettled() {
    return s.channel != null || s.channelProblem != null;
  }

  private void openPage(PageRequest request, String event) {
    PageRef page = attemptGet("Paging " + request.target(), () -> paging.openPage(request));
    if (page != null) {
      s.page = page;
      s.pagingProblem = null;
      record(SYSTEM, event, "Page " + page.id());
    } else {
      s.pagingProblem = lastFailure;
    }
    publish();
  }

  private void openChannel(IncidentBrief brief) {
    ChannelRef channel =
        attemptGet("Opening #" + brief.channelName(), () -> channels.openIncidentChannel(brief));
    if (channel != null) {
      s.channel = channel;
      s.channelProblem = null;
      record(SYSTEM, "Incident channel #" + channel.name() + " opened", "");
    } else {
      s.channelProblem = lastFailure;
    }
    publish();
  }

  /** Leadership in chat, and stakeholders by e-mail. */
  private void tellLeadership(String what, LeadershipNotice notice) {
    if (attempt(what, () -> chat.notifyLeadership(notice)) && notice.kind().equals("opened")) {
      record(SYSTEM, "Leadership notified of a " + s.severity + " incident", "");
    }
    if (attempt("Stakeholder e-mail", () -> stakeholders.emailStakeholders(notice))) {
      record(SYSTEM, "Stakeholders e-mailed (" + notice.kind() + ")", "");
    }
  }

  /** Runs {@code work} beside the loop; continue-as-new and completion wait for it. */
  private Promise<Void> inBackground(Runnable work) {
    inFlight++;
    return Async.procedure(
        () -> {
          try {
            work.run();
          } finally {
            inFlight--;
          }
        });
  }

  /** P0/P1 opening and resolution by e-mail; added after the first histories were recorded. */
  private void emailStakeholders(LeadershipNotice notice) {
    if (Workflow.getVersion(STAKEHOLDER_EMAIL_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1
        && attempt("Stakeholder e-mail", () -> stakeholders.emailStakeholders(notice))) {
      record(SYSTEM, "Stakeholders e-mailed (" + notice.kind() + ")", "");
    }
  }

  private boolean needsStatusPage() {
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

  // ---------------------------------------------------------------- timers beside the loop

  /**
   * The response-time timer: no acknowledgement by the due time pages the next level and re-arms;
   * past the top level, leadership is told once.
   */
  private void keepResponseTimer() {
    while (!s.acknowledged() && !s.escalationExhausted && !s.phase.isOver()) {
      int seen = timersVersion;
      if (s.acknowledgementDueAt == null) {
        return;
      }
      Duration wait = until(s.acknowledgementDueAt);
      if (!wait.isZero()
          && Workflow.await(
              wait, () -> s.acknowledged() || s.phase.isOver() || timersVersion != seen)) {
        continue;
      }
      if (timersVersion == seen && !s.acknowledged() && !s.phase.isOver()) {
        escalate();
      }
    }
  }

  private void escalate() {
    if (hardened) {
      escalateOrPage();
      return;
    }
    Instant now = now();
    String waited = Texts.duration(Duration.between(s.escalationArmedAt, now));
    List<String> levels = policy.escalationLevels();
    int next = s.escalationLevel + 1;
    timersVersion++;
    if (next < levels.size()) {
      s.escalationLevel = next;
      s.escalationArmedAt = now;
      s.acknowledgementDueAt = policy.acknowledgementDue(s.severity, now);
      record(
          SYSTEM,
          "No acknowledgement within " + waited + " (" + s.severity + ")",
          "Escalated to level " + next + ": " + levels.get(next));
      publish();
      PageRequest request =
          new PageRequest(
              brief(),
              s.page,
              next,
              levels.get(next),
              "Unacknowledged " + s.severity + " incident, escalated after " + waited);
      attempt("Escalation to " + levels.get(next), () -> paging.escalatePage(request));
    } else {
      escalationExhausted(levels);
    }
  }

  /** Every level was paged and nobody acknowledged: leadership is told once. */
  private void escalationExhausted(List<String> levels) {
    s.escalationExhausted = true;
    s.acknowledgementDueAt = null;
    record(
        SYSTEM,
        "No acknowledgement after every escalation level",
        "Leadership told the incident is unowned");
    publish();
    LeadershipNotice notice =
        new LeadershipNotice(
            brief(),
            "Nobody acknowledged this "
                + s.severity
                + " incident after paging "
                + String.join(", ", levels),
            "unacknowledged");
    attempt("Leadership notice (unacknowledged)", () -> chat.notifyLeadership(notice));
  }

  /**
   * The response time passed without an acknowledgement. A severity not paged when it opened (P3)
   * is paged now, at level 0 and low urgency unless the policy says otherwise; a page that exists
   * moves up a level; when paging failed before, the next level is paged afresh. Past the top
   * level, leadership is told once.
   */
  private void escalateOrPage() {
    Instant now = now();
    String waited = Texts.duration(Duration.between(s.escalationArmedAt, now));
    List<String> levels = policy.escalationLevels();
    boolean firstPage = !s.pageRequested;
    int next = firstPage ? s.escalationLevel : s.escalationLevel + 1;
    timersVersion++;
    if (next >= levels.size()) {
      escalationExhausted(levels);
      return;
    }
    s.escalationLevel = next;
    s.escalationArmedAt = now;
    s.acknowledgementDueAt = policy.acknowledgementDue(s.severity, now);
    s.pageRequested = true;
    PageUrgency urgency = policy.pagingUrgency(s.severity).orElse(PageUrgency.LOW);
    record(
        SYSTEM,
        "No acknowledgement within " + waited + " (" + s.severity + ")",
        (firstPage ? "Paging level " : "Escalated to level ")
            + next
            + ": "
            + levels.get(next)
            + " ("
            + urgency
            + " urgency)");
    publish();
    PageRequest request =
        new PageRequest(
            brief(),
            s.page,
            next,
            levels.get(next),
            "Unacknowledged " + s.severity + " incident after " + waited,
            urgency);
    if (s.page == null) {
      openPage(request, "Paged " + levels.get(next) + " (" + urgency + " urgency)");
    } else if (attempt("Escalation to " + levels.get(next), () -> paging.escalatePage(request))) {
      s.pagingProblem = null;
    } else {
      s.pagingProblem = lastFailure;
      publish();
    }
  }

  /** Internal updates on the severity's cadence until the incident is resolved. */
  private void keepUpdateCadence() {
    while (!s.phase.isOver()) {
      int seen = timersVersion;
      if (s.nextUpdateAt == null) {
        Workflow.await(() -> s.phase.isOver() || timersVersion != seen);
        continue;
      }
      Duration wait = until(s.nextUpdateAt);
      if (!wait.isZero() && Workflow.await(wait, () -> s.phase.isOver() || timersVersion != seen)) {
        continue;
      }
      if (timersVersion == seen && !s.phase.isOver()) {
        postUpdate();
      }
    }
  }

  private void postUpdate() {
    Instant now = now();
    s.nextUpdateAt = policy.cadence(s.severity).map(now::plus).orElse(null);
    s.updatesPosted++;
    IncidentUpdate update = update(s.nextUpdateAt);
    if (attempt("Internal update #" + update.sequence(), () -> chat.postUpdate(update))) {
      record(
          SYSTEM,
          "Internal update #" + update.sequence() + " posted (" + update.status() + ")",
          "Next update " + time(s.nextUpdateAt));
    }
    if (s.statusPage != null) {
      StatusPageNotice notice = statusPageNotice(s.nextUpdateAt);
      attempt("Status page update", () -> statusPage.updateStatusIncident(notice));
    }
  }

  // ---------------------------------------------------------------- investigation

  private void diagnose() {
    s.diagnosisPending = false;
    s.diagnosisRounds++;
    Instant started = now();
    Alert first = s.alerts.values().iterator().next();
    DiagnosisRequest request =
        new DiagnosisRequest(
            s.incidentId,
            s.service,
            s.namespace,
            first.labels(),
            s.detectedAt.minus(Duration.ofHours(1)),
            started);
    List<Promise<Finding>> running = new ArrayList<>();
    for (Map.Entry<DiagnosisProbe, Duration> probe : policy.probes().entrySet()) {
      running.add(Async.function(() -> probe(probe.getKey(), probe.getValue(), request)));
    }
    List<Finding> findings = new ArrayList<>();
    for (Promise<Finding> finding : running) {
      findings.add(bounded(finding.get()));
    }
    List<String> proposed = new ArrayList<>();
    List<Hypothesis> hypotheses = List.of();
    if (Workflow.getVersion(RANKED_HYPOTHESES_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
      hypotheses = Hypotheses.rank(findings, s.service, s.namespace, s.detectedAt);
      // The most likely cause's remedies get the lowest action ids and are asked for first.
      for (Hypothesis hypothesis : hypotheses) {
        for (ActionProposal proposal : hypothesis.proposals()) {
          MitigationAction earlier = rollbackThatRan(proposal);
          if (earlier != null
              && Workflow.getVersion(NO_REPEAT_ROLLBACK_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
            // After a rollback the "previous revision" is the bad one again: never propose it.
            record(
                "diagnosis:" + hypothesis.cause(),
                "Not proposing another rollback of " + proposal.target(),
                earlier.id()
                    + " already rolled it back; request a rollback to a named revision if"
                    + " needed");
            continue;
          }
          addProposed(proposed, propose(proposal, "diagnosis:" + hypothesis.cause()));
        }
      }
    }
    for (Finding finding : findings) {
      for (ActionProposal proposal : finding.proposals()) {
        addProposed(
            proposed, propose(proposal, "diagnosis:" + finding.probe().name().toLowerCase()));
      }
    }
    s.diagnosis =
        new DiagnosisReport(s.diagnosisRounds, started, now(), findings, proposed, hypotheses);
    record(
        SYSTEM,
        "Diagnosis round " + s.diagnosisRounds + ": " + s.diagnosis.summary(),
        (hypotheses.isEmpty() ? "" : "Most likely: " + hypotheses.get(0).describe() + ". ")
            + (proposed.isEmpty()
                ? "No mitigation proposed"
                : "Proposed " + String.join(", ", proposed)));
  }

  /** A finding with its text bounded: probes quote logs and events, which can be long. */
  private static Finding bounded(Finding finding) {
    List<String> evidence = new ArrayList<>();
    for (String line : finding.evidence()) {
      if (evidence.size() == MAX_FINDING_LINES) {
        evidence.add("… " + (finding.evidence().size() - MAX_FINDING_LINES) + " more");
        break;
      }
      evidence.add(Texts.truncated(line, MAX_FINDING_LINE));
    }
    return new Finding(
        finding.probe(),
        finding.outcome(),
        Texts.truncated(finding.summary(), MAX_EVENT),
        evidence,
        finding.proposals(),
        finding.observedAt(),
        finding.facts());
  }

  /** A rollback of the same target that already succeeded in this incident, or null. */
  private MitigationAction rollbackThatRan(ActionProposal proposal) {
    if (proposal.type() != ActionType.ROLLBACK) {
      return null;
    }
    for (MitigationAction action : s.actions) {
      if (action.status() == ActionStatus.SUCCEEDED
          && action.proposal().type() == ActionType.ROLLBACK
          && java.util.Objects.equals(action.proposal().namespace(), proposal.namespace())
          && java.util.Objects.equals(action.proposal().target(), proposal.target())) {
        return action;
      }
    }
    return null;
  }

  private static void addProposed(List<String> proposed, String id) {
    if (id != null && !proposed.contains(id)) {
      proposed.add(id);
    }
  }

  private Finding probe(DiagnosisProbe probe, Duration timeout, DiagnosisRequest request) {
    DiagnosisActivities probes =
        Workflow.newActivityStub(
            DiagnosisActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(timeout)
                .setScheduleToCloseTimeout(timeout)
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setMaximumAttempts(3)
                        .build())
                .build());
    inFlight++;
    try {
      Finding finding =
          switch (probe) {
            case POD_HEALTH -> probes.inspectPods(request);
            case KUBERNETES_EVENTS -> probes.inspectEvents(request);
            case ROLLOUT_HISTORY -> probes.inspectRollouts(request);
            case NODE_HEALTH -> probes.inspectNodes(request);
            case SERVICE_METRICS -> probes.queryMetrics(request);
            case ERROR_LOGS -> probes.searchLogs(request);
            case RECENT_CHANGES -> probes.listRecentChanges(request);
            case DATABASE_CONNECTIONS -> probes.inspectDatabase(request);
          };
      return finding != null
          ? finding
          : Finding.unavailable(probe, "probe returned nothing", now());
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      return Finding.unavailable(probe, "probe failed: " + Failures.describe(e), now());
    } finally {
      inFlight--;
    }
  }

  // ---------------------------------------------------------------- mitigation

  /**
   * Adds an action unless one with the same effect is still open. Returns its id, or null when the
   * proposal is unusable.
   */
  private String propose(ActionProposal proposal, String proposedBy) {
    if (proposal.type() == null || proposal.target() == null || proposal.target().isBlank()) {
      record(proposedBy, "Ignored a proposal without a type or target", "");
      return null;
    }
    for (MitigationAction existing : s.actions) {
      if (!existing.status().isFinal() && existing.proposal().sameEffectAs(proposal)) {
        return existing.id();
      }
    }
    Instant now = now();
    String id = proposal.type().slug() + "-" + (s.actions.size() + 1);
    boolean alone = policy.runsWithoutApproval(s.severity, proposal.risk());
    MitigationAction action =
        new MitigationAction(
            id,
            proposal,
            proposedBy,
            now,
            alone ? ActionStatus.APPROVED : ActionStatus.AWAITING_APPROVAL,
            alone ? TimelineEntry.POLICY : null,
            alone ? now : null,
            alone ? proposal.risk() + " risk runs without approval in a " + s.severity : null,
            null);
    s.actions.add(action);
    record(
        proposedBy,
        "Proposed " + id + ": " + proposal.describe() + " (" + proposal.risk() + " risk)",
        alone ? "Runs without approval under the policy" : waitingFor(proposal));
    if (!alone) {
      s.approvalNoticesDue.add(id);
    }
    return id;
  }

  private String waitingFor(ActionProposal proposal) {
    List<String> approvers = policy.approvers().getOrDefault(proposal.risk(), List.of());
    return approvers.isEmpty()
        ? "No approver is configured for "
            + proposal.risk()
            + " risk: it cannot run until the"
            + " policy names one"
        : "Waiting for approval by one of " + approvers;
  }

  private void runApprovedActions() {
    for (int i = 0; i < s.actions.size(); i++) {
      MitigationAction action = s.actions.get(i);
      if (action.status() != ActionStatus.APPROVED || s.phase.isOver()) {
        continue;
      }
      if (s.actionsRun >= policy.maxActionsPerIncident()) {
        s.actions.set(
            i,
            action.finished(
                ActionStatus.WITHDRAWN,
                "limit of " + policy.maxActionsPerIncident() + " actions per incident reached",
                now()));
        record(SYSTEM, "Withdrew " + action.id(), "Action limit reached");
        continue;
      }
      runAction(i);
    }
  }

  private void runAction(int index) {
    MitigationAction action = s.actions.get(index).withStatus(ActionStatus.RUNNING);
    s.actions.set(index, action);
    s.actionsRun++;
    record(
        action.decidedBy(),
        "Running " + action.id() + ": " + action.proposal().describe(),
        policy.dryRun() ? "Dry run" : "");
    publish();
    MitigationRequest request =
        new MitigationRequest(
            s.incidentId,
            action.id(),
            action.proposal(),
            action.decidedBy(),
            policy.dryRun(),
            s.actionsRun - 1);
    inFlight++;
    try {
      MitigationResult result = mitigation.runMitigation(request);
      String summary = result == null ? "done" : result.summary();
      s.actions.set(index, action.finished(ActionStatus.SUCCEEDED, summary, now()));
      // Before and after on the timeline: what a person needs to undo it by hand.
      record(SYSTEM, action.id() + " succeeded", summary + Texts.beforeAfter(result));
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      s.actions.set(index, action.finished(ActionStatus.FAILED, Failures.describe(e), now()));
      record(SYSTEM, action.id() + " failed", Failures.describe(e));
      return;
    } finally {
      inFlight--;
    }
    VerificationResult verified = verify();
    if (verified != null && verified.healthy() && s.phase == Phase.MITIGATING) {
      s.mitigationEvidence = "recovery verified after " + action.id();
      s.restoredAt = now();
    }
  }

  private ApprovalResult decide(String actionId, String person, boolean approve, String text) {
    String verb = approve ? "approval" : "rejection";
    int index = indexOf(actionId);
    if (index < 0) {
      record(person, "Refused " + verb + " of unknown action " + actionId, "Nothing runs");
      publish();
      return new ApprovalResult(false, actionId, null, "no action '" + actionId + "'");
    }
    MitigationAction action = s.actions.get(index);
    if (!policy.mayApprove(person, action.risk())) {
      String why = person + " is not an approver for " + action.risk() + " risk";
      record(person, "Refused " + verb + " of " + actionId + ": " + why, "Nothing runs");
      publish();
      return new ApprovalResult(false, actionId, action.status(), why);
    }
    if (action.status() != ActionStatus.AWAITING_APPROVAL) {
      String why = "already " + action.status() + " by " + action.decidedBy();
      record(person, "Ignored " + verb + " of " + actionId + ": " + why, "Runs at most once");
      publish();
      return new ApprovalResult(false, actionId, action.status(), why);
    }
    action =
        action.decided(
            approve ? ActionStatus.APPROVED : ActionStatus.REJECTED,
            personName(person),
            now(),
            text);
    s.actions.set(index, action);
    record(
        person,
        (approve ? "Approved " : "Rejected ") + actionId + ": " + action.proposal().describe(),
        approve ? "Runs next" : text == null ? "" : text);
    publish();
    return new ApprovalResult(
        true, actionId, action.status(), approve ? "approved; it runs once" : "rejected");
  }

  // ---------------------------------------------------------------- recovery

  private VerificationResult verify() {
    VerificationRequest request =
        new VerificationRequest(
            s.incidentId, s.service, s.namespace, s.alerts.values().iterator().next().labels());
    if (hardened) {
      return verifyRecordingChanges(request);
    }
    VerificationResult result =
        attemptGet("Recovery verification", () -> verification.verifyRecovery(request));
    if (result != null) {
      record(
          SYSTEM,
          "Verification: " + (result.healthy() ? "healthy" : "unhealthy"),
          result.summary() == null ? "" : result.summary());
    }
    return result;
  }

  /**
   * Verifies, putting on the timeline only what changed: the first result, healthy turning
   * unhealthy or back, and verification becoming unavailable (with why) or available again; a
   * window of identical checks is one line. Null when verification could not look.
   */
  private VerificationResult verifyRecordingChanges(VerificationRequest request) {
    VerificationResult result = attemptQuietly(() -> verification.verifyRecovery(request));
    String outcome = result == null ? "unavailable" : result.healthy() ? "healthy" : "unhealthy";
    boolean changed = !outcome.equals(s.lastVerification);
    s.lastVerification = outcome;
    if (result == null) {
      String why = lastFailure == null ? "the check answered nothing" : lastFailure;
      s.unverifiedChecks++;
      if (changed || !why.equals(s.verificationProblem)) {
        record(SYSTEM, "Recovery cannot be verified", why);
      }
      s.verificationProblem = why;
      return null;
    }
    s.unverifiedChecks = 0;
    s.verificationProblem = null;
    if (changed) {
      record(SYSTEM, "Verification: " + outcome, result.summary() == null ? "" : result.summary());
    }
    return result;
  }

  /**
   * When to look again after verification could not: the interval, doubling with each check that
   * could not look, up to {@link #UNVERIFIED_BACKOFF_MAX}, so an integration that is not configured
   * costs a handful of checks a day, not one every few minutes.
   */
  private Instant nextUnverifiedCheck() {
    Duration interval = policy.verificationInterval();
    Duration wait = interval.multipliedBy(1L << Math.min(Math.max(s.unverifiedChecks - 1, 0), 10));
    Duration max =
        interval.compareTo(UNVERIFIED_BACKOFF_MAX) > 0 ? interval : UNVERIFIED_BACKOFF_MAX;
    return now().plus(wait.compareTo(max) > 0 ? max : wait);
  }

  private void startMonitoring() {
    Instant now = now();
    Duration incident = Duration.between(s.detectedAt, now);
    Duration window = incident.multipliedBy(2);
    if (window.compareTo(policy.minimumMonitoringWindow()) < 0) {
      window = policy.minimumMonitoringWindow();
    }
    s.mitigatedAt = now;
    s.monitoringEndsAt = now.plus(window);
    Instant verifyAt = now.plus(policy.verificationInterval());
    s.nextVerificationAt = verifyAt.isBefore(s.monitoringEndsAt) ? verifyAt : s.monitoringEndsAt;
    String evidence = s.mitigationEvidence;
    s.mitigationEvidence = null;
    s.regression = null;
    setPhase(
        Phase.MONITORING,
        SYSTEM,
        "Mitigated: " + evidence,
        "Monitoring for "
            + Texts.duration(window)
            + " (2x the "
            + Texts.duration(incident)
            + " incident) until "
            + time(s.monitoringEndsAt));
  }

  private void monitor() {
    if (hardened) {
      monitorWithoutSpinning();
      return;
    }
    if (s.regression != null) {
      reopen(s.regression, true);
      return;
    }
    Instant now = now();
    if (now.isBefore(s.nextVerificationAt) && now.isBefore(s.monitoringEndsAt)) {
      return;
    }
    VerificationResult result = verify();
    if (s.regression != null) {
      reopen(s.regression, true);
      return;
    }
    if (result != null && !result.healthy()) {
      reopen("verification failed: " + result.summary(), true);
      return;
    }
    if (result != null && !now().isBefore(s.monitoringEndsAt)) {
      markResolved(SYSTEM, "Monitoring window passed clean", "Recovery verified");
      return;
    }
    // An unavailable verification proves nothing: keep monitoring; a person may resolve.
    Instant verifyAt = now().plus(policy.verificationInterval());
    s.nextVerificationAt =
        verifyAt.isBefore(s.monitoringEndsAt) || result == null ? verifyAt : s.monitoringEndsAt;
  }

  /**
   * Monitoring, verifying at {@code nextVerificationAt}, which it always leaves in the future when
   * the incident stays here: within the window every interval and once at its end; after it, when
   * verification cannot look, with a back-off. At the window's end a healthy verification resolves;
   * one that cannot look resolves only when every alert has resolved at its source and none fired
   * again (the timeline says recovery was not verified, and why); otherwise the responders are told
   * once what to send and the incident keeps checking.
   */
  private void monitorWithoutSpinning() {
    if (s.regression != null) {
      reopen(s.regression, true);
      return;
    }
    if (now().isBefore(s.nextVerificationAt)) {
      return;
    }
    VerificationResult result = verify();
    if (s.regression != null) {
      reopen(s.regression, true);
      return;
    }
    if (result != null && !result.healthy()) {
      reopen("verification failed: " + result.summary(), false);
      return;
    }
    Instant now = now();
    boolean windowOver = !now.isBefore(s.monitoringEndsAt);
    if (result != null) {
      if (windowOver) {
        markResolved(SYSTEM, "Monitoring window passed clean", "Recovery verified");
        return;
      }
      Instant verifyAt = now.plus(policy.verificationInterval());
      s.nextVerificationAt = verifyAt.isBefore(s.monitoringEndsAt) ? verifyAt : s.monitoringEndsAt;
      return;
    }
    if (windowOver && allAlertsResolved()) {
      markResolved(
          SYSTEM,
          "Monitoring window passed; recovery not verified (" + s.verificationProblem + ")",
          "Every alert resolved at its source and none fired again during the window");
      return;
    }
    if (windowOver && !s.unverifiedNoticeSent) {
      s.unverifiedNoticeSent = true;
      record(
          SYSTEM,
          "Monitoring window passed, but recovery cannot be verified",
          s.verificationProblem
              + ". If service is healthy, resolve by hand: signal resolve with "
              + IncidentSignals.RESOLVE.example());
      IncidentUpdate notice = update(null);
      inBackground(() -> attempt("Unverified recovery notice", () -> chat.postUpdate(notice)));
    }
    Instant next = nextUnverifiedCheck();
    s.nextVerificationAt =
        !windowOver && next.isAfter(s.monitoringEndsAt) ? s.monitoringEndsAt : next;
    publish();
  }

  /**
   * Back to mitigation. {@code newEvidence}: a person or a fresh alert says so, so the probes run
   * again; a failed verification alone re-probes only when the last round is stale (see {@link
   * #diagnosisStillFresh}), or a flapping check would run every probe at every flap.
   */
  private void reopen(String why, boolean newEvidence) {
    s.reopenCount++;
    s.regression = null;
    s.monitoringEndsAt = null;
    s.nextVerificationAt = null;
    s.restoredAt = null;
    s.unverifiedNoticeSent = false;
    String next = "Mitigation reopened; diagnosing again";
    if (hardened && !newEvidence && diagnosisStillFresh()) {
      next =
          "Mitigation reopened; diagnosis round "
              + s.diagnosis.round()
              + " ran less than "
              + Texts.duration(REDIAGNOSE_AFTER)
              + " ago and stands";
    } else {
      s.diagnosisPending = true;
    }
    if (allAlertsResolved()
        && Workflow.getVersion(VERIFIED_REOPEN_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
      // Without this the resolved alerts would count as mitigation again at once, and the
      // incident would loop between monitoring and mitigation at every failed check.
      s.alertsResolvedEvidenceSpent = true;
      s.recheckAt = now().plus(policy.verificationInterval());
      next +=
          "; the alerts are resolved but verification is not: checking again every "
              + Texts.duration(policy.verificationInterval());
    }
    setPhase(Phase.MITIGATING, SYSTEM, "Regression: " + why, next);
  }

  /**
   * The last diagnosis round finished less than {@link #REDIAGNOSE_AFTER} ago and no action has
   * finished since: probing again would find what it found.
   */
  private boolean diagnosisStillFresh() {
    if (s.diagnosis == null || !now().isBefore(s.diagnosis.completedAt().plus(REDIAGNOSE_AFTER))) {
      return false;
    }
    for (MitigationAction action : s.actions) {
      if (action.finishedAt() != null && action.finishedAt().isAfter(s.diagnosis.completedAt())) {
        return false;
      }
    }
    return true;
  }

  private void recheckAfterResolvedAlerts() {
    VerificationResult result = verify();
    if (result != null && result.healthy()) {
      s.mitigationEvidence = "recovery verified after the alerts resolved";
      s.restoredAt = now();
      s.recheckAt = null;
    } else if (hardened && result == null) {
      s.recheckAt = nextUnverifiedCheck();
    } else {
      s.recheckAt = now().plus(policy.verificationInterval());
    }
  }

  /**
   * When the alerts said service was back: the latest end time of the incident's alerts, within the
   * incident (an alert's clock may be off); now when they give none.
   */
  private Instant alertsEndedAt() {
    Instant now = now();
    Instant latest = null;
    for (Alert alert : s.alerts.values()) {
      if (alert.source() != AlertSource.MANUAL && alert.endsAt() != null) {
        latest = latest == null || alert.endsAt().isAfter(latest) ? alert.endsAt() : latest;
      }
    }
    if (latest == null || latest.isAfter(now)) {
      return now;
    }
    return latest.isBefore(s.detectedAt) ? s.detectedAt : latest;
  }

  // ---------------------------------------------------------------- closure

  private void markResolved(String by, String event, String note) {
    s.resolvedAt = now();
    if (s.restoredAt == null) {
      s.restoredAt = s.resolvedAt;
    }
    s.closeDueAt = s.resolvedAt.plus(policy.closeWithin());
    timersVersion++;
    setPhase(Phase.RESOLVED, by, event, note == null ? "" : note);
  }

  /**
   * The runbook's closure within 24 h: downtime and users affected. Users affected come from the
   * alerts ({@code users_affected}), else the impact query; when both are silent and the severity
   * needs it, a person records them ({@code recordImpact}), reminded at half the close deadline; at
   * the deadline the incident closes anyway and leadership hears the assessment is missing.
   */
  private boolean readyToClose() {
    // Incidents resolved before this change close at once, as they did.
    if (Workflow.getVersion(CLOSURE_IMPACT_CHANGE, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
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
      attempt("Impact assessment reminder", () -> chat.postUpdate(reminder));
      record(SYSTEM, "Reminded the responders of the impact assessment", "");
    }
    return false;
  }

  static final String RECORD_IMPACT_JSON = IncidentSignals.RECORD_IMPACT.example();

  private Instant closureReminderAt() {
    return s.resolvedAt.plus(policy.closeWithin().dividedBy(2));
  }

  /**
   * Detection to restoration: the outage, not the monitoring after it (resolution comes after the
   * clean window of twice the incident's duration).
   */
  private Duration downtime() {
    return Duration.between(s.detectedAt, s.restoredAt != null ? s.restoredAt : s.resolvedAt);
  }

  private void measureImpact() {
    Duration downtime = downtime();
    s.errorBudgetBurned = policy.profile(s.service).errorBudgetBurned(downtime);
    if (s.usersAffected == null) {
      Long fromAlerts = usersAffectedFromAlerts();
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
          attemptGet("Impact assessment", () -> impact.assessImpact(request));
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

  /** The largest {@code users_affected} label or annotation of the incident's alerts. */
  private Long usersAffectedFromAlerts() {
    Long most = null;
    for (Alert alert : s.alerts.values()) {
      for (Map<String, String> values : List.of(alert.labels(), alert.annotations())) {
        String value = values == null ? null : values.get("users_affected");
        if (value != null) {
          try {
            long users = Long.parseLong(value.trim());
            most = most == null ? users : Math.max(most, users);
          } catch (NumberFormatException e) {
            // not a count: ignored
          }
        }
      }
    }
    return most;
  }

  private void escalateMissingImpact() {
    s.closureEscalated = true;
    record(
        SYSTEM,
        "No impact assessment within " + Texts.duration(policy.closeWithin()),
        "Closing without users affected; leadership told");
    LeadershipNotice notice =
        new LeadershipNotice(
            brief(),
            "Closed without an impact assessment: nobody recorded the users affected within "
                + Texts.duration(policy.closeWithin())
                + " of resolution",
            "closure-overdue");
    attempt("Leadership notice (impact assessment missing)", () -> chat.notifyLeadership(notice));
  }

  private void close() {
    for (int i = 0; i < s.actions.size(); i++) {
      MitigationAction action = s.actions.get(i);
      if (action.status() == ActionStatus.AWAITING_APPROVAL
          || action.status() == ActionStatus.APPROVED) {
        s.actions.set(i, action.finished(ActionStatus.WITHDRAWN, "incident resolved", now()));
      }
    }
    s.downtime = downtime();
    if (hardened) {
      sendClosureNoticesTogether();
    } else {
      sendClosureNoticesInTurn();
    }
    if (!s.falsePositive) {
      startPostmortem();
    }
    // Added after the first histories were recorded: incidents that reached this point before
    // replay without the archive call (DEFAULT_VERSION), new ones archive.
    if (s.channel != null
        && (hardened
            || Workflow.getVersion(ARCHIVE_CHANNEL_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1)) {
      IncidentBrief brief = brief();
      Boolean archived =
          attemptGet("Archiving #" + s.channel.name(), () -> chat.archiveIncidentChannel(brief));
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

  /** Before {@link #HARDENED_LIFECYCLE_CHANGE}: one notice after the other. */
  private void sendClosureNoticesInTurn() {
    IncidentUpdate finalUpdate = update(null);
    attempt("Final update", () -> chat.postUpdate(finalUpdate));
    if (s.statusPage != null) {
      StatusPageNotice notice = statusPageNotice(null);
      attempt("Status page resolution", () -> statusPage.resolveStatusIncident(notice));
    }
    if (s.page != null) {
      PageRequest request =
          new PageRequest(brief(), s.page, s.escalationLevel, null, "Incident resolved");
      attempt("Resolving the page", () -> paging.resolvePage(request));
    }
    if (s.leadershipNotified) {
      LeadershipNotice notice =
          new LeadershipNotice(
              brief(),
              (s.falsePositive ? "False positive, closed" : "Resolved")
                  + " after "
                  + Texts.duration(s.downtime),
              "resolved");
      attempt("Leadership notice (resolved)", () -> chat.notifyLeadership(notice));
      emailStakeholders(notice);
    }
  }

  /** Closure's notices go out together: a slow one delays none of the others. */
  private void sendClosureNoticesTogether() {
    List<Promise<Void>> notices = new ArrayList<>();
    IncidentUpdate finalUpdate = update(null);
    notices.add(inBackground(() -> attempt("Final update", () -> chat.postUpdate(finalUpdate))));
    if (s.statusPage != null) {
      StatusPageNotice notice = statusPageNotice(null);
      notices.add(
          inBackground(
              () ->
                  attempt(
                      "Status page resolution", () -> statusPage.resolveStatusIncident(notice))));
    }
    if (s.page != null) {
      PageRequest request =
          new PageRequest(brief(), s.page, s.escalationLevel, null, "Incident resolved");
      notices.add(
          inBackground(() -> attempt("Resolving the page", () -> paging.resolvePage(request))));
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
      notices.add(inBackground(() -> tellLeadership("Leadership notice (resolved)", notice)));
    }
    Promise.allOf(notices).get();
  }

  private void startPostmortem() {
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
    Async.function(postmortem::run, new PostmortemInput(s, due, policy.postmortem(), List.of()));
    try {
      // Wait until the child has started: it must exist before this workflow completes.
      Workflow.getWorkflowExecution(postmortem).get();
      s.postmortemWorkflowId = id;
      record(SYSTEM, "Postmortem started", "Review due " + time(due));
    } catch (ChildWorkflowFailure e) {
      record(SYSTEM, "Postmortem could not start", e.getMessage());
    }
  }

  // ---------------------------------------------------------------- signals

  @Override
  public void acknowledge(AcknowledgeRequest request) {
    if (request == null) {
      notUnderstood(IncidentSignals.ACKNOWLEDGE);
      return;
    }
    if (blank(request.by())) {
      ignored("acknowledge", "by");
      return;
    }
    if (s.acknowledged()) {
      record(request.by(), "Also acknowledged", note(request.note()));
      return;
    }
    s.acknowledgedAt = now();
    s.acknowledgedBy = personName(request.by());
    s.acknowledgementDueAt = null;
    timersVersion++;
    String action = "Escalation stopped";
    if (s.commander() == null) {
      s.roles.put(Role.INCIDENT_COMMANDER, s.acknowledgedBy);
      action += "; " + s.acknowledgedBy + " is incident commander";
    }
    record(
        s.acknowledgedBy,
        "Acknowledged after " + Texts.duration(Duration.between(s.detectedAt, s.acknowledgedAt)),
        action + note(request.note()));
    publish();
  }

  @Override
  public void approve(ApproveRequest request) {
    if (request == null) {
      notUnderstood(IncidentSignals.APPROVE);
    } else if (blank(request.actionId())) {
      ignored("approve", "actionId");
    } else if (blank(request.approver())) {
      ignored("approve", "approver");
    } else {
      decide(request.actionId(), request.approver(), true, request.comment());
    }
  }

  @Override
  public void reject(RejectRequest request) {
    if (request == null) {
      notUnderstood(IncidentSignals.REJECT);
    } else if (blank(request.actionId())) {
      ignored("reject", "actionId");
    } else if (blank(request.approver())) {
      ignored("reject", "approver");
    } else {
      decide(request.actionId(), request.approver(), false, request.reason());
    }
  }

  @Override
  public void validateApproveAction(ApproveRequest request) {
    if (request == null) {
      String problem = SignalPayloadConverter.takeProblem();
      throw new IllegalArgumentException(
          problem == null ? "actionId and approver are required" : "not understood: " + problem);
    }
    if (blank(request.actionId())) {
      throw new IllegalArgumentException("actionId is required");
    }
    if (blank(request.approver())) {
      throw new IllegalArgumentException("approver is required");
    }
    if (indexOf(request.actionId()) < 0) {
      throw new IllegalArgumentException(
          "actionId: no action '"
              + request.actionId()
              + "'; waiting: "
              + ids(s.pendingApprovals()));
    }
  }

  @Override
  public ApprovalResult approveAction(ApproveRequest request) {
    return decide(request.actionId(), request.approver(), true, request.comment());
  }

  @Override
  public void assignRole(AssignRoleRequest request) {
    if (request == null) {
      notUnderstood(IncidentSignals.ASSIGN_ROLE);
      return;
    }
    if (request.role() == null) {
      ignored("assignRole", "role");
      return;
    }
    if (blank(request.person())) {
      ignored("assignRole", "person");
      return;
    }
    String previous = s.roles.put(request.role(), personName(request.person()));
    record(
        blank(request.by()) ? request.person() : request.by(),
        personName(request.person()) + " is " + request.role(),
        previous == null ? "" : "Replaces " + previous);
    publish();
  }

  @Override
  public void setSeverity(SetSeverityRequest request) {
    if (request == null) {
      notUnderstood(IncidentSignals.SET_SEVERITY);
      return;
    }
    if (request.severity() == null) {
      ignored("setSeverity", "severity");
      return;
    }
    if (blank(request.by())) {
      ignored("setSeverity", "by");
      return;
    }
    changeSeverity(request.severity(), request.by(), request.reason());
  }

  @Override
  public void addNote(NoteRequest request) {
    if (request == null) {
      notUnderstood(IncidentSignals.ADD_NOTE);
      return;
    }
    if (blank(request.text())) {
      ignored("addNote", "text");
      return;
    }
    record(blank(request.by()) ? "unknown" : request.by(), "Note: " + request.text(), "");
  }

  @Override
  public void requestAction(ActionRequest request) {
    if (request == null) {
      notUnderstood(IncidentSignals.REQUEST_ACTION);
      return;
    }
    if (request.type() == null) {
      ignored("requestAction", "type");
      return;
    }
    if (blank(request.target())) {
      ignored("requestAction", "target");
      return;
    }
    if (blank(request.by())) {
      ignored("requestAction", "by");
      return;
    }
    if (s.phase.isOver()) {
      record(request.by(), "Ignored requestAction: the incident is " + s.phase, "");
      return;
    }
    String namespace = blank(request.namespace()) ? s.namespace : request.namespace();
    propose(
        new ActionProposal(
            request.type(),
            namespace,
            request.target(),
            request.parameters(),
            request.risk(),
            request.reason()),
        request.by());
    publish();
  }

  @Override
  public void markMitigated(MarkMitigatedRequest request) {
    if (request == null) {
      notUnderstood(IncidentSignals.MARK_MITIGATED);
      return;
    }
    if (blank(request.by())) {
      ignored("markMitigated", "by");
      return;
    }
    if (s.phase.compareTo(Phase.MONITORING) >= 0) {
      record(request.by(), "Ignored markMitigated: the incident is " + s.phase, "");
      return;
    }
    s.mitigationEvidence = "marked mitigated by " + personName(request.by()) + note(request.note());
    s.restoredAt = now();
    record(request.by(), "Marked mitigated", request.note() == null ? "" : request.note());
  }

  @Override
  public void recordImpact(RecordImpactRequest request) {
    if (request == null) {
      notUnderstood(IncidentSignals.RECORD_IMPACT);
      return;
    }
    if (blank(request.by())) {
      ignored("recordImpact", "by");
      return;
    }
    if (request.usersAffected() == null || request.usersAffected() < 0) {
      ignored("recordImpact", "usersAffected");
      return;
    }
    if (s.phase == Phase.CLOSED) {
      record(request.by(), "Ignored recordImpact: the incident is closed", "");
      return;
    }
    s.usersAffected = request.usersAffected();
    s.usersAffectedSource = "recorded by " + personName(request.by());
    s.impactRecordedBy = personName(request.by());
    s.impactNote = Texts.truncated(request.note(), MAX_ACTION_TAKEN);
    record(
        request.by(),
        "Recorded " + request.usersAffected() + " users affected",
        request.note() == null ? "" : request.note());
  }

  @Override
  public void resolve(ResolveRequest request) {
    if (request == null) {
      notUnderstood(IncidentSignals.RESOLVE);
      return;
    }
    if (blank(request.by())) {
      ignored("resolve", "by");
      return;
    }
    if (s.phase.isOver() || s.resolveRequest != null) {
      record(request.by(), "Ignored resolve: the incident is " + s.phase, "");
      return;
    }
    s.resolveRequest = request;
  }

  @Override
  public void reopen(ReopenRequest request) {
    if (request == null) {
      notUnderstood(IncidentSignals.REOPEN);
      return;
    }
    if (blank(request.by())) {
      ignored("reopen", "by");
      return;
    }
    if (s.phase != Phase.MONITORING) {
      record(request.by(), "Ignored reopen: the incident is " + s.phase + ", not MONITORING", "");
      return;
    }
    s.regression =
        "reopened by " + request.by() + (blank(request.reason()) ? "" : ": " + request.reason());
  }

  @Override
  public void alert(AlertBatch batch) {
    if (batch == null || batch.alerts().isEmpty()) {
      ignored("alert", "alerts");
      return;
    }
    if (batch.deliveryId() != null) {
      if (s.recentDeliveries.contains(batch.deliveryId())) {
        return; // at-least-once delivery: this one is already here
      }
      s.recentDeliveries.add(batch.deliveryId());
      if (s.recentDeliveries.size() > RECENT_DELIVERIES) {
        s.recentDeliveries.remove(0);
      }
    }
    int added = 0;
    int resolved = 0;
    int refired = 0;
    String firing = null;
    for (Alert alert : batch.alerts()) {
      Alert previous = keep(alert);
      if (previous == null) {
        added++;
      } else if (!previous.firing() && alert.firing()) {
        refired++;
      }
      if (previous != null && previous.firing() && !alert.firing()) {
        resolved++;
      }
      if (alert.firing() && firing == null && (previous == null || !previous.firing())) {
        firing = alert.alertName();
      }
    }
    s.alertDeliveries += batch.alerts().size();
    Workflow.getMetricsScope().counter(JOINED_METRIC).inc(batch.alerts().size());
    if (added + resolved + refired == 0) {
      return; // a repeat of what is known: counted, not worth a timeline line
    }
    recordAlertDelivery(added, refired, resolved, batch.deliveryId());
    if (s.phase == Phase.MONITORING && firing != null) {
      s.regression = "alert " + firing + " firing";
    }
    if (firing != null) {
      // A fresh firing: its resolution will be fresh evidence again.
      s.alertsResolvedEvidenceSpent = false;
      s.recheckAt = null;
    }
    Classification c = Classifier.classify(s.alerts.values(), policy, s.title);
    if (c.severity().isMoreSevereThan(s.severity)) {
      changeSeverity(c.severity(), SYSTEM, "new alert: " + c.reason());
    }
    publish();
  }

  private void changeSeverity(Severity severity, String by, String reason) {
    if (severity == s.severity) {
      return;
    }
    Severity previous = s.severity;
    s.severity = severity;
    s.impact = Impact.of(severity);
    Instant now = now();
    if (!s.acknowledged() && !s.escalationExhausted) {
      s.acknowledgementDueAt = policy.acknowledgementDue(severity, s.escalationArmedAt);
    }
    if (!s.phase.isOver()) {
      Instant sooner = policy.cadence(severity).map(now::plus).orElse(null);
      if (sooner == null || s.nextUpdateAt == null || sooner.isBefore(s.nextUpdateAt)) {
        s.nextUpdateAt = sooner;
      }
    }
    timersVersion++;
    record(by, "Severity " + previous + " -> " + severity, reason == null ? "" : reason);
    publish();
  }

  // ---------------------------------------------------------------- queries

  @Override
  public IncidentState state() {
    return s;
  }

  @Override
  public List<TimelineEntry> timeline() {
    return s.timeline;
  }

  @Override
  public List<MitigationAction> pendingApprovals() {
    return s.pendingApprovals();
  }

  @Override
  public DiagnosisReport diagnosis() {
    return s.diagnosis;
  }

  // ---------------------------------------------------------------- what people see

  private void setPhase(Phase phase, String actor, String event, String action) {
    s.phase = phase;
    log.info("incident {} is {}: {}", s.incidentId, phase, event);
    record(actor, event, action);
    publish();
  }

  /**
   * One timeline line for the alert deliveries of a minute: a storm of a thousand deliveries is a
   * few lines that add up its counts, not a thousand lines.
   */
  private void recordAlertDelivery(long added, long refired, long resolved, String deliveryId) {
    Instant now = now();
    boolean extend =
        alertEntry != null
            && !s.timeline.isEmpty()
            && s.timeline.get(s.timeline.size() - 1) == alertEntry
            && now.isBefore(alertEntry.at().plus(ALERT_ENTRY_WINDOW));
    if (!extend) {
      alertEntryNew = 0;
      alertEntryRefired = 0;
      alertEntryResolved = 0;
      alertEntryDeliveries = 0;
    }
    alertEntryNew += added;
    alertEntryRefired += refired;
    alertEntryResolved += resolved;
    alertEntryDeliveries++;
    String event =
        "Alerts: "
            + alertEntryNew
            + " new, "
            + alertEntryRefired
            + " firing again, "
            + alertEntryResolved
            + " resolved";
    String delivery = deliveryId == null ? "" : Texts.truncated(deliveryId, 100);
    String action =
        alertEntryDeliveries == 1
            ? (delivery.isEmpty() ? "" : "Delivery " + delivery)
            : alertEntryDeliveries
                + " deliveries"
                + (delivery.isEmpty() ? "" : "; the latest " + delivery);
    if (extend) {
      alertEntry = new TimelineEntry(alertEntry.at(), SYSTEM, event, action);
      s.timeline.set(s.timeline.size() - 1, alertEntry);
    } else {
      record(SYSTEM, event, action);
      alertEntry = s.timeline.get(s.timeline.size() - 1);
    }
  }

  /**
   * Appends to the timeline, every text bounded. Past {@link #TIMELINE_LIMIT} entries the oldest
   * after the first {@link #TIMELINE_HEAD} give way to one line counting them, so the state (the
   * {@code state} query, continue-as-new) stays within Temporal's payload limit whatever arrives.
   */
  private void record(String actor, String event, String actionTaken) {
    s.timeline.add(
        new TimelineEntry(
            now(),
            Texts.truncated(actor, 200),
            Texts.truncated(event, MAX_EVENT),
            actionTaken == null ? "" : Texts.truncated(actionTaken, MAX_ACTION_TAKEN)));
    // The timeline is the record (the state query, the postmortem); the log keeps phase changes.
    log.debug("incident {}: [{}] {} {}", s.incidentId, actor, event, actionTaken);
    while (s.timeline.size() > TIMELINE_LIMIT) {
      boolean first = s.timelineOmitted == 0;
      TimelineEntry omitted = s.timeline.remove(first ? TIMELINE_HEAD : TIMELINE_HEAD + 1);
      s.timelineOmitted++;
      Instant since = first ? omitted.at() : s.timeline.get(TIMELINE_HEAD).at();
      TimelineEntry marker =
          new TimelineEntry(
              since,
              SYSTEM,
              s.timelineOmitted + " timeline entries omitted here",
              "The timeline keeps its first "
                  + TIMELINE_HEAD
                  + " and latest "
                  + (TIMELINE_LIMIT - TIMELINE_HEAD - 1)
                  + " entries");
      if (first) {
        s.timeline.add(TIMELINE_HEAD, marker);
      } else {
        s.timeline.set(TIMELINE_HEAD, marker);
      }
    }
  }

  /** Search attributes (when changed) and the current details shown by the Temporal UI. */
  private void publish() {
    String attributes = s.severity + "|" + s.service + "|" + s.phase + "|" + s.acknowledged();
    if (!attributes.equals(publishedSearchAttributes)) {
      publishedSearchAttributes = attributes;
      Workflow.upsertTypedSearchAttributes(
          IncidentSearchAttributes.SEVERITY.valueSet(s.severity.name()),
          IncidentSearchAttributes.SERVICE.valueSet(Texts.boundedName(s.service, MAX_NAME)),
          IncidentSearchAttributes.PHASE.valueSet(s.phase.name()),
          IncidentSearchAttributes.ACKNOWLEDGED.valueSet(s.acknowledged()));
    }
    Workflow.setCurrentDetails(IncidentDetails.render(s, policy, zone()));
    writeHistoryIfChanged();
  }

  /** Sends the history store the incident's summary when something it keeps has changed. */
  private void writeHistoryIfChanged() {
    // Under the hardened lifecycle a flapping recovery (MITIGATING <-> MONITORING) is not a new
    // summary each time: what the store keeps changes at detection, acknowledgement, actions,
    // resolution, impact and closure.
    Phase stored = hardened && s.phase == Phase.MONITORING ? Phase.MITIGATING : s.phase;
    String key =
        stored
            + "|"
            + s.severity
            + "|"
            + s.acknowledgedAt
            + "|"
            + s.actionsRun
            + "|"
            + s.usersAffected
            + "|"
            + s.postmortemWorkflowId;
    if (!historyStore || key.equals(s.historyKey)) {
      return;
    }
    s.historyKey = key;
    IncidentSummary summary = summary();
    // Before the hardened lifecycle, continue-as-new waited for these writes too.
    boolean counted = hardened;
    if (counted) {
      historyWrites++;
    } else {
      inFlight++;
    }
    Async.procedure(
        () -> {
          try {
            history.recordIncident(summary);
          } catch (ActivityFailure e) {
            Failures.rethrowIfCanceled(e);
            record(SYSTEM, "Incident history not written", Failures.describe(e));
          } finally {
            if (counted) {
              historyWrites--;
            } else {
              inFlight--;
            }
          }
        });
  }

  private IncidentSummary summary() {
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
        now());
  }

  private IncidentBrief brief() {
    return new IncidentBrief(
        s.incidentId,
        s.title,
        s.service,
        s.namespace,
        s.severity,
        s.impact,
        s.phase,
        s.channel != null ? s.channel.name() : channelName(),
        s.channel != null ? s.channel.id() : null,
        s.commander(),
        s.detectedAt);
  }

  private IncidentUpdate update(Instant nextUpdateAt) {
    List<String> taken = new ArrayList<>();
    if (s.acknowledged()) {
      taken.add("Acknowledged by " + s.acknowledgedBy + " at " + time(s.acknowledgedAt));
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
          next.add("Monitor recovery until " + time(s.monitoringEndsAt));
          eta = "Resolution at " + time(s.monitoringEndsAt) + " if recovery holds";
        }
      }
      default -> {
        if (s.closureWaitRecorded && s.usersAffected == null && s.phase == Phase.RESOLVED) {
          next.add(
              "Record the users affected before "
                  + time(s.closeDueAt)
                  + ": signal recordImpact with "
                  + RECORD_IMPACT_JSON);
        }
        next.add("Postmortem review within " + Texts.duration(policy.postmortemReviewWithin()));
        eta = "Resolved at " + time(s.resolvedAt);
      }
    }
    return new IncidentUpdate(
        brief(),
        s.phase.updateStatus(),
        s.impact + ": " + s.title + " (" + s.service + ")",
        taken,
        next,
        eta,
        nextUpdateAt,
        s.updatesPosted);
  }

  private StatusPageNotice statusPageNotice(Instant nextUpdateAt) {
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
                + time(nextUpdateAt);
    return new StatusPageNotice(
        brief(), s.statusPage, component, userImpact, message, nextUpdateAt);
  }

  // ---------------------------------------------------------------- helpers

  /** Runs an activity call; a failure after its retries goes on the timeline and returns null. */
  private <T> T attemptGet(String what, Supplier<T> call) {
    T result = attemptQuietly(call);
    if (result == null && lastFailure != null) {
      record(SYSTEM, what + " failed", lastFailure);
    }
    return result;
  }

  /**
   * As {@link #attemptGet} without the timeline line: null on failure, with why in {@link
   * #lastFailure} (read it before anything else can run).
   */
  private <T> T attemptQuietly(Supplier<T> call) {
    inFlight++;
    try {
      T result = call.get();
      lastFailure = null; // after the call: other coroutines may have run while it waited
      return result;
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      lastFailure = Failures.describe(e);
      return null;
    } finally {
      inFlight--;
    }
  }

  /** As {@link #attemptGet}, for calls without a result; true when it succeeded. */
  private boolean attempt(String what, Runnable call) {
    return attemptGet(
            what,
            () -> {
              call.run();
              return Boolean.TRUE;
            })
        != null;
  }

  /**
   * Stores an alert under its key. Past the first {@link #DETAILED_ALERTS} alerts only what tells
   * an alert apart is kept (status, times, fingerprint, and the labels that differ from the first
   * alert's), so a storm of thousands of alerts stays within Temporal's payload limits when the
   * state is queried or carried by continue-as-new. Returns the alert stored before, if any.
   */
  private Alert keep(Alert alert) {
    String key = alert.key();
    Alert previous = s.alerts.get(key);
    if (previous == null
        && (s.alerts.size() >= policy.maxAlertsPerIncident()
            || s.alertBytes + approximateBytes(alert) > ALERT_BYTES_BUDGET)) {
      if (s.alertsNotKept++ == 0) {
        record(
            SYSTEM,
            "More than "
                + s.alerts.size()
                + " distinct alerts (the limit is "
                + policy.maxAlertsPerIncident()
                + " or about "
                + ALERT_BYTES_BUDGET / 1000
                + " KB)",
            "Further new alerts are counted in alertsNotKept, not stored (payload limit)");
      }
      return null;
    }
    boolean detailed =
        s.alerts.size() < DETAILED_ALERTS
            || (previous != null && !previous.annotations().isEmpty());
    if (!detailed) {
      Map<String, String> first = s.alerts.values().iterator().next().labels();
      Map<String, String> own = new LinkedHashMap<>();
      for (Map.Entry<String, String> label : alert.labels().entrySet()) {
        if (label.getKey().equals("alertname")
            || !label.getValue().equals(first.get(label.getKey()))) {
          own.put(label.getKey(), label.getValue());
        }
      }
      alert =
          new Alert(
              alert.source(),
              alert.status(),
              alert.fingerprint(),
              own,
              Map.of(),
              alert.startsAt(),
              alert.endsAt(),
              null,
              alert.externalId());
    }
    s.alerts.put(key, alert);
    s.alertBytes += approximateBytes(alert) - (previous == null ? 0 : approximateBytes(previous));
    return previous;
  }

  /** About how many bytes an alert takes in the state's JSON. */
  private static long approximateBytes(Alert alert) {
    long bytes = 120 + length(alert.fingerprint()) + length(alert.generatorUrl());
    bytes += length(alert.externalId());
    for (Map<String, String> values : List.of(alert.labels(), alert.annotations())) {
      for (Map.Entry<String, String> entry : values.entrySet()) {
        bytes += 6 + length(entry.getKey()) + length(entry.getValue());
      }
    }
    return bytes;
  }

  private static long length(String text) {
    return text == null ? 0 : text.length();
  }

  private boolean allAlertsResolved() {
    boolean any = false;
    for (Alert alert : s.alerts.values()) {
      if (alert.source() == AlertSource.MANUAL) {
        continue;
      }
      if (alert.firing()) {
        return false;
      }
      any = true;
    }
    return any;
  }

  private void ignored(String signal, String field) {
    s.lastSignalNotUnderstood = signal + ": field '" + field + "' is required";
    record(SYSTEM, "Ignored " + signal + " signal: field '" + field + "' is required", "");
    publish();
  }

  /**
   * A person's signal without input, or whose JSON did not fit (see {@link
   * SignalPayloadConverter}): said on the timeline and in the current details, with what to send.
   */
  private void notUnderstood(IncidentSignals signal) {
    String problem = SignalPayloadConverter.takeProblem();
    String why = problem == null ? "it came without input" : problem;
    s.lastSignalNotUnderstood = signal.signalName() + ": " + why;
    record(
        SYSTEM,
        "Signal " + signal.signalName() + " not understood: " + why,
        "Nothing changed; send e.g. " + signal.example());
    publish();
  }

  /** A person's name as given, trimmed and bounded. */
  private static String personName(String name) {
    return Texts.truncated(name.trim(), 200);
  }

  private MitigationAction find(String id) {
    int index = indexOf(id);
    return index < 0 ? null : s.actions.get(index);
  }

  private int indexOf(String id) {
    for (int i = 0; i < s.actions.size(); i++) {
      if (s.actions.get(i).id().equals(id == null ? null : id.trim())) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> ids(List<MitigationAction> actions) {
    return actions.stream().map(MitigationAction::id).toList();
  }

  static String approveJson(String id) {
    return "{\"actionId\":" + Texts.json(id) + ",\"approver\":\"" + YOUR_NAME + "\"}";
  }

  static String rejectJson(String id) {
    return "{\"actionId\":"
        + Texts.json(id)
        + ",\"approver\":\""
        + YOUR_NAME
        + "\",\"reason\":\"why\"}";
  }

  private String channelName() {
    return Texts.channelName(s.detectedAt, zone(), s.service, s.incidentId);
  }

  private ZoneId zone() {
    return policy.calendar().zoneId();
  }

  private String time(Instant at) {
    return Texts.time(at, zone());
  }

  private static String note(String note) {
    return note == null || note.isBlank() ? "" : ": " + note;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static Duration until(Instant at) {
    Duration wait = Duration.ofMillis(at.toEpochMilli() - Workflow.currentTimeMillis());
    return wait.isNegative() ? Duration.ZERO : wait;
  }
}
