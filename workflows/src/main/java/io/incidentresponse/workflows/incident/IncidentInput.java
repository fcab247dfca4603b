package io.incidentresponse.workflows.incident;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.policy.PolicyEditions;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import java.util.List;

/**
 * Starts an incident.
 *
 * @param alerts the alert(s) that opened it; at least one (a declared incident is a MANUAL alert)
 * @param policy the response policy; null for the runbook's defaults, or for the edition {@code
 *     policyEdition} names
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
 * @param policyEdition with a null {@code policy}: the name of the runbook defaults' edition that
 *     is the policy ({@link PolicyEditions}), which the input then carries in 33 bytes instead of
 *     1.9 KB; left out of the JSON when null, so an input without it reads as before on every
 *     worker, and one with it fails to read (loudly, retried) on a worker older than the name
 */
public record IncidentInput(
    List<Alert> alerts,
    ResponsePolicy policy,
    String title,
    String commander,
    IncidentState carried,
    String deliveryId,
    String drillId,
    boolean drillNotifiesLeadership,
    @JsonInclude(JsonInclude.Include.NON_NULL) String policyEdition) {

  public IncidentInput {
    alerts = alerts == null ? List.of() : List.copyOf(alerts);
    if (policy != null || policyEdition == null) {
      // one policy object per distinct policy in the worker, not one per open incident
      policy = (policy == null ? ResponsePolicy.defaults() : policy).shared();
      policyEdition = null;
    }
  }

  /** An input that carries its policy (or none, for the runbook's defaults). */
  public IncidentInput(
      List<Alert> alerts,
      ResponsePolicy policy,
      String title,
      String commander,
      IncidentState carried,
      String deliveryId,
      String drillId,
      boolean drillNotifiesLeadership) {
    this(
        alerts,
        policy,
        title,
        commander,
        carried,
        deliveryId,
        drillId,
        drillNotifiesLeadership,
        null);
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

  /**
   * The policy this input carries, or the one its {@code policyEdition} names.
   *
   * @throws PolicyEditions.UnknownPolicyEdition when this JVM knows no edition of that name
   */
  public ResponsePolicy resolvedPolicy() {
    return policy != null ? policy : PolicyEditions.resolve(policyEdition);
  }

  public static IncidentInput of(ResponsePolicy policy, Alert... alerts) {
    return new IncidentInput(List.of(alerts), policy, null, null, null, null);
  }
}
