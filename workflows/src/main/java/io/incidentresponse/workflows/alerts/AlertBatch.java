package io.incidentresponse.workflows.alerts;

import java.util.List;

/**
 * Alerts delivered to a running incident by the starter (one webhook delivery).
 *
 * @param alerts the alerts, firing or resolved
 * @param deliveryId the webhook's delivery id, for the timeline
 */
public record AlertBatch(List<Alert> alerts, String deliveryId) {
  public AlertBatch {
    alerts = alerts == null ? List.of() : List.copyOf(alerts);
  }
}
