package io.incidentresponse.activities.drill;

import static io.incidentresponse.activities.drill.DrillParameters.bad;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.incidentresponse.workflows.drill.DrillInjection;
import io.incidentresponse.workflows.drill.DrillScenarios;
import io.incidentresponse.workflows.drill.DrillTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runbook's {@code kubectl patch deployment <svc> ... env FAILURE_RATE=<rate>}: sets an
 * environment variable on one container of the Deployment (a rollout follows) and puts back exactly
 * what was there, or removes it when it was absent.
 *
 * <p>Parameters: {@code rate} (required, 0..1), {@code env} (default {@value #DEFAULT_ENV}), {@code
 * container} (default the first). A variable that comes from a ConfigMap or Secret ({@code
 * valueFrom}) is refused: the drill would not know how to put it back.
 */
final class FailureRateScenario implements DrillScenario {
  static final String DEFAULT_ENV = "FAILURE_RATE";
  static final String ABSENT = "(absent)";

  private final DrillDeployments deployments;

  FailureRateScenario(DrillDeployments deployments) {
    this.deployments = deployments;
  }

  @Override
  public String name() {
    return DrillScenarios.FAILURE_RATE;
  }

  @Override
  public DrillInjection capture(DrillTarget target) {
    double rate = DrillParameters.share(target.parameters(), "rate", null);
    String env = target.parameters().getOrDefault("env", DEFAULT_ENV);
    if (!env.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw bad("parameter 'env' must be an environment variable name, was '" + env + "'");
    }
    Deployment deployment = deployments.require(target.namespace(), target.service());
    Container container = container(deployment, target.parameters().get("container"));
    EnvVar current = find(container, env);
    if (current != null && current.getValueFrom() != null) {
      throw bad(
          env
              + " on "
              + container.getName()
              + " comes from a ConfigMap or Secret (valueFrom):"
              + " the drill does not overwrite it");
    }
    Map<String, String> before = new LinkedHashMap<>();
    before.put("container", container.getName());
    before.put("env", env);
    before.put(
        "value", current == null || current.getValue() == null ? ABSENT : current.getValue());
    Map<String, String> parameters = new LinkedHashMap<>(target.parameters());
    parameters.put("rate", String.valueOf(rate));
    return new DrillInjection(
        target.drillId(),
        name(),
        target.service(),
        target.namespace(),
        parameters,
        before,
        env
            + "="
            + rate
            + " on "
            + target.namespace()
            + "/"
            + target.service()
            + " ("
            + container.getName()
            + ")",
        target.dryRun());
  }

  @Override
  public void inject(DrillInjection injection) {
    String env = injection.before().get("env");
    String value = injection.parameters().get("rate");
    deployments.change(
        injection.namespace(),
        injection.service(),
        injection.drillId(),
        d -> set(d, injection.before().get("container"), env, value));
  }

  @Override
  public String revert(DrillInjection injection) {
    String env = injection.before().get("env");
    String value = injection.before().get("value");
    boolean restore = !ABSENT.equals(value);
    boolean present =
        deployments.edit(
            injection.namespace(),
            injection.service(),
            null,
            d -> set(d, injection.before().get("container"), env, restore ? value : null));
    if (!present) {
      return "deployment " + injection.namespace() + "/" + injection.service() + " is gone";
    }
    return restore ? env + " set back to " + value : env + " removed (absent before)";
  }

  /** Sets {@code env} to {@code value} on the container; null removes it. */
  private static Deployment set(Deployment d, String containerName, String env, String value) {
    for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
      if (!c.getName().equals(containerName)) {
        continue;
      }
      List<EnvVar> vars = c.getEnv() == null ? new ArrayList<>() : new ArrayList<>(c.getEnv());
      vars.removeIf(v -> env.equals(v.getName()));
      if (value != null) {
        vars.add(new EnvVar(env, value, null));
      }
      c.setEnv(vars);
    }
    return d;
  }

  private static Container container(Deployment deployment, String wanted) {
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    if (wanted == null || wanted.isBlank()) {
      return containers.get(0);
    }
    return containers.stream()
        .filter(c -> c.getName().equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                bad(
                    "parameter 'container': no container '"
                        + wanted
                        + "' in "
                        + deployment.getMetadata().getName()));
  }

  private static EnvVar find(Container container, String env) {
    if (container.getEnv() == null) {
      return null;
    }
    return container.getEnv().stream()
        .filter(v -> env.equals(v.getName()))
        .findFirst()
        .orElse(null);
  }
}
