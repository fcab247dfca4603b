package io.incidentresponse.activities.drill;

import static io.incidentresponse.activities.drill.DrillParameters.bad;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.incidentresponse.workflows.drill.DrillInjection;
import io.incidentresponse.workflows.drill.DrillScenarios;
import io.incidentresponse.workflows.drill.DrillTarget;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scales the Deployment down (parameter {@code replicas}, default 0: the service is down) and back
 * to the replica count it had. A drill that scales up is refused: that is not a fault.
 */
final class ScaleDownScenario implements DrillScenario {
  private final DrillDeployments deployments;

  ScaleDownScenario(DrillDeployments deployments) {
    this.deployments = deployments;
  }

  @Override
  public String name() {
    return DrillScenarios.SCALE_DOWN;
  }

  @Override
  public DrillInjection capture(DrillTarget target) {
    int replicas = DrillParameters.count(target.parameters(), "replicas", 0, 0, 1_000);
    Deployment deployment = deployments.require(target.namespace(), target.service());
    int current = replicas(deployment);
    if (replicas >= current) {
      throw bad(
          "parameter 'replicas' must be below the current "
              + current
              + " replicas, was "
              + replicas);
    }
    Map<String, String> parameters = new LinkedHashMap<>(target.parameters());
    parameters.put("replicas", String.valueOf(replicas));
    return new DrillInjection(
        target.drillId(),
        name(),
        target.service(),
        target.namespace(),
        parameters,
        Map.of("replicas", String.valueOf(current)),
        "scale "
            + target.namespace()
            + "/"
            + target.service()
            + " from "
            + current
            + " to "
            + replicas
            + " replicas",
        target.dryRun());
  }

  @Override
  public void inject(DrillInjection injection) {
    int replicas = Integer.parseInt(injection.parameters().get("replicas"));
    deployments.change(
        injection.namespace(),
        injection.service(),
        injection.drillId(),
        d -> {
          d.getSpec().setReplicas(replicas);
          return d;
        });
  }

  @Override
  public String revert(DrillInjection injection) {
    int replicas = Integer.parseInt(injection.before().get("replicas"));
    boolean present =
        deployments.edit(
            injection.namespace(),
            injection.service(),
            null,
            d -> {
              d.getSpec().setReplicas(replicas);
              return d;
            });
    return present
        ? "scaled back to " + replicas + " replicas"
        : "deployment " + injection.namespace() + "/" + injection.service() + " is gone";
  }

  static int replicas(Deployment deployment) {
    Integer replicas = deployment.getSpec().getReplicas();
    return replicas == null ? 1 : replicas;
  }
}
