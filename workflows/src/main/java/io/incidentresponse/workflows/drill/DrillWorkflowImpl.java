package io.incidentresponse.workflows.drill;

import io.incidentresponse.workflows.drill.DrillState.EndReason;
import io.incidentresponse.workflows.drill.DrillState.Status;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.failures.Failures;
import io.incidentresponse.workflows.incident.TimelineEntry;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A drill: read the target, inject the fault, wait for the planned end (a durable timer) while
 * watching for an abort, a real incident on the service and the stop conditions, then revert, score
 * and report. The revert runs in a detached cancellation scope, so a cancelled or failed drill
 * reverts too, and it is retried without end (backoff capped at a minute): a fault left in
 * production is the worst outcome a drill can have.
 *
 * <p>No continue-as-new: the fault stays in at most {@link DrillWorkflow#LONGEST} and the stop
 * conditions are checked at most {@value #MAX_CHECKS} times (the interval grows for long drills),
 * about 11 events a check, so a drill's history stays under 3,000 events.
 */
public class DrillWorkflowImpl implements DrillWorkflow {
  static final int TIMELINE_LIMIT = 200;
  static final int MAX_CHECKS = 240;
  static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(30);
  static final Duration SHORTEST_CHECK_INTERVAL = Duration.ofSeconds(10);

  /** Consecutive stop checks that could not look before the drill reverts: it flies blind. */
  static final int BLIND_CHECKS_LIMIT = 3;

  /** Between two revert attempts that failed for good (the activity's own retries are endless). */
  static final Duration REVERT_PAUSE = Duration.ofMinutes(1);

  private static final int INCIDENTS_KEPT = 20;
  private static final int MAX_STOP_CONDITIONS = 10;
  private static final int MAX_TEXT = 1_000;

  private final DrillActivities prepare =
      stub(
          Duration.ofSeconds(30),
          RetryOptions.newBuilder()
              .setInitialInterval(Duration.ofSeconds(2))
              .setMaximumAttempts(3)
              .build(),
          ActivityCancellationType.TRY_CANCEL);

  // the revert must not run while an inject is still in flight, so a cancel waits for it
  private final DrillActivities injector =
      stub(
          Duration.ofSeconds(60),
          RetryOptions.newBuilder()
              .setInitialInterval(Duration.ofSeconds(2))
              .setMaximumAttempts(3)
              .build(),
          ActivityCancellationType.WAIT_CANCELLATION_COMPLETED);

  private final DrillActivities reverter =
      stub(
          Duration.ofMinutes(2),
          RetryOptions.newBuilder()
              .setInitialInterval(Duration.ofSeconds(2))
              .setBackoffCoefficient(2)
              .setMaximumInterval(Duration.ofMinutes(1))
              .setMaximumAttempts(0)
              .build(),
          ActivityCancellationType.TRY_CANCEL);

  private final DrillActivities watcher =
      stub(
          Duration.ofSeconds(15),
          RetryOptions.newBuilder()
              .setInitialInterval(Duration.ofSeconds(2))
              .setMaximumAttempts(2)
              .build(),
          ActivityCancellationType.TRY_CANCEL);

  private final DrillState s = new DrillState();
  private DrillRequest request;
  private AbortDrillRequest abortRequest;
  private DrillIncident realIncident;
  private DrillIncident drillIncident;
  private boolean injectStarted;
  private int blindChecks;

  @Override
  public DrillState run(DrillRequest request) {
    this.request = request;
    validate(request);
    start(request);
    try {
      s.injection = prepare.capture(target());
      s.dryRun = s.injection.dryRun(); // the worker's guardrails may have made it one
      record(TimelineEntry.SYSTEM, "Target read: " + s.injection.description(), before());
      if (abortRequest != null || realIncident != null) {
        watch(); // stopped while the target was read: nothing goes in
        return s;
      }
      injectStarted = true;
      injector.inject(s.injection);
      s.injectedAt = now();
      s.status = Status.RUNNING;
      record(
          TimelineEntry.SYSTEM,
          (s.dryRun ? "Dry run, nothing changed: " : "Fault injected: ")
              + s.injection.description(),
          "Reverted by " + s.plannedEndAt + " at the latest");
      watch();
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      end(EndReason.FAILED, TimelineEntry.SYSTEM, Failures.describe(e));
    } catch (CanceledFailure e) {
      end(EndReason.CANCELLED, TimelineEntry.SYSTEM, "the drill's workflow was cancelled");
      throw e;
    } finally {
      if (s.endReason == null) {
        // cancelled inside an activity call (its ActivityFailure was rethrown above)
        end(EndReason.CANCELLED, TimelineEntry.SYSTEM, "the drill's workflow was cancelled");
      }
      Workflow.newDetachedCancellationScope(this::finish).run();
    }
    return s;
  }

  private void validate(DrillRequest r) {
    String problem = null;
    if (r == null) {
      problem = "a drill needs a request";
    } else if (!DrillScenarios.known(r.scenario())) {
      problem = "scenario must be one of " + DrillScenarios.ALL + ", was " + r.scenario();
    } else if (blank(r.service()) || blank(r.namespace())) {
      problem = "a drill needs a service and a namespace";
    } else if (r.duration() == null
        || r.duration().isNegative()
        || r.duration().isZero()
        || r.duration().compareTo(LONGEST) > 0) {
      problem = "duration must be positive and at most " + LONGEST.toHours() + " hours";
    } else if (r.parameters().size() > MAX_PARAMETERS
        || r.parameters().entrySet().stream().anyMatch(DrillWorkflowImpl::oversized)) {
      problem = "at most " + MAX_PARAMETERS + " parameters, each key and value short";
    } else if (r.stopConditions().size() > MAX_STOP_CONDITIONS
        || r.stopConditions().stream()
            .anyMatch(c -> c == null || blank(c.query()) || c.query().length() > MAX_TEXT)) {
      problem = "at most " + MAX_STOP_CONDITIONS + " stop conditions, each with a query";
    } else if (r.checkInterval() != null
        && r.checkInterval().compareTo(SHORTEST_CHECK_INTERVAL) < 0) {
      problem = "checkInterval must be at least " + SHORTEST_CHECK_INTERVAL.toSeconds() + " s";
    }
    if (problem != null) {
      throw ApplicationFailure.newNonRetryableFailure(problem, FailureType.BAD_REQUEST.type());
    }
  }

  private static boolean oversized(Map.Entry<String, String> e) {
    return e.getKey() == null
        || e.getKey().length() > 100
        || (e.getValue() != null && e.getValue().length() > MAX_TEXT);
  }

  private void start(DrillRequest r) {
    s.drillId = Workflow.getInfo().getWorkflowId();
    s.scenario = r.scenario();
    s.service = r.service();
    s.namespace = r.namespace();
    s.startedBy = blank(r.by()) ? TimelineEntry.SYSTEM : r.by();
    s.reason = r.reason();
    s.notifyLeadership = r.notifyLeadership();
    s.dryRun = r.dryRun();
    s.startedAt = now();
    s.plannedEndAt = s.startedAt.plus(r.duration());
    record(
        s.startedBy,
        "Drill " + r.scenario() + " on " + r.namespace() + "/" + r.service() + " started",
        "Planned end " + s.plannedEndAt + (blank(r.reason()) ? "" : "; " + r.reason()));
  }

  /** Waits for the planned end, an abort, a real incident or a tripped stop condition. */
  private void watch() {
    Duration interval = checkInterval();
    while (s.endReason == null) {
      if (abortRequest != null) {
        end(
            EndReason.ABORTED,
            blank(abortRequest.by()) ? "unknown" : abortRequest.by(),
            blank(abortRequest.reason()) ? "aborted" : abortRequest.reason());
        return;
      }
      if (realIncident != null) {
        end(
            EndReason.REAL_INCIDENT,
            TimelineEntry.SYSTEM,
            "a real incident opened for " + s.service + ": " + realIncident.incidentId());
        return;
      }
      Duration left = Duration.between(now(), s.plannedEndAt);
      if (left.isNegative() || left.isZero()) {
        end(EndReason.PLANNED_END, TimelineEntry.SYSTEM, "the planned end");
        return;
      }
      boolean woken =
          Workflow.await(
              left.compareTo(interval) < 0 ? left : interval,
              () -> abortRequest != null || realIncident != null);
      if (!woken && now().isBefore(s.plannedEndAt) && !request.stopConditions().isEmpty()) {
        checkStopConditions();
      }
    }
  }

  private Duration checkInterval() {
    Duration asked =
        request.checkInterval() == null ? DEFAULT_CHECK_INTERVAL : request.checkInterval();
    Duration spread = request.duration().dividedBy(MAX_CHECKS);
    return asked.compareTo(spread) < 0 ? spread : asked;
  }

  private void checkStopConditions() {
    StopCheck check;
    try {
      check =
          watcher.checkStopConditions(
              new StopCheckRequest(s.service, s.namespace, request.stopConditions()));
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      blindChecks++;
      String why = Failures.describe(e);
      s.lastCheck = "could not check: " + why;
      boolean notConfigured = why.startsWith(FailureType.NOT_CONFIGURED.type());
      if (notConfigured || blindChecks >= BLIND_CHECKS_LIMIT) {
        end(
            EndReason.STOP_CONDITION,
            TimelineEntry.SYSTEM,
            "the stop conditions cannot be checked ("
                + why
                + "); a drill is not left running blind");
      } else {
        record(TimelineEntry.SYSTEM, "Stop conditions not checked: " + why, "Checked again");
      }
      return;
    }
    blindChecks = 0;
    s.checks++;
    s.lastCheck = check.detail();
    if (check.tripped()) {
      end(EndReason.STOP_CONDITION, TimelineEntry.SYSTEM, check.detail());
    }
  }

  private void end(EndReason reason, String by, String detail) {
    if (s.endReason != null) {
      return;
    }
    s.endReason = reason;
    s.endedBy = by;
    s.endDetail = detail;
    record(by, "Drill ends: " + reason.name().toLowerCase().replace('_', ' '), detail);
  }

  /** Revert (when anything may have been injected), score, report. Detached: runs on cancel. */
  private void finish() {
    s.status = Status.REVERTING;
    if (injectStarted) {
      revert();
    } else {
      record(TimelineEntry.SYSTEM, "Nothing was injected", "Nothing to revert");
    }
    score();
    try {
      s.reportPath = prepare.writeReport(s);
      record(TimelineEntry.SYSTEM, "Drill report written", s.reportPath);
    } catch (ActivityFailure e) {
      record(TimelineEntry.SYSTEM, "No drill report: " + Failures.describe(e), "");
    }
    // last, so whoever waits for ENDED finds the score and the report's path
    s.status = Status.ENDED;
    s.endedAt = now();
  }

  private void revert() {
    while (true) {
      try {
        String done = reverter.revert(s.injection);
        s.revertedAt = now();
        record(TimelineEntry.SYSTEM, "Fault reverted", done);
        return;
      } catch (ActivityFailure e) {
        record(
            TimelineEntry.SYSTEM,
            "Revert failed: " + Failures.describe(e),
            "Tried again in " + REVERT_PAUSE.toMinutes() + " min; the fault is still in");
        Workflow.sleep(REVERT_PAUSE);
      }
    }
  }

  private void score() {
    if (s.injectedAt == null) {
      return;
    }
    DrillIncident incident = drillIncident;
    if (incident == null) {
      s.score = DrillScore.notDetected(request.targets());
      record(TimelineEntry.SYSTEM, "Score: not detected", "No incident opened during the drill");
      return;
    }
    try {
      IncidentTimes times = prepare.incidentTimes(incident.incidentId());
      s.score = DrillScore.of(s.injectedAt, times, request.targets());
    } catch (ActivityFailure e) {
      s.score = DrillScore.unread(incident, s.injectedAt, request.targets(), Failures.describe(e));
    }
    record(
        TimelineEntry.SYSTEM,
        "Score: " + s.score.met() + " of " + s.score.measures().size() + " targets met",
        incident.incidentId());
  }

  @Override
  public void incidentOpened(DrillIncident incident) {
    if (incident == null || blank(incident.incidentId())) {
      return;
    }
    boolean seen = s.incidents.stream().anyMatch(i -> i.incidentId().equals(incident.incidentId()));
    if (seen) {
      return;
    }
    if (s.incidents.size() < INCIDENTS_KEPT) {
      s.incidents.add(incident);
    }
    if (incident.drill()) {
      if (drillIncident == null) {
        drillIncident = incident;
        s.drillIncidentId = incident.incidentId();
      }
      record(
          TimelineEntry.SYSTEM,
          "Drill incident opened: " + incident.incidentId() + " (" + incident.severity() + ")",
          "");
    } else {
      boolean stops = realIncident == null && s.endReason == null;
      if (stops) {
        realIncident = incident;
      }
      record(
          TimelineEntry.SYSTEM,
          "Real incident opened: " + incident.incidentId() + " (" + incident.severity() + ")",
          stops ? "The drill stops: the fault is reverted at once" : "");
    }
  }

  @Override
  public void abort(AbortDrillRequest request) {
    if (abortRequest == null && s.endReason == null) {
      abortRequest = request == null ? new AbortDrillRequest(null, null) : request;
    }
  }

  @Override
  public DrillState state() {
    return s;
  }

  private DrillTarget target() {
    return new DrillTarget(
        s.drillId, s.scenario, s.service, s.namespace, request.parameters(), s.dryRun);
  }

  private String before() {
    return s.injection.before().isEmpty() ? "" : "Before: " + s.injection.before();
  }

  private void record(String actor, String event, String action) {
    s.timeline.add(new TimelineEntry(now(), actor, event, action == null ? "" : action));
    while (s.timeline.size() > TIMELINE_LIMIT) {
      s.timeline.remove(1);
    }
  }

  private static DrillActivities stub(
      Duration startToClose, RetryOptions retry, ActivityCancellationType cancellation) {
    return Workflow.newActivityStub(
        DrillActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(startToClose)
            .setRetryOptions(retry)
            .setCancellationType(cancellation)
            .build());
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
