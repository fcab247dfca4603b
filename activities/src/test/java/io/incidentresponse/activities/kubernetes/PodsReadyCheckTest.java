package io.incidentresponse.activities.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.incidentresponse.activities.mitigation.RecoveryCheck.CheckResult;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.mitigation.VerificationRequest;
import io.temporal.failure.ApplicationFailure;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class PodsReadyCheckTest {
  static KubernetesClient client;
  static KubernetesMockServer server;

  PodsReadyCheck check;

  @BeforeEach
  void seed() {
    server.reset();
    InputStream yaml =
        PodsReadyCheckTest.class.getResourceAsStream("/kubernetes/diag/checkout-incident.yaml");
    for (HasMetadata item : client.load(yaml).items()) {
      client.resource(item).create();
    }
    check = new PodsReadyCheck(client, KubernetesSettings.enabledWithDefaults());
  }

  static VerificationRequest request(String service) {
    return new VerificationRequest("INC-42", service, "shop", Map.of());
  }

  @Test
  void podsNotRunningAndReadyFailTheCheckNamingThem() {
    assertThat(check.check(request("checkout")))
        .containsExactly(
            CheckResult.fail(
                "pods ready",
                "1/4 Running and Ready: checkout-7d9f5c6b8-m5t7z Pending,"
                    + " checkout-7d9f5c6b8-q8w2n CrashLoopBackOff,"
                    + " checkout-7d9f5c6b8-x2k4p CrashLoopBackOff"));
  }

  @Test
  void allPodsRunningAndReadyPass() {
    client.pods().inNamespace("shop").withLabels(Map.of("app", "checkout")).delete();
    for (int i = 1; i <= 3; i++) {
      client.pods().inNamespace("shop").resource(readyPod("checkout-7d9f5c6b8-r" + i)).create();
    }

    var results = check.check(request("checkout"));

    assertThat(results).containsExactly(CheckResult.pass("pods ready", "3/3 Running and Ready"));
    assertThat(results.get(0).line()).isEqualTo("pods ready 3/3 Running and Ready: ok");
  }

  @Test
  void noPodsFailTheCheck() {
    assertThat(check.check(request("search")))
        .containsExactly(
            CheckResult.fail(
                "pods ready", "0/0 Running and Ready: no pods match app=search in shop"));
  }

  @Test
  void forbiddenIsANonRetryableCredentialsFailure() {
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/shop/pods?labelSelector=app%3Dcheckout")
        .andReturn(403, new StatusBuilder().withCode(403).withMessage("pods is forbidden").build())
        .always();

    assertThatThrownBy(() -> check.check(request("checkout")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(FailureType.INVALID_CREDENTIALS.type());
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage())
                  .isEqualTo("Kubernetes list pods app=checkout in shop: 403 pods is forbidden");
            });
  }

  static Pod readyPod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(Map.of("app", "checkout"))
        .endMetadata()
        .withNewSpec()
        .withNodeName("node-a")
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .endStatus()
        .build();
  }
}
