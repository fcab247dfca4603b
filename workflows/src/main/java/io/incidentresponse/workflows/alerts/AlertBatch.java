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
 *     them is dropped on its own); empty for one delivery, and then left out of the JSON, so a
 *     single delivery's signal reads on every worker. A worker older than this field cannot read a
 *     signal that has it (Temporal's JSON refuses unknown fields) and the SDK drops that signal:
 *     set {@code incident.ingestion.joined-deliveries} to 1 until every worker is upgraded
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
