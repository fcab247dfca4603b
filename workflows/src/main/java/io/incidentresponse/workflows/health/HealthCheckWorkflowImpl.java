package io.incidentresponse.workflows.health;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.failures.Failures;
import io.incidentresponse.workflows.health.HealthIncidentActivities.OpenIncidentRequest;
import io.incidentresponse.workflows.incident.IncidentInput;
import io.incidentresponse.workflows.incident.IncidentKeyRule;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks every service at once (one activity each), and, with a {@link DownServiceWatch}, checks
 * the services that are down again until they are confirmed, then opens an incident for each one
 * still down. A service whose activity failed altogether is UNKNOWN: never down, never an incident.
 */
public class HealthCheckWorkflowImpl implements HealthCheckWorkflow {
  private static final int SERVICES_LIMIT = 200;

  private final HealthCheckActivities checks =
      Workflow.newActivityStub(HealthCheckActivities.class, HealthCheckActivities.OPTIONS);
  private final HealthIncidentActivities incidents =
      Workflow.newActivityStub(HealthIncidentActivities.class, HealthIncidentActivities.OPTIONS);

  @Override
  public HealthReport run(HealthCheckRequest request) {
    List<String> services =
        request.services().stream().filter(s -> s != null && !s.isBlank()).distinct().toList();
    if (services.size() > SERVICES_LIMIT) {
      services = services.subList(0, SERVICES_LIMIT);
    }
    Map<String, ServiceHealth> latest = new LinkedHashMap<>();
    for (ServiceHealth health : checkAll(services, request.namespace())) {
      latest.put(health.service(), health);
    }
    List<String> opened = new ArrayList<>();
    DownServiceWatch watch = request.watch();
    if (watch != null) {
      List<String> down = down(latest);
      for (int round = 2; round <= watch.confirmations() && !down.isEmpty(); round++) {
        Workflow.sleep(watch.confirmAfter());
        for (ServiceHealth health : checkAll(down, request.namespace())) {
          latest.put(health.service(), health);
        }
        down = down(latest);
      }
      for (String service : down) {
        opened.add(open(watch, latest.get(service)));
      }
    }
    HealthStatus overall = services.isEmpty() ? HealthStatus.UNKNOWN : HealthStatus.HEALTHY;
    for (ServiceHealth health : latest.values()) {
      overall = overall.worst(health.status());
    }
    return new HealthReport(now(), overall, List.copyOf(latest.values()), opened);
  }

  private List<ServiceHealth> checkAll(List<String> services, String namespace) {
    List<Promise<ServiceHealth>> running = new ArrayList<>();
    for (String service : services) {
      running.add(
          Async.function(checks::checkService, new ServiceHealthRequest(service, namespace)));
    }
    List<ServiceHealth> results = new ArrayList<>();
    for (int i = 0; i < services.size(); i++) {
      try {
        ServiceHealth health = running.get(i).get();
        results.add(
            health == null
                ? ServiceHealth.unknown(services.get(i), namespace, "the check answered nothing")
                : health);
      } catch (ActivityFailure e) {
        Failures.rethrowIfCanceled(e);
        results.add(
            ServiceHealth.unknown(
                services.get(i), namespace, "could not look: " + Failures.describe(e)));
      }
    }
    return results;
  }

  private static List<String> down(Map<String, ServiceHealth> latest) {
    return latest.values().stream()
        .filter(ServiceHealth::down)
        .map(ServiceHealth::service)
        .toList();
  }

  private String open(DownServiceWatch watch, ServiceHealth health) {
    Alert alert = alertFor(watch, health);
    String incidentId = IncidentKeyRule.workflowId(keys(watch).keyOf(alert, null));
    String deliveryId = "health-check/" + Workflow.getInfo().getWorkflowId();
    IncidentInput input =
        new IncidentInput(List.of(alert), watch.policy(), null, null, null, deliveryId);
    try {
      IncidentOpening opening =
          incidents.openIncident(
              new OpenIncidentRequest(
                  incidentId, health.service(), input, alert, Workflow.getInfo().getTaskQueue()));
      return opening.line(health.service());
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      return health.service() + ": down, but no incident could be opened: " + Failures.describe(e);
    }
  }

  private static IncidentKeyRule keys(DownServiceWatch watch) {
    return watch.keys() == null
        ? new IncidentKeyRule(List.of("service", "alertname"), false)
        : watch.keys();
  }

  /** The alert an alert rule for "service down" would send: same labels, so the same key. */
  private Alert alertFor(DownServiceWatch watch, ServiceHealth health) {
    String evidence =
        String.join(
            "; ", health.downFindings().stream().map(f -> f.check() + " " + f.detail()).toList());
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", watch.alertname());
    labels.put("service", health.service());
    if (health.namespace() != null) {
      labels.put("namespace", health.namespace());
    }
    labels.put("severity", "critical");
    labels.put("source", DownServiceWatch.SOURCE);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(
        "summary",
        health.service()
            + " is down (health check, "
            + watch.confirmations()
            + " checks in a row)");
    annotations.put("description", evidence);
    return new Alert(
        AlertSource.MANUAL,
        AlertStatus.FIRING,
        DownServiceWatch.SOURCE + ":" + health.service(),
        labels,
        annotations,
        now(),
        null,
        null,
        null);
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
