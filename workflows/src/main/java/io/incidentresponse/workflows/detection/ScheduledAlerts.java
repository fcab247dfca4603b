package io.incidentresponse.workflows.detection;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.health.HealthIncidentActivities.OpenIncidentRequest;
import io.incidentresponse.workflows.incident.IncidentInput;
import io.incidentresponse.workflows.incident.IncidentKeyRule;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * The request that opens or joins an incident for an alert a scheduled run raised: the incident id
 * the starter's key rule gives the alert (so a real alert with the same labels joins the same
 * incident), a delivery id of this run, and this run's task queue (which the worker that runs
 * incidents polls). Workflow code only.
 */
public final class ScheduledAlerts {
  private static final IncidentKeyRule DEFAULT_KEYS =
      new IncidentKeyRule(List.of("service", "alertname"), false);

  private ScheduledAlerts() {}

  /** {@code source/<this run's workflow id>}: one delivery per run. */
  public static String deliveryId(String source) {
    return source + "/" + Workflow.getInfo().getWorkflowId();
  }

  public static OpenIncidentRequest openRequest(
      Alert alert, String service, IncidentKeyRule keys, ResponsePolicy policy, String source) {
    String incidentId =
        IncidentKeyRule.workflowId((keys == null ? DEFAULT_KEYS : keys).keyOf(alert, null));
    IncidentInput input =
        new IncidentInput(
            List.of(alert),
            policy == null ? ResponsePolicy.defaults() : policy,
            null,
            null,
            null,
            deliveryId(source));
    return new OpenIncidentRequest(
        incidentId, service, input, alert, Workflow.getInfo().getTaskQueue());
  }
}
