package io.incidentresponse.activities.drill;

import static io.incidentresponse.activities.drill.DrillParameters.bad;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.incidentresponse.activities.kubernetes.KubernetesFailures;
import io.incidentresponse.workflows.drill.DrillInjection;
import io.incidentresponse.workflows.drill.DrillScenarios;
import io.incidentresponse.workflows.drill.DrillTarget;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes {@code pods} (default 1) pods of the Deployment, chosen when the target is read and named
 * in it, so a retried inject deletes the same pods (a pod already gone is done), never more. The
 * revert changes nothing: it waits (UNAVAILABLE, retried) until the Deployment has as many ready
 * replicas as it wants again.
 */
final class DeletePodsScenario implements DrillScenario {
  private final KubernetesClient client;
  private final DrillDeployments deployments;

  DeletePodsScenario(KubernetesClient client, DrillDeployments deployments) {
    this.client = client;
    this.deployments = deployments;
  }

  @Override
  public String name() {
    return DrillScenarios.DELETE_PODS;
  }

  @Override
  public DrillInjection capture(DrillTarget target) {
    int count = DrillParameters.count(target.parameters(), "pods", 1, 1, 100);
    Deployment deployment = deployments.require(target.namespace(), target.service());
    Map<String, String> selector =
        deployment.getSpec().getSelector() == null
            ? null
            : deployment.getSpec().getSelector().getMatchLabels();
    if (selector == null || selector.isEmpty()) {
      // without labels the list below would be every pod of the namespace
      throw bad(
          "deployment "
              + target.namespace()
              + "/"
              + target.service()
              + " selects its pods without matchLabels: the drill does not guess which to delete");
    }
    List<String> pods =
        KubernetesFailures.call(
                "list pods of " + target.namespace() + "/" + target.service(),
                () -> client.pods().inNamespace(target.namespace()).withLabels(selector).list())
            .getItems()
            .stream()
            .map(p -> p.getMetadata().getName())
            .sorted()
            .limit(count)
            .toList();
    if (pods.isEmpty()) {
      throw bad("deployment " + target.namespace() + "/" + target.service() + " has no pods");
    }
    Map<String, String> before = new LinkedHashMap<>();
    before.put("pods", String.join(",", pods));
    before.put("replicas", String.valueOf(ScaleDownScenario.replicas(deployment)));
    return new DrillInjection(
        target.drillId(),
        name(),
        target.service(),
        target.namespace(),
        target.parameters(),
        before,
        "delete pod(s) "
            + String.join(", ", pods)
            + " of "
            + target.namespace()
            + "/"
            + target.service(),
        target.dryRun());
  }

  @Override
  public void inject(DrillInjection injection) {
    for (String pod : injection.before().get("pods").split(",")) {
      KubernetesFailures.call(
          "delete pod " + injection.namespace() + "/" + pod,
          () -> client.pods().inNamespace(injection.namespace()).withName(pod).delete());
    }
  }

  @Override
  public String revert(DrillInjection injection) {
    Deployment deployment =
        deployments.find(injection.namespace(), injection.service()).orElse(null);
    if (deployment == null) {
      return "deployment " + injection.namespace() + "/" + injection.service() + " is gone";
    }
    int wanted = ScaleDownScenario.replicas(deployment);
    Integer ready =
        deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
    int readyNow = ready == null ? 0 : ready;
    if (readyNow < wanted) {
      throw ApplicationFailure.newFailure(
          "deployment "
              + injection.namespace()
              + "/"
              + injection.service()
              + " not ready yet: "
              + readyNow
              + "/"
              + wanted
              + " replicas ready",
          FailureType.UNAVAILABLE.type());
    }
    return "deployment ready again: " + readyNow + "/" + wanted + " replicas";
  }
}
