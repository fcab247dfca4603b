package io.incidentresponse.bench;

import io.incidentresponse.bench.raw.RawInput;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Issue 18's "8 diagnosis probes of 200 ms": the project's worker is restarted with Kubernetes,
 * Prometheus and Elasticsearch pointed at {@link DiagnosisStub} (8 probes served, each 200 ms at
 * its outside system), one new incident at a time, beside the raw workflow's 8 parallel activities
 * of 200 ms; the worker is restarted without them afterwards, so the other scenarios' incidents
 * schedule no probes. Per incident: the probes' wall time at the stub (first request to last
 * answer: the target row), the diagnosis round in the history (first probe scheduled to the
 * workflow task that recorded the diagnosis) and the incident's start to that task.
 */
final class ProbeScenario {
  /** The probes' activity types (the {@code DiagnosisActivities} methods the stub serves). */
  static final Set<String> PROBE_TYPES =
      Set.of(
          "InspectPods",
          "InspectEvents",
          "InspectRollouts",
          "InspectNodes",
          "ReadPodLogs",
          "QueryMetrics",
          "AnalyzeDependencies",
          "SearchLogs");

  private static final Duration WAIT = Duration.ofMinutes(2);

  /** The raw activity's type ({@code RawActivities.step}). */
  private static final String RAW_STEP = "Step";

  private static final double TARGET_MS = 300;

  /** Restarts the project's worker with these settings added (none: as the other scenarios). */
  @FunctionalInterface
  interface ProjectWorker {
    void restart(Map<String, String> extraSettings) throws Exception;
  }

  /**
   * One incident's diagnosis, in ms; {@code starts} when its probes began (history) and {@code
   * atStubStarts} when their first requests reached the stub, after the first.
   */
  record Measured(
      double atStub,
      double round,
      double startToDiagnosis,
      int probes,
      int retried,
      double slowestProbe,
      ActivityStarts starts,
      List<Double> atStubStarts) {}

  /** The raw workflow's 8 parallel activities: start to completion, and when they began. */
  record RawRound(double millis, ActivityStarts starts) {}

  private final BenchSettings settings;
  private final DiagnosisStub stub;
  private final ProjectSide project;
  private final RawSide raw;
  private final WorkflowClient client;
  private final Report report;
  private final ProjectWorker worker;
  private final Supplier<String> tokens;

  ProbeScenario(
      BenchSettings settings,
      DiagnosisStub stub,
      ProjectSide project,
      RawSide raw,
      WorkflowClient client,
      Report report,
      ProjectWorker worker,
      Supplier<String> tokens) {
    this.settings = settings;
    this.stub = stub;
    this.project = project;
    this.raw = raw;
    this.client = client;
    this.report = report;
    this.worker = worker;
    this.tokens = tokens;
  }

  void run() throws Exception {
    BenchRun.log("8 probes of 200 ms: the worker restarted with Kubernetes, Prometheus, logs");
    worker.restart(stub.workerSettings(settings.dir().resolve("diagnosis")));
    try {
      // unmeasured: the worker's first probes pay for fabric8's and OkHttp's set-up and the JIT
      measureIncident();
      int samples = Math.max(3, settings.repeats()) * (settings.shortMode() ? 1 : 2);
      List<Double> atStub = new ArrayList<>();
      List<Double> rounds = new ArrayList<>();
      List<Double> starts = new ArrayList<>();
      List<Double> slowest = new ArrayList<>();
      List<Double> theirs = new ArrayList<>();
      List<Measured> measured = new ArrayList<>();
      List<ActivityStarts> theirStarts = new ArrayList<>();
      int retried = 0;
      for (int i = 0; i < samples; i++) {
        RawRound r = rawProbes();
        theirs.add(r.millis());
        theirStarts.add(r.starts());
        Measured m = measureIncident();
        measured.add(m);
        BenchRun.log(
            String.format(
                java.util.Locale.ROOT,
                "probes began (history, after the first scheduled): %s; raw: %s;"
                    + " first requests at the stub after the first: %s",
                m.starts().describe(),
                r.starts().describe(),
                new ActivityStarts(m.atStubStarts()).describe()));
        atStub.add(m.atStub());
        rounds.add(m.round());
        starts.add(m.startToDiagnosis());
        slowest.add(m.slowestProbe());
        retried += m.retried();
      }
      report(atStub, rounds, starts, slowest, theirs, retried, samples);
      ProbeStartsReport.add(report, scenario(samples), measured, theirStarts);
    } finally {
      BenchRun.log("8 probes of 200 ms: the worker restarted as before");
      worker.restart(Map.of());
    }
  }

  private void report(
      List<Double> atStub,
      List<Double> rounds,
      List<Double> starts,
      List<Double> slowest,
      List<Double> theirs,
      int retried,
      int samples) {
    String scenario = scenario(samples);
    Stats.Summary stubSummary = Stats.Summary.of(atStub);
    Stats.Summary rawSummary = Stats.Summary.of(theirs);
    report.figure(
        scenario,
        "probes' wall time at the outside systems: first request → last answer (target row)",
        Report.cell(stubSummary, "ms"),
        Report.cell(rawSummary, "ms"),
        String.format(java.util.Locale.ROOT, "%.2f", stubSummary.median() / rawSummary.median()),
        Target.atMost(TARGET_MS, "≤ 300 ms"),
        stubSummary.median());
    report.figure(
        scenario,
        "diagnosis round: first probe scheduled → the workflow task that recorded it",
        Report.cell(Stats.Summary.of(rounds), "ms"),
        Report.cell(rawSummary, "ms"),
        "",
        null,
        0);
    report.figure(
        scenario,
        "incident start → diagnosis recorded",
        Report.cell(Stats.Summary.of(starts), "ms"),
        "",
        "",
        null,
        0);
    report.figure(
        scenario,
        "slowest probe activity, scheduled → completed; probes retried",
        Report.cell(Stats.Summary.of(slowest), "ms") + "; " + retried,
        "",
        "",
        null,
        0);
  }

  private static String scenario(int samples) {
    return "8 diagnosis probes of 200 ms, "
        + samples
        + " incidents one at a time (raw: 8 parallel activities, start → completion)";
  }

  /** The raw workflow's 8 parallel activities of 200 ms, start to completion, in ms. */
  private RawRound rawProbes() throws Exception {
    String id = "raw-" + tokens.get();
    long t0 = System.nanoTime();
    raw.signalWithStart(
        id,
        new RawInput(
            PROBE_TYPES.size(), 0, (int) DiagnosisStub.PROBE_TIME.toMillis(), true, null, false),
        "probes");
    raw.awaitCompleted(id, WAIT);
    double millis = (System.nanoTime() - t0) / 1e6;
    return new RawRound(
        millis, ActivityStarts.of(client.fetchHistory(id).getEvents(), RAW_STEP::equals));
  }

  /** Opens one incident of a new service, waits for its diagnosis, terminates it. */
  private Measured measureIncident() throws Exception {
    String token = tokens.get();
    stub.arm();
    ProjectSide.Delivered d = project.deliver(Alerts.firing(List.of(token), "P3"));
    if (!d.accepted() || d.incidentIds().isEmpty()) {
      throw new IllegalStateException("the starter did not accept a one-alert delivery: " + d);
    }
    String id = d.incidentIds().get(0);
    try {
      Measured m = awaitDiagnosis(id);
      if (stub.delayed() != PROBE_TYPES.size()) {
        throw new IllegalStateException(
            "the diagnosis stub saw "
                + stub.delayed()
                + " probes begin, not "
                + PROBE_TYPES.size()
                + " ("
                + stub.requests()
                + " requests): a probe is not served or asked twice");
      }
      return m;
    } finally {
      try {
        client.newUntypedWorkflowStub(id).terminate("bench: measured");
      } catch (WorkflowException alreadyClosed) {
        // closed by itself
      }
    }
  }

  private Measured awaitDiagnosis(String id) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Measured m = diagnosis(client.fetchHistory(id).getEvents(), stub);
      if (m != null) {
        return m;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "incident " + id + " recorded no diagnosis within " + WAIT.toSeconds() + " s");
  }

  /**
   * The diagnosis read from an incident's history once its 8 probes have closed and a workflow task
   * completed after the last: null before that. A probe that failed fails the run (the stub serves
   * every probe, so a failure is the harness's).
   */
  static Measured diagnosis(List<HistoryEvent> events, DiagnosisStub stub) {
    Map<Long, String> probes = new HashMap<>();
    Map<Long, Long> scheduledAt = new HashMap<>();
    long started = -1;
    long firstScheduled = Long.MAX_VALUE;
    long lastClosed = -1;
    long recorded = -1;
    int closed = 0;
    int retried = 0;
    double slowest = 0;
    for (HistoryEvent e : events) {
      long at = ActivityStarts.millis(e);
      EventType type = e.getEventType();
      if (type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) {
        started = at;
      } else if (type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        String activity = e.getActivityTaskScheduledEventAttributes().getActivityType().getName();
        if (PROBE_TYPES.contains(activity)) {
          probes.put(e.getEventId(), activity);
          scheduledAt.put(e.getEventId(), at);
          firstScheduled = Math.min(firstScheduled, at);
        }
      } else if (type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        long scheduled = e.getActivityTaskStartedEventAttributes().getScheduledEventId();
        if (probes.containsKey(scheduled)
            && e.getActivityTaskStartedEventAttributes().getAttempt() > 1) {
          retried++;
        }
      } else if (type == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
        long scheduled = e.getActivityTaskCompletedEventAttributes().getScheduledEventId();
        if (probes.containsKey(scheduled)) {
          closed++;
          lastClosed = at;
          slowest = Math.max(slowest, at - scheduledAt.get(scheduled));
        }
      } else if (type == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED
          || type == EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT) {
        long scheduled =
            type == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED
                ? e.getActivityTaskFailedEventAttributes().getScheduledEventId()
                : e.getActivityTaskTimedOutEventAttributes().getScheduledEventId();
        if (probes.containsKey(scheduled)) {
          throw new IllegalStateException(
              "probe " + probes.get(scheduled) + " did not complete: " + e);
        }
      } else if (type == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED
          && closed == PROBE_TYPES.size()
          && recorded < 0) {
        recorded = at;
      }
    }
    if (recorded < 0 || stub.lastAnswer() == 0) {
      return null;
    }
    return new Measured(
        (stub.lastAnswer() - stub.firstRequest()) / 1e6,
        recorded - firstScheduled,
        recorded - started,
        probes.size(),
        retried,
        slowest,
        ActivityStarts.of(events, PROBE_TYPES::contains),
        stub.probeStartOffsets());
  }
}
