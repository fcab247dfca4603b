package io.incidentresponse.activities.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.incidentresponse.activities.mitigation.Guardrails;
import io.incidentresponse.activities.prometheus.PrometheusSettings;
import io.incidentresponse.workflows.drill.DrillInjection;
import io.incidentresponse.workflows.drill.DrillScenarios;
import io.incidentresponse.workflows.drill.DrillTarget;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kubernetes scenarios against fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesScenariosTest {
  static KubernetesClient client;
  static KubernetesMockServer server;

  @TempDir Path reports;
  private DrillActivitiesImpl drills;

  @BeforeEach
  void seed() {
    server.reset();
    InputStream yaml = getClass().getResourceAsStream("/kubernetes/drill/shop.yaml");
    for (HasMetadata item : client.load(yaml).items()) {
      client.resource(item).create();
    }
    drills = drills(Guardrails.allowing("shop"));
  }

  private DrillActivitiesImpl drills(Guardrails guardrails) {
    return new DrillActivitiesImpl(
        new DrillSettings(reports.toString(), null, null),
        guardrails,
        client,
        PrometheusSettings.of(null, null),
        null,
        null);
  }

  private static DrillTarget target(String scenario, String service, Map<String, String> p) {
    return new DrillTarget("drill-" + service, scenario, service, "shop", p, false);
  }

  private Deployment deployment(String name) {
    return client.apps().deployments().inNamespace("shop").withName(name).get();
  }

  private List<EnvVar> env(String deployment, int container) {
    return deployment(deployment)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(container)
        .getEnv();
  }

  private static ApplicationFailure failure(Runnable call) {
    return catchThrowableOfType(ApplicationFailure.class, call::run);
  }

  @Test
  void failureRate_absentBefore_isSetThenRemovedAgain() {
    List<EnvVar> original = env("checkout", 0);
    DrillInjection injection =
        drills.capture(target(DrillScenarios.FAILURE_RATE, "checkout", Map.of("rate", "0.3")));

    drills.inject(injection);

    assertThat(env("checkout", 0))
        .containsExactly(
            new EnvVar("LOG_LEVEL", "info", null), new EnvVar("FAILURE_RATE", "0.3", null));
    assertThat(deployment("checkout").getMetadata().getAnnotations())
        .containsEntry(DrillDeployments.MARK, "drill-checkout");
    assertThat(env("checkout", 1)).isNullOrEmpty();

    String said = drills.revert(injection);

    assertThat(env("checkout", 0)).isEqualTo(original);
    assertThat(deployment("checkout").getMetadata().getAnnotations())
        .doesNotContainKey(DrillDeployments.MARK);
    assertThat(said).isEqualTo("FAILURE_RATE removed (absent before)");
  }

  @Test
  void failureRate_setBefore_isRestoredToExactlyItsValue_evenWhenInjectedTwice() {
    DrillInjection injection =
        drills.capture(target(DrillScenarios.FAILURE_RATE, "payments", Map.of("rate", "0.5")));
    assertThat(injection.before()).containsEntry("value", "0.02");

    drills.inject(injection);
    drills.inject(injection); // a retried attempt
    assertThat(env("payments", 0))
        .containsExactlyInAnyOrder(
            new EnvVar("FAILURE_RATE", "0.5", null), new EnvVar("REGION", "eu-west-1", null));

    drills.revert(injection);
    drills.revert(injection); // and a retried revert

    assertThat(env("payments", 0))
        .containsExactlyInAnyOrder(
            new EnvVar("FAILURE_RATE", "0.02", null), new EnvVar("REGION", "eu-west-1", null));
  }

  @Test
  void failureRate_fromASecret_isRefusedBeforeAnythingChanges() {
    ApplicationFailure refused =
        failure(
            () ->
                drills.capture(
                    target(DrillScenarios.FAILURE_RATE, "ledger", Map.of("rate", "0.5"))));

    assertThat(refused.getType()).isEqualTo(FailureType.BAD_REQUEST.type());
    assertThat(refused.getOriginalMessage()).contains("valueFrom");
  }

  @Test
  void failureRate_withoutARate_isABadRequestNamingTheParameter() {
    ApplicationFailure refused =
        failure(() -> drills.capture(target(DrillScenarios.FAILURE_RATE, "checkout", Map.of())));

    assertThat(refused.getType()).isEqualTo(FailureType.BAD_REQUEST.type());
    assertThat(refused.getOriginalMessage()).contains("'rate'");
    assertThat(refused.isNonRetryable()).isTrue();
  }

  @Test
  void aNamespaceOffTheAllowList_isRefusedAndNothingChanges() {
    DrillActivitiesImpl guarded = drills(Guardrails.allowing("staging"));

    ApplicationFailure refused =
        failure(
            () ->
                guarded.capture(
                    target(DrillScenarios.SCALE_DOWN, "checkout", Map.of("replicas", "0"))));

    assertThat(refused.getType()).isEqualTo(FailureType.GUARDRAIL.type());
    assertThat(deployment("checkout").getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void aDryRun_changesNothingAndSaysSo() {
    DrillActivitiesImpl dry = drills(new Guardrails(List.of("shop"), null, null, null, true));
    DrillInjection injection =
        dry.capture(target(DrillScenarios.SCALE_DOWN, "checkout", Map.of("replicas", "1")));

    dry.inject(injection);

    assertThat(injection.dryRun()).isTrue();
    assertThat(deployment("checkout").getSpec().getReplicas()).isEqualTo(3);
    assertThat(dry.revert(injection)).startsWith("dry run");
  }

  @Test
  void scaleDown_toZero_andBackToTheCountItHad() {
    DrillInjection injection =
        drills.capture(target(DrillScenarios.SCALE_DOWN, "checkout", Map.of()));

    drills.inject(injection);
    assertThat(deployment("checkout").getSpec().getReplicas()).isZero();

    assertThat(drills.revert(injection)).isEqualTo("scaled back to 3 replicas");
    assertThat(deployment("checkout").getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void scaleDown_upwards_isRefused() {
    ApplicationFailure refused =
        failure(
            () ->
                drills.capture(
                    target(DrillScenarios.SCALE_DOWN, "checkout", Map.of("replicas", "5"))));

    assertThat(refused.getType()).isEqualTo(FailureType.BAD_REQUEST.type());
  }

  @Test
  void revert_ofADeploymentDeletedMeanwhile_isDone() {
    DrillInjection injection =
        drills.capture(target(DrillScenarios.SCALE_DOWN, "checkout", Map.of()));
    drills.inject(injection);
    client.apps().deployments().inNamespace("shop").withName("checkout").delete();

    assertThat(drills.revert(injection)).contains("is gone");
  }

  @Test
  void deletePods_deletesTheNamedPodsOnly_andTheRevertWaitsUntilReady() {
    DrillInjection injection =
        drills.capture(target(DrillScenarios.DELETE_PODS, "checkout", Map.of("pods", "2")));
    assertThat(injection.before())
        .containsEntry("pods", "checkout-7d9f5c6b8-a1b2c,checkout-7d9f5c6b8-d3e4f");

    drills.inject(injection);
    drills.inject(injection); // retried: the same two, not two more

    assertThat(client.pods().inNamespace("shop").list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("checkout-7d9f5c6b8-g5h6i");

    readyReplicas(1);
    ApplicationFailure notYet = failure(() -> drills.revert(injection));
    assertThat(notYet.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
    assertThat(notYet.isNonRetryable()).isFalse();
    assertThat(notYet.getOriginalMessage()).contains("1/3");

    readyReplicas(3);
    assertThat(drills.revert(injection)).contains("3/3");
  }

  private void readyReplicas(int ready) {
    Deployment d = deployment("checkout");
    d.getStatus().setReadyReplicas(ready);
    client.apps().deployments().inNamespace("shop").resource(d).updateStatus();
  }

  @Test
  void withoutKubernetes_theKubernetesScenariosAreNotConfigured() {
    DrillActivitiesImpl none =
        new DrillActivitiesImpl(
            new DrillSettings(reports.toString(), null, null),
            Guardrails.allowing("shop"),
            null,
            PrometheusSettings.of(null, null),
            null,
            null);

    ApplicationFailure failure =
        failure(
            () ->
                none.capture(target(DrillScenarios.FAILURE_RATE, "checkout", Map.of("rate", "1"))));

    assertThat(failure.getType()).isEqualTo(FailureType.NOT_CONFIGURED.type());
    assertThat(failure.getOriginalMessage()).contains("incident.kubernetes.enabled");
    assertThat(none.served()).isEmpty();
  }

  @Test
  void everyScenarioTheStarterKnows_isServedByTheWorker() {
    DrillActivitiesImpl all =
        new DrillActivitiesImpl(
            new DrillSettings(reports.toString(), "http://checkout:8080", null),
            Guardrails.allowing("shop"),
            client,
            PrometheusSettings.of(null, null),
            null,
            null);

    assertThat(all.served()).containsExactlyInAnyOrderElementsOf(DrillScenarios.ALL);
  }

  @Test
  void deletePods_ofADeploymentWithoutMatchLabels_isRefusedAndNoPodIsDeleted() {
    ApplicationFailure refused =
        failure(() -> drills.capture(target(DrillScenarios.DELETE_PODS, "search", Map.of())));

    assertThat(refused.getType()).isEqualTo(FailureType.BAD_REQUEST.type());
    assertThat(refused.getOriginalMessage()).contains("matchLabels");
    assertThat(client.pods().inNamespace("shop").list().getItems()).hasSize(3);
  }

  @Test
  void inject_onADeploymentDeletedSinceItWasRead_isNotFound_notASilentSuccess() {
    DrillInjection injection =
        drills.capture(target(DrillScenarios.FAILURE_RATE, "payments", Map.of("rate", "0.5")));
    client.apps().deployments().inNamespace("shop").withName("payments").delete();

    ApplicationFailure gone = failure(() -> drills.inject(injection));

    assertThat(gone.getType()).isEqualTo(FailureType.NOT_FOUND.type());
  }
}
