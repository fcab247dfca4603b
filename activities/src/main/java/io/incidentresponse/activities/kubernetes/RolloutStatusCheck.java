package io.incidentresponse.activities.kubernetes;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.incidentresponse.activities.mitigation.RecoveryCheck;
import io.incidentresponse.workflows.health.HealthChecks;
import io.incidentresponse.workflows.mitigation.VerificationRequest;
import java.util.List;
import java.util.Objects;

/**
 * The Deployment's own view, as {@code kubectl rollout status} reads it:
 *
 * <ul>
 *   <li>{@code rollout}: fails when the rollout is stalled (its Progressing condition says {@code
 *       ProgressDeadlineExceeded}); a rollout still under way passes ("in progress: 1 of 3
 *       updated"), since a deploy is not a fault; a finished one passes ("complete: 3 of 3
 *       updated").
 *   <li>{@code ready replicas}: fails below the replicas the Deployment wants ({@code 1 ready < 3
 *       wanted}); a Deployment scaled to zero passes (someone chose it).
 * </ul>
 *
 * A Deployment that is not there (the service name, or the request's {@code deployment} label) is
 * unseen for both: nothing to judge. API failures come out typed by {@link KubernetesFailures}.
 */
public final class RolloutStatusCheck implements RecoveryCheck {
  private static final String STALLED = "ProgressDeadlineExceeded";

  /** How a ready-replicas detail starts when no replica is ready (the service is down). */
  public static final String NONE_READY = "0 ready <";

  private final KubernetesClient client;
  private final KubernetesSettings settings;

  public RolloutStatusCheck(KubernetesClient client, KubernetesSettings settings) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public List<CheckResult> check(VerificationRequest request) {
    ProbeWorkload workload =
        ProbeWorkload.resolve(
            client, settings, request.service(), request.namespace(), request.labels());
    Deployment deployment = workload.deployment();
    if (deployment == null) {
      String why = "no Deployment " + workload.namespace() + "/" + workload.deploymentName();
      return List.of(
          CheckResult.unseen(HealthChecks.ROLLOUT, why),
          CheckResult.unseen(HealthChecks.READY_REPLICAS, why));
    }
    DeploymentStatus status =
        deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
    int wanted = workload.replicas() == null ? 1 : workload.replicas();
    return List.of(rollout(deployment, status, wanted), ready(status, wanted));
  }

  private static CheckResult rollout(Deployment deployment, DeploymentStatus status, int wanted) {
    if (status.getConditions() != null) {
      for (DeploymentCondition condition : status.getConditions()) {
        if ("Progressing".equals(condition.getType()) && STALLED.equals(condition.getReason())) {
          return CheckResult.fail(
              HealthChecks.ROLLOUT,
              "stalled: "
                  + STALLED
                  + (condition.getMessage() == null ? "" : " (" + condition.getMessage() + ")"));
        }
      }
    }
    int updated = orZero(status.getUpdatedReplicas());
    Long generation = deployment.getMetadata().getGeneration();
    Long observed = status.getObservedGeneration();
    boolean seen = generation == null || observed == null || observed >= generation;
    String counts = updated + " of " + wanted + " updated";
    if (!seen || updated < wanted || orZero(status.getReplicas()) > wanted) {
      return CheckResult.pass(HealthChecks.ROLLOUT, "in progress: " + counts);
    }
    return CheckResult.pass(HealthChecks.ROLLOUT, "complete: " + counts);
  }

  private static CheckResult ready(DeploymentStatus status, int wanted) {
    int ready = orZero(status.getReadyReplicas());
    if (wanted == 0) {
      return CheckResult.pass(HealthChecks.READY_REPLICAS, "0 wanted: scaled to zero");
    }
    return ready >= wanted
        ? CheckResult.pass(HealthChecks.READY_REPLICAS, ready + " ready >= " + wanted + " wanted")
        : CheckResult.fail(HealthChecks.READY_REPLICAS, ready + " ready < " + wanted + " wanted");
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
