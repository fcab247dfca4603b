package io.incidentresponse.activities.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.incidentresponse.activities.mitigation.RecoveryCheck.CheckResult;
import io.incidentresponse.workflows.mitigation.VerificationRequest;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The health check's rollout and ready-replica checks against fabric8's CRUD mock server. */
@EnableKubernetesMockClient(crud = true)
class RolloutStatusCheckTest {
  static KubernetesClient client;
  static KubernetesMockServer server;

  RolloutStatusCheck check;

  @BeforeEach
  void seed() {
    server.reset();
    InputStream yaml =
        RolloutStatusCheckTest.class.getResourceAsStream("/kubernetes/diag/checkout-incident.yaml");
    for (HasMetadata item : client.load(yaml).items()) {
      client.resource(item).create();
    }
    check = new RolloutStatusCheck(client, KubernetesSettings.enabledWithDefaults());
  }

  private static VerificationRequest request(String service) {
    return new VerificationRequest(null, service, "shop", Map.of());
  }

  private void status(
      int replicas, int updated, int ready, String progressingReason, String message) {
    Deployment deployment =
        client.apps().deployments().inNamespace("shop").withName("checkout").get();
    DeploymentStatusBuilder status =
        new DeploymentStatusBuilder()
            .withReplicas(replicas)
            .withUpdatedReplicas(updated)
            .withReadyReplicas(ready)
            .withAvailableReplicas(ready);
    if (progressingReason != null) {
      status.withConditions(
          new DeploymentConditionBuilder()
              .withType("Progressing")
              .withStatus("False")
              .withReason(progressingReason)
              .withMessage(message)
              .build());
    }
    deployment.setStatus(status.build());
    client.apps().deployments().inNamespace("shop").resource(deployment).update();
  }

  @Test
  void givenFewerReadyThanWanted_readyReplicasFailsWithTheFigureAndTheBound() {
    // the fixture: 3 wanted, 4 pods during a rollout, 3 updated, 1 ready
    assertThat(check.check(request("checkout")))
        .containsExactly(
            CheckResult.pass("rollout", "in progress: 3 of 3 updated"),
            CheckResult.fail("ready replicas", "1 ready < 3 wanted"));
  }

  @Test
  void givenACompleteRolloutAndAllReady_bothPass() {
    status(3, 3, 3, null, null);

    assertThat(check.check(request("checkout")))
        .containsExactly(
            CheckResult.pass("rollout", "complete: 3 of 3 updated"),
            CheckResult.pass("ready replicas", "3 ready >= 3 wanted"));
  }

  @Test
  void givenARolloutPastItsProgressDeadline_rolloutFails() {
    status(4, 1, 3, "ProgressDeadlineExceeded", "ReplicaSet \"checkout-7d9f5c6b8\" has timed out");

    assertThat(check.check(request("checkout")).get(0))
        .isEqualTo(
            CheckResult.fail(
                "rollout",
                "stalled: ProgressDeadlineExceeded (ReplicaSet \"checkout-7d9f5c6b8\" has timed"
                    + " out)"));
  }

  @Test
  void givenNoDeployment_bothAreUnseenNotFailed() {
    assertThat(check.check(request("ghost")))
        .containsExactly(
            CheckResult.unseen("rollout", "no Deployment shop/ghost"),
            CheckResult.unseen("ready replicas", "no Deployment shop/ghost"));
  }
}
