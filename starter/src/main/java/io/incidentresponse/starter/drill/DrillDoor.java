package io.incidentresponse.starter.drill;

import io.incidentresponse.starter.incident.RunningList;
import io.incidentresponse.starter.incident.TemporalCalls;
import io.incidentresponse.starter.incident.TemporalUnavailableException;
import io.incidentresponse.workflows.drill.DrillIncident;
import io.incidentresponse.workflows.drill.DrillWorkflow;
import io.incidentresponse.workflows.incident.Severity;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells the incidents of a drill from real ones. An incident that opens from alerts for a service
 * whose drill ({@link DrillWorkflow#workflowId} {@code drill-<service>}) is running is the drill's:
 * it starts marked, and the drill hears of it ({@code incidentOpened}, {@code drill=true}). A
 * person's declaration is always real: never marked, and the drill hears of it with {@code
 * drill=false} (a real incident on the drilled service, which stops the drill).
 *
 * <p>Never in the way of an alert: the look-up has its own short deadline ({@link
 * DrillDoorProperties#lookupDeadline()}); whenever the answer is not a clear yes (Temporal slow or
 * down, the look-up failed) the incident is real. After a look-up that Temporal did not answer in
 * time every look-up is skipped for {@link #REMEMBER}, so an alert storm while Temporal is slow
 * costs one slow look-up, not one per service. Signals to the drill are sent after the incident was
 * accepted; their failures are logged and counted ({@code incident.drills.signals.failed}), never
 * the webhook's.
 */
@Component
public class DrillDoor {
  private static final Logger log = LoggerFactory.getLogger(DrillDoor.class);

  /**
   * How long "no drill on this service" (or "Temporal did not answer") is believed without asking
   * again. A drill's first alert comes after its fault has lasted an alert rule's {@code for}
   * (minutes), so a drill started elsewhere is seen in time; one started through this starter is
   * seen at once ({@link #forget}).
   */
  static final Duration REMEMBER = Duration.ofSeconds(10);

  private final WorkflowClient client;
  private final TemporalCalls calls;
  private final DrillDoorProperties properties;
  private final MeterRegistry meters;
  private final Clock clock;
  private final RunningList runningList;
  private final Map<String, Instant> noDrillUntil = new ConcurrentHashMap<>();
  private volatile Instant skipLookupsUntil = Instant.MIN;

  public DrillDoor(
      WorkflowClient client,
      TemporalCalls calls,
      DrillDoorProperties properties,
      MeterRegistry meters,
      Clock clock,
      RunningList runningList) {
    this.client = client;
    this.calls = calls;
    this.properties = properties;
    this.meters = meters;
    this.clock = clock;
    this.runningList = runningList;
  }

  /**
   * The drill running on {@code service} ({@code drill-<service>}), or null: none runs, or it could
   * not be told in time.
   */
  public String runningOn(String service) {
    if (service == null || service.isBlank()) {
      return null;
    }
    String drillId = DrillWorkflow.workflowId(service);
    Instant now = clock.instant();
    Instant quiet = noDrillUntil.get(drillId);
    if ((quiet != null && now.isBefore(quiet))
        || now.isBefore(skipLookupsUntil)
        || runningList.certainlyNotRunning(drillId)) {
      return null;
    }
    try {
      if (calls.isRunning(drillId, properties.lookupDeadline())) {
        return drillId;
      }
      remember(drillId, now);
      return null;
    } catch (RuntimeException e) {
      doubt("look-up of " + drillId, e, now);
      if (!(e instanceof TemporalUnavailableException)) {
        remember(drillId, now); // e.g. an id the server refuses: this service only
      }
      return null;
    }
  }

  /**
   * Whether {@code incidentId} is running now, so alerts for it join an incident rather than open
   * one; null when that could not be told in time (then the incident is treated as real).
   */
  public Boolean incidentRunning(String incidentId) {
    try {
      return calls.isRunning(incidentId, properties.lookupDeadline());
    } catch (RuntimeException e) {
      doubt("look-up of " + incidentId, e, clock.instant());
      return null;
    }
  }

  /** Whether a drill's incidents tell leadership as real ones do (a setting). */
  public boolean notifiesLeadership() {
    return properties.notifyLeadership();
  }

  /**
   * Tells {@code drillId} that {@code incidentId} opened now, as the drill's ({@code drill}) or as
   * a real one; a failure is logged and counted.
   */
  public void tell(String drillId, String incidentId, Severity severity, boolean drill) {
    DrillIncident incident = new DrillIncident(incidentId, clock.instant(), severity, drill);
    try {
      DrillWorkflow workflow = client.newWorkflowStub(DrillWorkflow.class, drillId);
      calls.call(
          () -> {
            workflow.incidentOpened(incident);
            return null;
          });
      meters
          .counter("incident.drills.signals.sent", "drill", String.valueOf(incident.drill()))
          .increment();
    } catch (RuntimeException e) {
      meters.counter("incident.drills.signals.failed").increment();
      log.warn(
          "{} was not told that incident {} opened (drill={}): {}",
          drillId,
          incident.incidentId(),
          incident.drill(),
          e.getMessage());
    }
  }

  /** Forgets what it believed about {@code service}: its drill just started. */
  public void forget(String service) {
    noDrillUntil.remove(DrillWorkflow.workflowId(service));
    runningList.started(DrillWorkflow.workflowId(service));
    skipLookupsUntil = Instant.MIN;
  }

  private void remember(String drillId, Instant now) {
    if (noDrillUntil.size() >= 10_000) {
      noDrillUntil.clear();
    }
    noDrillUntil.put(drillId, now.plus(REMEMBER));
  }

  /**
   * A look-up failed: the incident is real. Temporal slow or unreachable stops every look-up for
   * {@link #REMEMBER}; any other failure (a refused id) concerns this look-up only.
   */
  private void doubt(String what, RuntimeException e, Instant now) {
    boolean unavailable = e instanceof TemporalUnavailableException;
    if (unavailable) {
      skipLookupsUntil = now.plus(REMEMBER);
    }
    meters.counter("incident.drills.lookups.failed").increment();
    log.warn(
        "{} failed ({}); {} as real ones{}",
        what,
        e.getMessage(),
        unavailable ? "incidents open" : "this incident opens",
        unavailable ? " for the next " + REMEMBER : "");
  }
}
