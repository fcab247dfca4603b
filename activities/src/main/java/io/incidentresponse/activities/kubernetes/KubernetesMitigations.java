package io.incidentresponse.activities.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.incidentresponse.activities.mitigation.Guardrails;
import io.incidentresponse.activities.mitigation.Mitigator;
import io.incidentresponse.workflows.mitigation.ActionType;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * The Kubernetes mitigations, one {@link Mitigator} per action type for the {@link
 * io.incidentresponse.activities.mitigation.MitigationRouter}: scale and rollout restart ({@link
 * DeploymentMitigations}), rollback ({@link DeploymentRollback}), redirect a Service ({@link
 * TrafficRedirect}), point a ConfigMap at a read replica ({@link ReadReplicaSwitch}) and drain a
 * node ({@link NodeDrain}).
 *
 * <p>Idempotency: each change is one locked patch that also records the request's key on the
 * object, as {@link ActionRecord} describes; a retry reports the earlier run or resumes a two-step
 * mitigation at the step not recorded.
 *
 * <p>Failures: a missing target is NOT_FOUND, bad parameters are BAD_REQUEST (both final);
 * guardrails throw GUARDRAIL; API failures are classified by {@link KubernetesFailures} (409
 * CONFLICT and unreachable UNAVAILABLE are retried, 401/403 INVALID_CREDENTIALS is final).
 * Namespace allow-list, action count and forced dry run are checked before these by the router.
 */
public final class KubernetesMitigations {
  private final DeploymentMitigations deployments;
  private final DeploymentRollback rollback;
  private final TrafficRedirect redirect;
  private final ReadReplicaSwitch readReplica;
  private final NodeDrain drain;

  public KubernetesMitigations(KubernetesClient client, Guardrails guardrails, Clock clock) {
    ActionRecord record = new ActionRecord(client, clock);
    this.deployments = new DeploymentMitigations(client, guardrails, record);
    this.rollback = new DeploymentRollback(client, deployments, record);
    this.redirect = new TrafficRedirect(client, record);
    this.readReplica = new ReadReplicaSwitch(client, deployments, record);
    this.drain = new NodeDrain(client, guardrails, record);
  }

  /** One mitigator per Kubernetes action type, for the mitigation router. */
  public Map<ActionType, Mitigator> mitigators() {
    Map<ActionType, Mitigator> mitigators = new EnumMap<>(ActionType.class);
    mitigators.put(ActionType.SCALE, deployments::scale);
    mitigators.put(ActionType.RESTART, deployments::restart);
    mitigators.put(ActionType.ROLLBACK, rollback::rollback);
    mitigators.put(ActionType.REDIRECT_TRAFFIC, redirect::redirectTraffic);
    mitigators.put(ActionType.READ_REPLICA, readReplica::readReplica);
    mitigators.put(ActionType.DRAIN_NODE, drain::drainNode);
    return mitigators;
  }
}
