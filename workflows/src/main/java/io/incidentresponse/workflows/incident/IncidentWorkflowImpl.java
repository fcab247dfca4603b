package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.alerts.AlertBatch;
import io.incidentresponse.workflows.capabilities.Capabilities;
import io.incidentresponse.workflows.diagnosis.DiagnosisReport;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.failures.Failures;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * See {@link IncidentWorkflow}. One deterministic object per runbook step ({@link AlertIntake},
 * {@link Escalation}, {@link Communication}, {@link Investigation}, {@link Mitigation}, {@link
 * Monitoring}, {@link Closure}) over a shared {@link IncidentContext}. Signal handlers only record
 * facts in the {@link IncidentState}; one lifecycle loop ({@link #advance()}) turns those facts
 * into activity calls, step by step in runbook order. The response-time escalation and the update
 * cadence are steps of the loop too ({@link DeadlineStep}, {@link IncidentContext#ONE_THREAD}), so
 * a waiting incident holds one workflow thread; runs started before that change keep two timer
 * loops beside it. Every deadline is an absolute time in the state, so continue-as-new resumes
 * every timer where it was.
 */
public class IncidentWorkflowImpl implements IncidentWorkflow {

  /** Incidents opened, tagged by severity (exported by the worker at /actuator/prometheus). */
  public static final String OPENED_METRIC = "incident_opened";

  /** Alerts delivered to a running incident (redeliveries excluded). */
  public static final String JOINED_METRIC = "incident_alerts_joined";

  private final IncidentContext ctx;
  private final IncidentState s;
  private final ResponsePolicy policy;

  /** The edition the input named as its policy, or null: the next run names it too. */
  private final String policyEdition;

  private final AlertIntake intake;
  private final Escalation escalation;
  private final Communication communication;
  private final Investigation investigation;
  private final Mitigation mitigation;
  private final Approvals approvals;
  private final Monitoring monitoring;
  private final Closure closure;
  private final Resolution resolution;
  private final EmergencyContacts emergencyContacts;

  /**
   * The steps the lifecycle loop walks, in runbook order. Communication comes twice: before the
   * diagnosis (the initial response, leadership) and after it (approval requests in the same pass).
   */
  private List<RunbookStep> runbook;

  /** Under {@link IncidentContext#ONE_THREAD}: the loop's timer, kept across its wake-ups. */
  private final LoopTimer timer;

  /** The loop's passes since {@link #passesSince} (a minute of workflow time at most). */
  private int passes;

  private Instant passesSince;

  /** A pass rate no lifecycle needs: the loop spins. */
  static final int MAX_PASSES_PER_MINUTE = 120;

  /** The timeline's event when the loop spun and was stopped. */
  static final String LOOP_STALLED = "The lifecycle loop made no progress";

  /**
   * Builds the state and the steps before any handler runs: with signal-with-start the first {@code
   * alert} signal is handled in the same workflow task as the start, possibly before {@link #run}.
   */
  @WorkflowInit
  public IncidentWorkflowImpl(IncidentInput input) {
    // A name this worker does not know fails the workflow task here (retried until a worker
    // that knows it takes the incident), before anything is decided on a policy it would guess.
    policy = input.resolvedPolicy();
    policyEdition = input.policyEdition();
    s = input.carried() != null ? input.carried() : new IncidentState();
    ctx = new IncidentContext(s, policy);
    timer = new LoopTimer(ctx);
    intake = ctx.intake = new AlertIntake(ctx);
    escalation = ctx.escalation = new Escalation(ctx);
    communication = ctx.communication = new Communication(ctx);
    investigation = ctx.investigation = new Investigation(ctx);
    mitigation = ctx.mitigation = new Mitigation(ctx);
    approvals = ctx.approvals = new Approvals(ctx);
    monitoring = ctx.monitoring = new Monitoring(ctx);
    closure = ctx.closure = new Closure(ctx);
    resolution = ctx.resolution = new Resolution(ctx);
    emergencyContacts = ctx.emergencyContacts = new EmergencyContacts(ctx);
    runbook =
        List.of(
            communication,
            investigation,
            communication,
            mitigation,
            resolution,
            monitoring,
            closure);
    if (input.carried() != null) {
      s.generation++;
    } else if (!input.alerts().isEmpty()) {
      intake.open(input);
    } else {
      // Invalid input: run() fails the workflow; this placeholder only keeps handlers safe.
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
    int lean =
        Workflow.getVersion(
            IncidentContext.LEAN_INCIDENT_CHANGE,
            Workflow.DEFAULT_VERSION,
            IncidentContext.START_ATTRIBUTES);
    ctx.lean = lean != Workflow.DEFAULT_VERSION;
    ctx.oneThread = lean >= IncidentContext.ONE_THREAD;
    if (lean >= IncidentContext.RELEASED_CALLS) {
      ctx.cancelCallsWithTheRun();
    }
    if (lean >= IncidentContext.START_ATTRIBUTES) {
      ctx.takeStartAttributesAsPublished();
    }
    ctx.historyStore = ctx.follows(IncidentContext.HISTORY_STORE_CHANGE);
    ctx.hardened = ctx.follows(IncidentContext.HARDENED_LIFECYCLE_CHANGE);
    ctx.verifiedApprovals = ctx.follows(IncidentContext.VERIFIED_APPROVALS_CHANGE);
    ctx.resolvesTargets = ctx.follows(IncidentContext.ESCALATION_TARGETS_CHANGE);
    ctx.securityResponse = ctx.follows(IncidentContext.SECURITY_INCIDENTS_CHANGE);
    ctx.sharesContacts = ctx.follows(IncidentContext.EMERGENCY_CONTACTS_CHANGE);
    ctx.updatesPagedPeople = ctx.follows(IncidentContext.PAGE_UPDATES_CHANGE);
    if (ctx.lean) {
      learnWhatIsNotConfigured();
      if (ctx.oneThread) {
        ctx.publishWhileLoopBusy();
      } else {
        Async.procedure(ctx::keepPublishing);
      }
    }
    if (ctx.securityResponse && s.phase == Phase.TRIGGERED) {
      intake.markSecurity();
    }
    if (ctx.hardened && s.phase != Phase.TRIGGERED && !s.initialResponseStarted) {
      // Carried from a run before this change, which made its initial response in line.
      s.initialResponseStarted = true;
      s.pageRequested = true;
      s.channelRequested = true;
      s.initialStatusRequested = true;
    }
    if (ctx.hardened && s.phase == Phase.TRIGGERED) {
      // The page is the first command of a new incident; the channel, the posts and the
      // diagnosis follow in the same workflow task, and nothing waits for Slack or the pager.
      s.initialResponseStarted = true;
      communication.communicate();
    }
    if (s.phase == Phase.TRIGGERED) {
      emergencyContacts.shareForSecurityIfDue();
    }
    ctx.publish();
    if (ctx.oneThread) {
      keepDeadlinesInTheLoop();
    } else {
      Async.procedure(escalation::keepResponseTimer);
      Async.procedure(communication::keepUpdateCadence);
    }
    while (s.phase != Phase.CLOSED) {
      advance();
      ctx.publish();
      if (s.phase == Phase.CLOSED) {
        break;
      }
      if (continueAsNewDue()) {
        Workflow.await(() -> ctx.inFlight == 0 && Workflow.isEveryHandlerFinished());
        ctx.flush();
        if (ctx.historyWrites > 0) {
          // Not waited for (the store may be down for minutes): the next run writes again.
          s.historyKey = null;
        }
        IncidentContext.log.info(
            "incident {} continues as new at {} history events",
            s.incidentId,
            Workflow.getInfo().getHistoryLength());
        Workflow.continueAsNew(
            new IncidentInput(
                List.of(),
                policyEdition == null ? policy : null,
                null,
                null,
                s,
                null,
                null,
                false,
                policyEdition));
      }
      waitForWork();
    }
    if (ctx.lean) {
      // What closing changed is published before the run waits for its history store writes.
      Workflow.await(() -> ctx.inFlight == 0 && Workflow.isEveryHandlerFinished());
      ctx.flush();
    }
    Workflow.await(
        () -> ctx.inFlight == 0 && ctx.historyWrites == 0 && Workflow.isEveryHandlerFinished());
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

  /**
   * Asks the worker what it has no settings for (a local activity: the answer is in this run's
   * history) and says it on the timeline once, when it differs from what the previous run was told.
   * A worker that cannot answer is taken to have everything: the calls go out as before.
   */
  private void learnWhatIsNotConfigured() {
    try {
      Capabilities answer = ctx.released(() -> ctx.capabilityQuestion().capabilities());
      ctx.capabilities = answer == null ? Capabilities.ALL : answer.shared();
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      IncidentContext.log.warn(
          "incident {}: the worker did not say what is configured ({}); calling everything",
          s.incidentId,
          Failures.describe(e));
      return;
    }
    // interned: the same two lines on every incident a worker serves, kept in each one's state
    // and timeline for as long as it is open (about 0.7 KB each in a heap dump of 1,000)
    String missing = ctx.capabilities.complete() ? null : ctx.capabilities.describe().intern();
    if (!java.util.Objects.equals(missing, s.notConfigured)) {
      s.notConfigured = missing;
      if (missing != null) {
        ctx.record(
            IncidentContext.SYSTEM,
            ("Not configured here: " + missing).intern(),
            "Not called for this incident; the worker's start-up log says what would configure"
                + " each");
      }
    }
  }

  /**
   * Under {@link IncidentContext#ONE_THREAD}: the response time and the update cadence become steps
   * of the loop, first in each pass (as their timers were first to run when they fired), in place
   * of two coroutines that waited as long as the incident.
   */
  private void keepDeadlinesInTheLoop() {
    DeadlineStep responseTime =
        new DeadlineStep(
            ctx,
            "ResponseTime",
            () ->
                s.acknowledged() || s.escalationExhausted || s.phase.isOver()
                    ? null
                    : s.acknowledgementDueAt,
            escalation::escalate);
    DeadlineStep updateCadence =
        new DeadlineStep(
            ctx,
            "UpdateCadence",
            () -> s.phase.isOver() ? null : s.nextUpdateAt,
            communication::postUpdate);
    List<RunbookStep> steps = new java.util.ArrayList<>(List.of(responseTime, updateCadence));
    steps.addAll(runbook);
    runbook = List.copyOf(steps);
  }

  /** Does everything that is due now, in runbook order. Returns when nothing is left to do. */
  private void advance() {
    if (ctx.oneThread) {
      ctx.publishWhileLoopBusy();
    }
    guardAgainstSpinning();
    for (RunbookStep step : runbook) {
      step.act();
    }
  }

  private boolean hasWork() {
    for (RunbookStep step : runbook) {
      if (step.due()) {
        return true;
      }
    }
    return continueAsNewDue();
  }

  /** Sleeps until the earliest wake-up time of a step, or until a step is due. */
  private void waitForWork() {
    if (ctx.oneThread) {
      waitInOneThread();
      return;
    }
    Instant wakeAt = earliestWakeAt();
    if (wakeAt == null) {
      Workflow.await(this::hasWork);
      return;
    }
    Duration wait = IncidentContext.until(wakeAt);
    if (!wait.isZero()) {
      Workflow.await(wait, this::hasWork);
    }
  }

  private Instant earliestWakeAt() {
    Instant wakeAt = null;
    for (RunbookStep step : runbook) {
      Instant at = step.wakeAt().orElse(null);
      if (at != null && (wakeAt == null || at.isBefore(wakeAt))) {
        wakeAt = at;
      }
    }
    return wakeAt;
  }

  /**
   * {@link #waitForWork} under {@link IncidentContext#ONE_THREAD}: publishes first; while it waits,
   * a handler or a background call that changed what people see wakes it to publish, and one that
   * moved a deadline (an acknowledgement, a severity change, an escalation done) wakes it to move
   * its timer; either way it waits again, on the same timer when the wake-up time did not change.
   */
  private void waitInOneThread() {
    ctx.loopWaits();
    while (true) {
      ctx.flush();
      Instant wakeAt = earliestWakeAt();
      if (wakeAt != null && IncidentContext.until(wakeAt).isZero()) {
        return;
      }
      int seen = ctx.timersVersion;
      if (wakeAt == null) {
        timer.cancel();
        Workflow.await(() -> hasWork() || ctx.publishDue() || ctx.timersVersion != seen);
      } else {
        io.temporal.workflow.Promise<Void> fired = timer.at(wakeAt);
        Workflow.await(
            () ->
                fired.isCompleted() || hasWork() || ctx.publishDue() || ctx.timersVersion != seen);
        if (fired.isCompleted()) {
          return;
        }
      }
      if (hasWork()) {
        return;
      }
    }
  }

  /**
   * The lesson of the monitoring hot loop: every pass of the loop either changes state and then
   * sleeps, or a step's wake-up time was left in the past while nothing was due. More than {@link
   * #MAX_PASSES_PER_MINUTE} passes within a minute of workflow time is the latter: the timeline
   * says so, with what each step reported, the worker logs an error, and the loop sleeps a minute
   * instead of filling the history. Tests assert this never happens.
   */
  private void guardAgainstSpinning() {
    Instant now = IncidentContext.now();
    if (passesSince == null || !now.isBefore(passesSince.plus(Duration.ofMinutes(1)))) {
      passesSince = now;
      passes = 0;
    }
    if (++passes <= MAX_PASSES_PER_MINUTE) {
      return;
    }
    StringBuilder steps = new StringBuilder();
    for (RunbookStep step : runbook) {
      steps
          .append(steps.isEmpty() ? "" : "; ")
          .append(step.getClass().getSimpleName())
          .append(step.due() ? " due" : " not due")
          .append(step.wakeAt().map(at -> ", wakes " + at).orElse(""));
    }
    ctx.record(IncidentContext.SYSTEM, LOOP_STALLED, steps + "; sleeping a minute");
    IncidentContext.log.error("incident {}: {}: {}", s.incidentId, LOOP_STALLED, steps);
    Workflow.sleep(Duration.ofMinutes(1));
    passesSince = null;
  }

  private boolean continueAsNewDue() {
    return Workflow.getInfo().getHistoryLength() >= policy.continueAsNewAfterEvents()
        || Workflow.getInfo().isContinueAsNewSuggested();
  }

  // The handlers only hand on to the step the signal belongs to: each records facts in the state,
  // and the loop turns those facts into activity calls.

  @Override
  public void acknowledge(AcknowledgeRequest request) {
    escalation.acknowledge(request);
  }

  @Override
  public void setSeverity(SetSeverityRequest request) {
    escalation.setSeverity(request);
  }

  @Override
  public void approve(ApproveRequest request) {
    approvals.approve(request);
  }

  @Override
  public void reject(RejectRequest request) {
    approvals.reject(request);
  }

  @Override
  public void validateApproveAction(ApproveRequest request) {
    approvals.validateApproveAction(request);
  }

  @Override
  public ApprovalResult approveAction(ApproveRequest request) {
    return approvals.approveAction(request);
  }

  @Override
  public void requestAction(ActionRequest request) {
    mitigation.requestAction(request);
  }

  @Override
  public void assignRole(AssignRoleRequest request) {
    communication.assignRole(request);
  }

  @Override
  public void addNote(NoteRequest request) {
    communication.addNote(request);
  }

  @Override
  public void markMitigated(MarkMitigatedRequest request) {
    monitoring.markMitigated(request);
  }

  @Override
  public void reopen(ReopenRequest request) {
    monitoring.reopen(request);
  }

  @Override
  public void shareContacts(ShareContactsRequest request) {
    emergencyContacts.shareContacts(request);
  }

  @Override
  public void recordImpact(RecordImpactRequest request) {
    closure.recordImpact(request);
  }

  @Override
  public void resolve(ResolveRequest request) {
    resolution.resolve(request);
  }

  @Override
  public void alert(AlertBatch batch) {
    intake.alert(batch);
  }

  @Override
  public IncidentState state() {
    return s;
  }

  @Override
  public StateSummary summary() {
    return StateSummary.of(s);
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
}
