package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.approval.ApprovalRules;
import io.incidentresponse.workflows.capabilities.Capabilities;
import io.incidentresponse.workflows.capabilities.CapabilityActivities;
import io.incidentresponse.workflows.capabilities.Integration;
import io.incidentresponse.workflows.closure.ImpactActivities;
import io.incidentresponse.workflows.communication.ChatActivities;
import io.incidentresponse.workflows.communication.PagingActivities;
import io.incidentresponse.workflows.communication.StakeholderActivities;
import io.incidentresponse.workflows.communication.StatusPageActivities;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.failures.Failures;
import io.incidentresponse.workflows.identity.IdentityActivities;
import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.incidentresponse.workflows.metrics.IncidentSummary;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.mitigation.MitigationActivities;
import io.incidentresponse.workflows.oncall.OnCallActivities;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.Priority;
import io.temporal.common.RetryOptions;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * What every runbook step of one incident shares: its state and policy, the activity stubs with
 * their options, the timeline, what people see (search attributes, current details, the history
 * store) and the counters that keep continue-as-new and completion from abandoning work. One per
 * workflow run, built in its {@code @WorkflowInit} constructor; deterministic like all workflow
 * code.
 */
final class IncidentContext {
  static final Logger log = Workflow.getLogger(IncidentWorkflowImpl.class);
  static final String SYSTEM = TimelineEntry.SYSTEM;

  /** {@link Workflow#getVersion} id of the change that writes the incident history store. */
  static final String HISTORY_STORE_CHANGE = "history-store";

  /**
   * {@link Workflow#getVersion} id of the lifecycle that holds under stress (asked once, when a run
   * starts): the page and the diagnosis never wait behind Slack (the initial response and every
   * notice run beside the loop), P3 is not paged until its response time, unverifiable recovery
   * never loops, a failed check re-diagnoses at most every {@link Monitoring#REDIAGNOSE_AFTER},
   * continue-as-new never waits for the history store, and closure's notices go out together.
   */
  static final String HARDENED_LIFECYCLE_CHANGE = "hardened-lifecycle";

  /**
   * {@link Workflow#getVersion} id of approvals that know who approved (asked once, when a run
   * starts): an action's risk is the policy's (a request may raise it), its requester may not
   * approve it, the policy may ask for several approvers and for verified identities, and each
   * approval records how the approver's identity was established.
   */
  static final String VERIFIED_APPROVALS_CHANGE = "verified-approvals";

  /**
   * {@link Workflow#getVersion} id of pages that go to a person (asked once, when a run starts):
   * before the first page and at each escalation the roster resolves the level to the person on
   * call at that moment ({@link OnCallActivities#resolveTarget}), and the state keeps every page.
   */
  static final String ESCALATION_TARGETS_CHANGE = "escalation-targets";

  /**
   * {@link Workflow#getVersion} id of security incidents handled privately (asked once, when a run
   * starts): see {@link IncidentState#security}.
   */
  static final String SECURITY_INCIDENTS_CHANGE = "security-incidents";

  /**
   * {@link Workflow#getVersion} id of acknowledging and resolving the page once per person it
   * reached (asked once, when a run starts): see {@link IncidentState#pagedPeople}.
   */
  static final String PAGE_UPDATES_CHANGE = "page-updates-to-people";

  /**
   * {@link Workflow#getVersion} id of emergency contacts shared by the workflow (asked once, when a
   * run starts): see {@link EmergencyContacts}.
   */
  static final String EMERGENCY_CONTACTS_CHANGE = "emergency-contacts";

  /**
   * {@link Workflow#getVersion} id of the incident that costs little (asked once, first, when a run
   * starts). A run that follows it asks no other change id: every change above and every one its
   * steps ask for is followed. It asks the worker once what is not configured ({@link
   * CapabilityActivities}, a local activity) and calls none of it: one timeline line names them.
   * Search attributes, current details and the history store are published once the run's
   * coroutines have all yielded, not at each change, so one workflow task upserts at most once.
   */
  static final String LEAN_INCIDENT_CHANGE = "lean-incident";

  /**
   * Version 2 of {@link #LEAN_INCIDENT_CHANGE} (asked in its place, no marker of its own): the
   * incident waits in one workflow thread. The lifecycle loop keeps the response time and the
   * update cadence as wake-up times of its own ({@link DeadlineStep}) and publishes before it waits
   * (and when a handler changed what people see while it waits), where version 1 kept three
   * coroutines for the incident's whole life (publishing, the response timer, the update cadence),
   * each a parked workflow thread with its thread locals in the worker's cache.
   */
  static final int ONE_THREAD = 2;

  /**
   * Version 3 of {@link #LEAN_INCIDENT_CHANGE} (asked in its place, no marker of its own): the SDK
   * lets go of a call once it ended. Each activity call runs in a cancellation scope of its own
   * ({@link #released}), detached, so that nothing keeps it once it ended: in Temporal's SDK 1.38 a
   * scope a call has asked for its cancellation request is never removed from its parent, and the
   * call's handler kept the activity's state machines, promises and payloads for the run's life
   * (about 7 KB per waiting incident in a heap dump of 1,000, the opening's calls). Cancelling the
   * run still cancels the calls in flight: the run's own scope cancels theirs ({@link
   * #cancelCallsWithTheRun}). What the history records is unchanged but for the order of the cancel
   * requests of a cancelled run, hence the version.
   */
  static final int RELEASED_CALLS = 3;

  /**
   * Version 4 of {@link #LEAN_INCIDENT_CHANGE} (asked in its place, no marker of its own): search
   * attributes the run was started with (the starter sets severity, service, TRIGGERED and not
   * acknowledged on the signal-with-start that opens an incident) count as published, so a publish
   * that would only repeat them upserts nothing. Read from the started event, so a replay sees the
   * same. A first task that moves the incident on (investigating, mitigating) still upserts.
   */
  static final int START_ATTRIBUTES = 4;

  /** Bounds on text that reaches the state from outside (alerts, people, probes). */
  static final int MAX_NAME = 253;

  static final int MAX_TITLE = 300;
  static final int MAX_EVENT = 1_000;
  static final int MAX_ACTION_TAKEN = 2_000;

  static final ActivityOptions COMMUNICATION =
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

  /**
   * Pages go first in the task queue where the server honours priorities (1 is the highest; the
   * default is 3): in a storm a page must not wait behind probes and Slack calls.
   */
  static final ActivityOptions PAGING =
      ActivityOptions.newBuilder(COMMUNICATION)
          .setPriority(Priority.newBuilder().setPriorityKey(1).build())
          .build();

  /**
   * Who a level means, asked right before its page: short, few tries, first in the queue. A roster
   * that does not answer within a minute costs the page its person, never the page itself.
   */
  static final ActivityOptions ROSTER =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setScheduleToCloseTimeout(Duration.ofSeconds(45))
          .setPriority(Priority.newBuilder().setPriorityKey(1).build())
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumAttempts(3)
                  .build())
          .build();

  // A new activity stub for each use, not kept: a stub is a proxy with the reflected metadata of
  // its interface's methods (in a heap dump of 1,000 waiting incidents, two kept stubs were 18
  // Methods and about 3 KB per incident), and a waiting incident stays in the worker's
  // cache for hours having used a few of the thirteen. Making a stub adds no command to the
  // history, so when and how often it is made changes nothing a replay sees.

  /** Pages, first in the task queue ({@link #PAGING}). */
  PagingActivities paging() {
    return Workflow.newActivityStub(PagingActivities.class, PAGING);
  }

  /** Who a level means, asked right before its page ({@link #ROSTER}). */
  OnCallActivities roster() {
    return Workflow.newActivityStub(OnCallActivities.class, ROSTER);
  }

  /** Emergency contacts: read from the roster's configuration, not on the page's path. */
  OnCallActivities contacts() {
    return Workflow.newActivityStub(OnCallActivities.class, COMMUNICATION);
  }

  ChatActivities chat() {
    return Workflow.newActivityStub(ChatActivities.class, COMMUNICATION);
  }

  /** Channel creation waits for Slack's pace inside the attempt (see its options). */
  ChatActivities channels() {
    return Workflow.newActivityStub(ChatActivities.class, ChatActivities.CHANNEL_OPTIONS);
  }

  StatusPageActivities statusPage() {
    return Workflow.newActivityStub(StatusPageActivities.class, COMMUNICATION);
  }

  StakeholderActivities stakeholders() {
    return Workflow.newActivityStub(StakeholderActivities.class, COMMUNICATION);
  }

  MitigationActivities mitigator() {
    return Workflow.newActivityStub(MitigationActivities.class, MitigationActivities.RUN_OPTIONS);
  }

  MitigationActivities verifier() {
    return Workflow.newActivityStub(MitigationActivities.class, MitigationActivities.CHECK_OPTIONS);
  }

  ImpactActivities impact() {
    return Workflow.newActivityStub(ImpactActivities.class, COMMUNICATION);
  }

  /**
   * The history store outlives Temporal's retention (monthly metrics). Written in the background: a
   * store that is down delays nothing but the workflow's completion, by at most ten minutes.
   */
  IncidentHistoryActivities history() {
    return Workflow.newActivityStub(
        IncidentHistoryActivities.class, IncidentHistoryActivities.OPTIONS);
  }

  /** Checks the proof that vouches for an approver; local: its verdict is recorded in history. */
  IdentityActivities identity() {
    return Workflow.newLocalActivityStub(IdentityActivities.class, IdentityActivities.OPTIONS);
  }

  /**
   * What the worker has no settings for; asked once per run under {@link #LEAN_INCIDENT_CHANGE}.
   */
  CapabilityActivities capabilityQuestion() {
    return Workflow.newLocalActivityStub(CapabilityActivities.class, CapabilityActivities.OPTIONS);
  }

  /** What this run does not call: everything is called until the run has asked. */
  Capabilities capabilities = Capabilities.ALL;

  final IncidentState s;
  final ResponsePolicy policy;

  /** The runbook's steps, wired by the workflow once all are built. */
  AlertIntake intake;

  Escalation escalation;
  Communication communication;
  Investigation investigation;
  Mitigation mitigation;
  Approvals approvals;
  Resolution resolution;
  Monitoring monitoring;
  Closure closure;
  EmergencyContacts emergencyContacts;

  /** Bumped whenever the acknowledgement deadline or the update cadence changes. */
  int timersVersion;

  /** Activities running now; continue-as-new waits for zero so none is abandoned. */
  int inFlight;

  /** What can be opened beside the loop and must be closed again when the incident closes. */
  enum Opening {
    PAGE,
    STATUS_PAGE,
    CHANNEL
  }

  /** Openings in flight now, by what they open (see {@link Closure#close}). */
  private final java.util.Map<Opening, Integer> openings = new java.util.EnumMap<>(Opening.class);

  /** Runs {@code open} beside the loop, counted as an opening of {@code what} from now on. */
  Promise<Void> openingInBackground(Opening what, Runnable open) {
    openings.merge(what, 1, Integer::sum);
    return inBackground(
        () -> {
          try {
            open.run();
          } finally {
            openings.merge(what, -1, Integer::sum);
          }
        });
  }

  /** Runs {@code open} here, counted as an opening of {@code what} while it runs. */
  void opening(Opening what, Runnable open) {
    openings.merge(what, 1, Integer::sum);
    try {
      open.run();
    } finally {
      openings.merge(what, -1, Integer::sum);
    }
  }

  /** Whether an opening of {@code what} is in flight now. */
  boolean opening(Opening what) {
    return openings.getOrDefault(what, 0) > 0;
  }

  private String publishedSearchAttributes;

  /** Whether this execution writes the history store (set at the start of the run). */
  boolean historyStore;

  /** Whether this run follows {@link #LEAN_INCIDENT_CHANGE} (set at the start of the run). */
  boolean lean;

  /** Whether this run waits in one workflow thread ({@link #ONE_THREAD}; set at its start). */
  boolean oneThread;

  /** Under {@link #LEAN_INCIDENT_CHANGE}: something changed that people see, not published yet. */
  private boolean publishDue;

  /** Whether this run follows {@link #HARDENED_LIFECYCLE_CHANGE} (set at the start of the run). */
  boolean hardened;

  /** Whether this run follows {@link #VERIFIED_APPROVALS_CHANGE} (set at the start of the run). */
  boolean verifiedApprovals;

  /** Whether this run follows {@link #ESCALATION_TARGETS_CHANGE} (set at the start of the run). */
  boolean resolvesTargets;

  /** Whether this run follows {@link #SECURITY_INCIDENTS_CHANGE} (set at the start of the run). */
  boolean securityResponse;

  /** Whether this run follows {@link #PAGE_UPDATES_CHANGE} (set at the start of the run). */
  boolean updatesPagedPeople;

  /** Whether this run follows {@link #EMERGENCY_CONTACTS_CHANGE} (set at the start of the run). */
  boolean sharesContacts;

  /** Whether this run's calls are let go of once they end ({@link #RELEASED_CALLS}). */
  boolean releasesCalls;

  /**
   * Under {@link #RELEASED_CALLS}: the scopes of the calls running now, in the order they began.
   */
  private final Set<CancellationScope> callScopes = new LinkedHashSet<>();

  /** Under {@link #RELEASED_CALLS}: the run's own scope has been cancelled. */
  private String runCancelled;

  /**
   * Under {@link #RELEASED_CALLS}, asked once from the run's own scope when the run starts: a
   * cancellation of the run cancels the calls in flight, as it did when they ran in its children.
   */
  void cancelCallsWithTheRun() {
    releasesCalls = true;
    CancellationScope.current()
        .getCancellationRequest()
        .thenApply(
            reason -> {
              runCancelled = reason == null ? "" : reason;
              for (CancellationScope scope : List.copyOf(callScopes)) {
                scope.cancel(reason);
              }
              return null;
            });
  }

  /**
   * Runs one activity call; under {@link #RELEASED_CALLS} in a detached cancellation scope of its
   * own, which nothing refers to once the call has ended (see there), cancelled with the run.
   */
  <T> T released(Supplier<T> call) {
    if (!releasesCalls) {
      return call.get();
    }
    List<T> result = new ArrayList<>(1);
    CancellationScope scope = scope(() -> result.add(call.get()));
    try {
      scope.run();
    } finally {
      ended(scope);
    }
    return result.get(0);
  }

  /**
   * A cancellation scope for {@code work}: a child of the current scope, or under {@link
   * #RELEASED_CALLS} a detached one that the run's cancellation reaches through {@link
   * #cancelCallsWithTheRun} until {@link #ended}.
   */
  CancellationScope scope(Runnable work) {
    if (!releasesCalls) {
      return Workflow.newCancellationScope(work);
    }
    CancellationScope scope = Workflow.newDetachedCancellationScope(work);
    if (runCancelled != null || CancellationScope.current().isCancelRequested()) {
      // as a child of a cancelled scope is cancelled when it is made
      scope.cancel(runCancelled == null || runCancelled.isEmpty() ? null : runCancelled);
    }
    callScopes.add(scope);
    return scope;
  }

  /** {@code scope} has ended or is given up: the run's cancellation no longer reaches it. */
  void ended(CancellationScope scope) {
    callScopes.remove(scope);
  }

  /** History store writes running now: completion waits for them, continue-as-new does not. */
  int historyWrites;

  /** Why the latest activity call made through {@link #attemptGet} failed. */
  String lastFailure;

  /** Whether that call was never made: its integration is not configured on this worker. */
  boolean lastNotCalled;

  IncidentContext(IncidentState state, ResponsePolicy policy) {
    this.s = state;
    this.policy = policy;
  }

  void setPhase(Phase phase, String actor, String event, String action) {
    s.phase = phase;
    log.info("incident {} is {}: {}", s.incidentId, phase, event);
    record(actor, event, action);
    publish();
  }

  /**
   * Appends to the timeline, every text bounded; the timeline itself is bounded too ({@link
   * Timeline}).
   */
  void record(String actor, String event, String actionTaken) {
    Timeline.append(
        s,
        new TimelineEntry(
            now(),
            Texts.truncated(actor, 200),
            Texts.truncated(event, MAX_EVENT),
            actionTaken == null ? "" : Texts.truncated(actionTaken, MAX_ACTION_TAKEN)));
    // The timeline is the record (the state query, the postmortem); the log keeps phase changes.
    log.debug("incident {}: [{}] {} {}", s.incidentId, actor, event, actionTaken);
  }

  /**
   * Whether this run follows {@code changeId} (version 1 of it). Under {@link
   * #LEAN_INCIDENT_CHANGE} every older change is followed without asking: the run's history holds
   * one version marker.
   */
  boolean follows(String changeId) {
    return lean
        || Workflow.getVersion(changeId, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
  }

  /**
   * Under {@link #START_ATTRIBUTES}: takes the search attributes this run was started with as
   * published, when it has all four, is no drill (a drill's incident also carries {@link
   * IncidentSearchAttributes#DRILL}, which the starter does not set) and published nothing yet.
   */
  void takeStartAttributesAsPublished() {
    if (s.drill() || publishedSearchAttributes != null) {
      return;
    }
    SearchAttributes started = Workflow.getTypedSearchAttributes();
    String severity = started.get(IncidentSearchAttributes.SEVERITY);
    String service = started.get(IncidentSearchAttributes.SERVICE);
    String phase = started.get(IncidentSearchAttributes.PHASE);
    Boolean acknowledged = started.get(IncidentSearchAttributes.ACKNOWLEDGED);
    if (severity == null || service == null || phase == null || acknowledged == null) {
      return;
    }
    publishedSearchAttributes = searchAttributesKey(severity, service, phase, acknowledged);
  }

  /** What {@link #publishNow} compares to learn whether the search attributes changed. */
  private static String searchAttributesKey(
      Object severity, String service, Object phase, boolean acknowledged) {
    return severity + "|" + service + "|" + phase + "|" + acknowledged;
  }

  /**
   * Search attributes (when changed) and the current details shown by the Temporal UI; under {@link
   * #LEAN_INCIDENT_CHANGE} once the run's coroutines have yielded ({@link #keepPublishing}, or the
   * loop itself under {@link #ONE_THREAD}).
   */
  void publish() {
    if (lean) {
      publishDue = true;
      return;
    }
    publishNow();
  }

  /**
   * Under {@link #LEAN_INCIDENT_CHANGE}, a coroutine of its own: publishes what changed once the
   * coroutine that changed it yields, so the changes of one workflow task are one upsert and one
   * history store write.
   */
  void keepPublishing() {
    while (true) {
      Workflow.await(() -> publishDue);
      flush();
    }
  }

  /**
   * Under {@link #ONE_THREAD}: the loop is not waiting for work (it acts, and may wait on a call).
   */
  private boolean loopBusy;

  /** Under {@link #ONE_THREAD}: the coroutine of {@link #publishWhileLoopBusy} has not ended. */
  private boolean publisherAlive;

  /**
   * Under {@link #ONE_THREAD}, when the loop starts a pass: what changes while the loop acts (and
   * may wait on a call, e.g. the diagnosis) is published once the coroutine that changed it yields,
   * as {@link #keepPublishing} did, by a coroutine that ends once the loop waits for work again
   * ({@link #loopWaits}); while it waits, the loop publishes itself.
   */
  void publishWhileLoopBusy() {
    loopBusy = true;
    if (publisherAlive) {
      return;
    }
    publisherAlive = true;
    Async.procedure(
        () -> {
          try {
            while (true) {
              Workflow.await(() -> publishDue || !loopBusy);
              if (!loopBusy) {
                return;
              }
              flush();
            }
          } finally {
            publisherAlive = false;
          }
        });
  }

  /** Under {@link #ONE_THREAD}: the loop waits for work; it publishes itself from now on. */
  void loopWaits() {
    loopBusy = false;
  }

  /** Something changed that people see and is not published yet. */
  boolean publishDue() {
    return publishDue;
  }

  /**
   * Publishes now what is due to be published (before the run completes or continues as new, and
   * under {@link #ONE_THREAD} before the loop waits).
   */
  void flush() {
    if (publishDue) {
      publishDue = false;
      publishNow();
    }
  }

  private void publishNow() {
    String attributes = searchAttributesKey(s.severity, s.service, s.phase, s.acknowledged());
    if (!attributes.equals(publishedSearchAttributes)) {
      publishedSearchAttributes = attributes;
      List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
      updates.add(IncidentSearchAttributes.SEVERITY.valueSet(s.severity.name()));
      updates.add(
          IncidentSearchAttributes.SERVICE.valueSet(
              Texts.boundedName(s.service, IncidentSearchAttributes.MAX_SERVICE)));
      updates.add(IncidentSearchAttributes.PHASE.valueSet(s.phase.name()));
      updates.add(IncidentSearchAttributes.ACKNOWLEDGED.valueSet(s.acknowledged()));
      if (s.drill()) {
        // Only on drills: the upserts of real incidents stay what their histories recorded.
        updates.add(IncidentSearchAttributes.DRILL.valueSet(true));
      }
      Workflow.upsertTypedSearchAttributes(updates.toArray(SearchAttributeUpdate<?>[]::new));
    }
    Workflow.setCurrentDetails(IncidentDetails.render(s, policy, zone()));
    writeHistoryIfChanged();
  }

  /** Sends the history store the incident's summary when something it keeps has changed. */
  void writeHistoryIfChanged() {
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
    IncidentSummary summary = IncidentMessages.summary(s, policy, now());
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
            released(
                () -> {
                  history().recordIncident(summary);
                  return Boolean.TRUE;
                });
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

  /**
   * Runs an activity call of {@code integration}; a failure after its retries goes on the timeline
   * and returns null. When this run learnt that the worker has no settings for {@code integration},
   * the call is not made: it returns null with the integration's NOT_CONFIGURED failure in {@link
   * #lastFailure}, as the activity would have failed, so every step keeps what it does when the
   * call fails (no page: nobody paged and why), and without a timeline line of its own (the run's
   * one "Not configured here" line says it).
   */
  <T> T attemptGet(Integration integration, String what, Supplier<T> call) {
    T result = attemptQuietly(integration, call);
    // A call not made (not configured here) is in the run's one "Not configured here" line.
    if (result == null && lastFailure != null && !lastNotCalled) {
      record(SYSTEM, what + " failed", lastFailure);
    }
    return result;
  }

  /**
   * As {@link #attemptGet} without the timeline line: null on failure, with why in {@link
   * #lastFailure} (read it before anything else can run).
   */
  <T> T attemptQuietly(Integration integration, Supplier<T> call) {
    if (capabilities.missing(integration)) {
      lastFailure =
          FailureType.NOT_CONFIGURED.type() + ": " + integration.label() + " is not configured";
      lastNotCalled = true;
      return null;
    }
    inFlight++;
    try {
      T result = released(call);
      lastFailure = null; // after the call: other coroutines may have run while it waited
      lastNotCalled = false;
      return result;
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      lastFailure = Failures.describe(e);
      lastNotCalled = false;
      return null;
    } finally {
      inFlight--;
    }
  }

  /** As {@link #attemptGet}, for calls without a result; true when it succeeded. */
  boolean attempt(Integration integration, String what, Runnable call) {
    return attemptGet(
            integration,
            what,
            () -> {
              call.run();
              return Boolean.TRUE;
            })
        != null;
  }

  /** Runs {@code work} beside the loop; continue-as-new and completion wait for it. */
  Promise<Void> inBackground(Runnable work) {
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

  void ignored(String signal, String field) {
    ignored(signal, field, "");
  }

  /** A person's signal without a field it needs: said, with JSON to start from. */
  void ignored(IncidentSignals signal, String field) {
    ignored(signal.signalName(), field, "Send e.g. " + signal.example());
  }

  private void ignored(String signal, String field, String what) {
    s.lastSignalNotUnderstood = signal + ": field '" + field + "' is required";
    record(SYSTEM, "Ignored " + signal + " signal: field '" + field + "' is required", what);
    publish();
  }

  /**
   * A person's signal without input, or whose JSON did not fit (see {@link
   * SignalPayloadConverter}): said on the timeline and in the current details, with what to send.
   */
  void notUnderstood(IncidentSignals signal) {
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
  static String personName(String name) {
    return ApprovalRules.personName(name);
  }

  MitigationAction find(String id) {
    int index = indexOf(id);
    return index < 0 ? null : s.actions.get(index);
  }

  int indexOf(String id) {
    for (int i = 0; i < s.actions.size(); i++) {
      if (s.actions.get(i).id().equals(id == null ? null : id.trim())) {
        return i;
      }
    }
    return -1;
  }

  static List<String> ids(List<MitigationAction> actions) {
    return actions.stream().map(MitigationAction::id).toList();
  }

  ZoneId zone() {
    return policy.calendar().zoneId();
  }

  String time(Instant at) {
    return Texts.time(at, zone());
  }

  static String note(String note) {
    return note == null || note.isBlank() ? "" : ": " + note;
  }

  static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  static Duration until(Instant at) {
    Duration wait = Duration.ofMillis(at.toEpochMilli() - Workflow.currentTimeMillis());
    return wait.isNegative() ? Duration.ZERO : wait;
  }
}
