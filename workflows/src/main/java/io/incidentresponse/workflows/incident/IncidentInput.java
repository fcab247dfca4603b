package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import java.util.List;

/**
 * Starts an incident.
 *
 * @param alerts the alert(s) that opened it; at least one (a declared incident is a MANUAL alert)
 * @param policy the response policy; null for the runbook's defaults
 * @param title title given by a person, or null to derive one from the alerts
 * @param commander incident commander named at declaration, or null
 * @param carried state of the previous run after continue-as-new; null for a new incident
 * @param deliveryId the webhook delivery that opened it; the same delivery arriving again as an
 *     {@code alert} signal (signal-with-start sends both) is not counted twice
 * @param drillId the workflow id of the drill ({@code drill-<service>}) whose incident this is, or
 *     null for a real incident; a drill incident says DRILL in every message and page, opens no
 *     status page, tells leadership only when {@code drillNotifiesLeadership}, and is kept out of
 *     the real response metrics
 * @param drillNotifiesLeadership with {@code drillId}: whether the drill's scenario wants
 *     leadership (and stakeholders) told as in a real incident; ignored without {@code drillId}
 */
public record IncidentInput(
    List<Alert> alerts,
    ResponsePolicy policy,
    String title,
    String commander,
    IncidentState carried,
    String deliveryId,
    String drillId,
    boolean drillNotifiesLeadership) {

  public IncidentInput {
    alerts = alerts == null ? List.of() : List.copyOf(alerts);
    // one policy object per distinct policy in the worker, not one per open incident
    policy = (policy == null ? ResponsePolicy.defaults() : policy).shared();
  }

  /** A real incident's input (no drill). */
  public IncidentInput(
      List<Alert> alerts,
      ResponsePolicy policy,
      String title,
      String commander,
      IncidentState carried,
      String deliveryId) {
    this(alerts, policy, title, commander, carried, deliveryId, null, false);
  }

  public static IncidentInput of(ResponsePolicy policy, Alert... alerts) {
    return new IncidentInput(List.of(alerts), policy, null, null, null, null);
  }
}
