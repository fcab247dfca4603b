package io.incidentresponse.starter.incident;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.workflows.drill.DrillWorkflow;
import io.incidentresponse.workflows.maintenance.MaintenanceWorkflow;
import io.temporal.client.WorkflowClient;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The running maintenances and drills, listed with one visibility query every {@code
 * incident.ingestion.running-list-interval}, so that the alerts of a service with neither (nearly
 * every alert) cost no look-up of their own. It only ever says "certainly not running"; every other
 * answer (the list is older than two intervals, it failed, it was never taken, the server has no
 * visibility, the workflow was started through this starter after the list was taken) sends the
 * caller to its own look-up, as before the list existed. Visibility lags the server by up to a
 * second or so: a maintenance started through another starter is seen within an interval and that
 * lag, as the doors' own memory of "not running" (10 s) allowed before.
 */
@Component
public class RunningList {
  private static final Logger log = LoggerFactory.getLogger(RunningList.class);

  /** More running maintenances and drills than this: the list is not kept (look up each). */
  static final int MOST_LISTED = 10_000;

  /** How long a workflow started through this starter is believed running without the list. */
  static final Duration VISIBILITY_LAG = Duration.ofSeconds(5);

  static final String QUERY =
      "ExecutionStatus = 'Running' AND WorkflowType IN ('"
          + MaintenanceWorkflow.TYPE
          + "', '"
          + DrillWorkflow.TYPE
          + "')";

  private record Snapshot(Set<String> running, Instant listedAt) {}

  private final WorkflowClient client;
  private final TemporalCalls calls;
  private final Clock clock;
  private final Duration interval;
  private final Map<String, Instant> startedHere = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "running-list");
            thread.setDaemon(true);
            return thread;
          });
  private volatile Snapshot snapshot;
  private volatile boolean unsupported;
  private boolean failing; // only the timer's thread

  public RunningList(
      WorkflowClient client, TemporalCalls calls, IncidentProperties properties, Clock clock) {
    this.client = client;
    this.calls = calls;
    this.clock = clock;
    this.interval = properties.ingestion().runningListInterval();
    this.unsupported = interval.isZero();
  }

  @EventListener(ApplicationReadyEvent.class)
  void start() {
    if (!unsupported) {
      timer.scheduleWithFixedDelay(
          this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
  }

  /**
   * True only when a list taken within the last two intervals does not hold {@code workflowId} and
   * it was not started through this starter since: the caller may skip its look-up.
   */
  public boolean certainlyNotRunning(String workflowId) {
    Snapshot current = snapshot;
    if (unsupported || current == null) {
      return false;
    }
    Instant now = clock.instant();
    if (current.listedAt().plus(interval.multipliedBy(2)).isBefore(now)) {
      return false;
    }
    return !current.running().contains(workflowId) && !startedHere.containsKey(workflowId);
  }

  /** A maintenance or drill was started through this starter: believed running until listed. */
  public void started(String workflowId) {
    startedHere.put(workflowId, clock.instant());
  }

  /** Takes the list; a server without visibility stops the timer for good. */
  void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      if (unimplemented(e)) {
        unsupported = true;
        timer.shutdown();
        log.info("no visibility on this Temporal: maintenances and drills are looked up per alert");
        return;
      }
      if (!failing) {
        // once per outage, not every interval
        log.warn(
            "running maintenances and drills not listed ({}); looked up per alert until they are",
            e.toString());
      }
      failing = true;
      return;
    }
    if (failing) {
      log.info("running maintenances and drills listed again");
    }
    failing = false;
  }

  /** Takes the list now (the timer does every interval). */
  void refresh() {
    Instant listedAt = clock.instant();
    Set<String> running = new HashSet<>();
    calls.call(
        () -> {
          client
              .listExecutions(QUERY)
              .limit(MOST_LISTED + 1L)
              .forEach(m -> running.add(m.getExecution().getWorkflowId()));
          return null;
        });
    if (running.size() > MOST_LISTED) {
      snapshot = null;
      return;
    }
    snapshot = new Snapshot(Set.copyOf(running), listedAt);
    startedHere.values().removeIf(at -> at.plus(VISIBILITY_LAG).isBefore(listedAt));
  }

  private static boolean unimplemented(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        return grpc.getStatus().getCode() == Status.Code.UNIMPLEMENTED;
      }
    }
    return false;
  }
}
