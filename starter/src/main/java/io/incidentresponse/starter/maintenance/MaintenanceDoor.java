package io.incidentresponse.starter.maintenance;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.RunningList;
import io.incidentresponse.starter.incident.TemporalCalls;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.maintenance.HeldAlerts;
import io.incidentresponse.workflows.maintenance.MaintenanceWorkflow;
import io.incidentresponse.workflows.policy.Classifier;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Holds alerts for a service under maintenance instead of opening an incident. A group of alerts is
 * held only when every alert fires, it is not a P0, no incident for its key is running (an incident
 * open before the maintenance keeps its alerts), and the maintenance of its service (or of every
 * service) says yes. Whenever the answer is not a clear yes (the maintenance is ending, its worker
 * does not answer in time), the alerts go to their incident as usual: a maintenance may cost a
 * needless incident, never a lost alert.
 */
@Component
public class MaintenanceDoor {
  private static final Logger log = LoggerFactory.getLogger(MaintenanceDoor.class);

  /**
   * How long "no maintenance" is believed without asking Temporal again: an alert storm over many
   * services costs at most one look per service (and one for every service) in this time. A
   * maintenance started through this starter is seen at once, one started through another starter
   * within this time.
   */
  static final Duration REMEMBER = Duration.ofSeconds(10);

  private final WorkflowClient client;
  private final TemporalCalls calls;
  private final IncidentProperties properties;
  private final Clock clock;
  private final RunningList runningList;
  private final Map<String, Instant> quietUntil = new ConcurrentHashMap<>();

  public MaintenanceDoor(
      WorkflowClient client,
      TemporalCalls calls,
      IncidentProperties properties,
      Clock clock,
      RunningList runningList) {
    this.client = client;
    this.calls = calls;
    this.properties = properties;
    this.clock = clock;
    this.runningList = runningList;
  }

  /**
   * The maintenance that held {@code alerts}, or null when they go to their incident.
   *
   * @param incidentId the incident the alerts would go to
   */
  public String hold(List<Alert> alerts, String incidentId) {
    if (alerts.isEmpty() || alerts.stream().anyMatch(a -> a.status() != AlertStatus.FIRING)) {
      return null;
    }
    String service = Classifier.serviceOf(alerts.get(0));
    String maintenance = running(service);
    if (maintenance == null) {
      return null;
    }
    if (Classifier.classify(alerts, properties.policy(), null).severity() == Severity.P0) {
      return null;
    }
    if (isRunning(incidentId)) {
      return null;
    }
    HeldAlerts held =
        new HeldAlerts(
            alerts.get(0).source().name(),
            alerts.stream().map(Alert::alertName).distinct().limit(20).toList(),
            alerts.size(),
            clock.instant());
    try {
      MaintenanceWorkflow stub = client.newWorkflowStub(MaintenanceWorkflow.class, maintenance);
      boolean yes = calls.ask(maintenance, true, () -> stub.holdAlerts(held));
      return yes ? maintenance : null;
    } catch (RuntimeException e) {
      log.warn(
          "{} did not hold {} alert(s) for {} ({}); they go to {}",
          maintenance,
          alerts.size(),
          service,
          e.getMessage(),
          incidentId);
      return null;
    }
  }

  /** The running maintenance of {@code service}, or of every service; null when there is none. */
  private String running(String service) {
    for (String id :
        List.of(
            MaintenanceWorkflow.workflowId(service),
            MaintenanceWorkflow.workflowId(MaintenanceWorkflow.ALL))) {
      Instant now = clock.instant();
      Instant quiet = quietUntil.get(id);
      if ((quiet != null && now.isBefore(quiet)) || runningList.certainlyNotRunning(id)) {
        continue;
      }
      if (isRunning(id)) {
        return id;
      }
      if (quietUntil.size() >= 10_000) {
        quietUntil.clear();
      }
      quietUntil.put(id, now.plus(REMEMBER));
    }
    return null;
  }

  /** Forgets what it believed about {@code service}: its maintenance just started. */
  public void forget(String service) {
    quietUntil.remove(MaintenanceWorkflow.workflowId(service));
    runningList.started(MaintenanceWorkflow.workflowId(service));
  }

  private boolean isRunning(String workflowId) {
    return calls.isRunning(workflowId, null);
  }
}
