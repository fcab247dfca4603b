package io.incidentresponse.workflows.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Alerts delivered to a running incident by the starter (one webhook delivery), and the deliveries
 * to the same incident that arrived at the same moment, carried by the same signal.
 *
 * @param alerts the alerts, firing or resolved
 * @param deliveryId the webhook's delivery id, for the timeline
 * @param joined other deliveries to the same incident, each with its own id (a redelivery among
 *     them is dropped on its own); empty for one delivery. A worker older than this field ignores
 *     them: the starter sends them only when configured to ({@code
 *     incident.ingestion.joined-deliveries})
 */
public record AlertBatch(
    List<Alert> alerts,
    String deliveryId,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AlertBatch> joined) {
  public AlertBatch {
    alerts = alerts == null ? List.of() : List.copyOf(alerts);
    joined = joined == null ? List.of() : List.copyOf(joined);
  }

  public AlertBatch(List<Alert> alerts, String deliveryId) {
    this(alerts, deliveryId, List.of());
  }
}
