package io.incidentresponse.activities.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetListBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetricsListBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsListBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.InputStream;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesProbesTest {
  static KubernetesClient client;
  static KubernetesMockServer server;

  static final Instant DETECTED = Instant.parse("2025-03-14T14:15:00Z");
  static final Clock CLOCK = Clock.fixed(DETECTED, ZoneOffset.UTC);
  static final String RS_PATH =
      "/apis/apps/v1/namespaces/shop/replicasets?labelSelector=app%3Dcheckout";
  static final String IMAGE = "registry.example.com/shop/checkout:";

  KubernetesProbes probes;

  @BeforeEach
  void seed() {
    server.reset();
    for (HasMetadata item : load("checkout-incident.yaml")) {
      client.resource(item).create();
    }
    probes = new KubernetesProbes(client, KubernetesSettings.enabledWithDefaults(), CLOCK);
  }

  static List<HasMetadata> load(String name) {
    InputStream yaml = KubernetesProbesTest.class.getResourceAsStream("/kubernetes/diag/" + name);
    assertThat(yaml).as(name).isNotNull();
    return client.load(yaml).items();
  }

  static DiagnosisRequest request(String service) {
    return request(service, Map.of());
  }

  static DiagnosisRequest request(String service, Map<String, String> labels) {
    return new DiagnosisRequest(
        "INC-42", service, "shop", labels, DETECTED.minus(Duration.ofHours(1)), DETECTED);
  }

  /** Serves the three checkout revisions (and a canary) with their own creation times. */
  static void serveReplicaSets() {
    String uid =
        client
            .apps()
            .deployments()
            .inNamespace("shop")
            .withName("checkout")
            .get()
            .getMetadata()
            .getUid();
    List<ReplicaSet> replicaSets =
        load("checkout-replicasets.yaml").stream()
            .map(ReplicaSet.class::cast)
            .peek(
                rs ->
                    rs.getMetadata().getOwnerReferences().stream()
                        .filter(o -> o.getName().equals("checkout"))
                        .forEach(o -> o.setUid(uid)))
            .toList();
    server
        .expect()
        .get()
        .withPath(RS_PATH)
        .andReturn(200, new ReplicaSetListBuilder().withItems(replicaSets).build())
        .always();
  }

  // ---------------------------------------------------------------- the mock server itself

  @Test
  void crudServerStampsItsOwnCreationTimestampSoRevisionTimesComeFromAnExpectation() {
    ReplicaSet revision3 = (ReplicaSet) load("checkout-replicasets.yaml").get(1);
    assertThat(revision3.getMetadata().getCreationTimestamp()).isEqualTo("2025-03-14T14:05:00Z");

    ReplicaSet created = client.resource(revision3).create();

    assertThat(created.getMetadata().getCreationTimestamp()).isNotEqualTo("2025-03-14T14:05:00Z");
    assertThat(Instant.parse(created.getMetadata().getCreationTimestamp()))
        .isAfter(Instant.parse("2025-03-15T00:00:00Z"));
  }

  // ---------------------------------------------------------------- pods

  @Test
  void podsCrashLoopingOutOfMemoryAndPendingAreAnAnomaly() {
    Finding finding = probes.inspectPods(request("checkout"));

    assertThat(finding.probe()).isEqualTo(DiagnosisProbe.POD_HEALTH);
    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.proposals()).isEmpty();
    assertThat(finding.observedAt()).isEqualTo(DETECTED);
    assertThat(finding.summary())
        .isEqualTo(
            "checkout in shop: 1/4 pods Running and Ready; 2 CrashLoopBackOff, 2 OOMKilled,"
                + " 1 Pending, 2 restarted 3+ times");
    assertThat(finding.facts())
        .containsExactly(
            entry(FindingFacts.DEPLOYMENT, "checkout"),
            entry(FindingFacts.REPLICAS, "3"),
            entry(FindingFacts.PODS_UNHEALTHY, "3"),
            entry(FindingFacts.PODS_OOM_KILLED, "2"),
            entry(FindingFacts.PODS_CRASH_LOOPING, "2"),
            entry(FindingFacts.PODS_IMAGE_PULL, "0"),
            entry(FindingFacts.PODS_PENDING, "1"),
            entry(FindingFacts.PODS_NODES, "node-a,node-b"));
    assertThat(finding.evidence())
        .containsExactlyInAnyOrder(
            "deployment checkout: 3 desired, 3 updated, 1 ready, 1 available",
            "checkout-7d9f5c6b8-x2k4p: CrashLoopBackOff, 12 restarts,"
                + " last terminated OOMKilled (exit 137), on node-b",
            "checkout-7d9f5c6b8-q8w2n: CrashLoopBackOff, 9 restarts,"
                + " last terminated OOMKilled (exit 137), on node-a",
            "checkout-7d9f5c6b8-m5t7z: Pending, unschedulable: 0/2 nodes are available:"
                + " 1 Insufficient memory, 1 node(s) were unschedulable.");
    assertThat(finding.evidence().get(0)).startsWith("deployment checkout:");
  }

  @Test
  void podsAllRunningAndReadyAreHealthyAndWithoutADeploymentTheSelectorLabelFindsThem() {
    Finding finding = probes.inspectPods(request("cart"));

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.summary()).isEqualTo("cart in shop: 1/1 pods Running and Ready");
    assertThat(finding.evidence()).isEmpty();
    assertThat(finding.proposals()).isEmpty();
    // No Deployment: no DEPLOYMENT or REPLICAS fact, zero counts.
    assertThat(finding.facts())
        .doesNotContainKeys(FindingFacts.DEPLOYMENT, FindingFacts.REPLICAS, FindingFacts.PODS_NODES)
        .containsEntry(FindingFacts.PODS_UNHEALTHY, "0")
        .containsEntry(FindingFacts.PODS_OOM_KILLED, "0");
  }

  @Test
  void theSelectorLabelIsASetting() {
    client
        .pods()
        .inNamespace("shop")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("search-0")
                .withLabels(Map.of("app.kubernetes.io/name", "search"))
                .endMetadata()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build())
        .create();
    var settings = new KubernetesSettings(true, "app.kubernetes.io/name", null, null, null);

    Finding finding = new KubernetesProbes(client, settings, CLOCK).inspectPods(request("search"));

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.summary()).isEqualTo("search in shop: 1/1 pods Running and Ready");
  }

  @Test
  void aReadyPodRestartingAtTheThresholdIsAnAnomaly() {
    var settings = new KubernetesSettings(true, null, null, null, 1);

    Finding finding = new KubernetesProbes(client, settings, CLOCK).inspectPods(request("cart"));

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.summary())
        .isEqualTo("cart in shop: 1/1 pods Running and Ready; 1 restarted 1+ times");
    assertThat(finding.evidence())
        .containsExactly("cart-5f6d7c8b9-zz1aa: Running, 1 restart, on node-c");
    assertThat(finding.facts())
        .containsEntry(FindingFacts.PODS_UNHEALTHY, "0")
        .containsEntry(FindingFacts.PODS_NODES, "node-c");
  }

  @Test
  void imagePullFailuresAreCountedApart() {
    client
        .pods()
        .inNamespace("shop")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("payments-6f7d-kq2x")
                .withLabels(Map.of("app", "payments"))
                .endMetadata()
                .withNewSpec()
                .withNodeName("node-a")
                .endSpec()
                .withNewStatus()
                .withPhase("Pending")
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("True")
                .endCondition()
                .addNewContainerStatus()
                .withName("payments")
                .withImage("registry.example.com/shop/payments:9.9.9")
                .withRestartCount(0)
                .withNewState()
                .withNewWaiting()
                .withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image")
                .endWaiting()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build())
        .create();

    Finding finding = probes.inspectPods(request("payments"));

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.summary())
        .isEqualTo("payments in shop: 0/1 pods Running and Ready; 1 failing to pull the image");
    assertThat(finding.evidence())
        .containsExactly("payments-6f7d-kq2x: ImagePullBackOff, on node-a");
    assertThat(finding.facts())
        .containsEntry(FindingFacts.PODS_IMAGE_PULL, "1")
        .containsEntry(FindingFacts.PODS_PENDING, "0")
        .containsEntry(FindingFacts.PODS_UNHEALTHY, "1");
  }

  @Test
  void aDeploymentWithoutPodsIsAnAnomaly() {
    client.pods().inNamespace("shop").withLabels(Map.of("app", "checkout")).delete();

    Finding finding = probes.inspectPods(request("checkout"));

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.summary())
        .isEqualTo("no pods match app=checkout in shop (deployment wants 3)");
    assertThat(finding.facts())
        .containsEntry(FindingFacts.DEPLOYMENT, "checkout")
        .containsEntry(FindingFacts.PODS_UNHEALTHY, "0");
  }

  @Test
  void theDeploymentLabelOfTheAlertNamesTheDeployment() {
    Finding finding = probes.inspectPods(request("checkout-api", Map.of("deployment", "checkout")));

    assertThat(finding.fact(FindingFacts.DEPLOYMENT)).isEqualTo("checkout");
    assertThat(finding.fact(FindingFacts.PODS_UNHEALTHY)).isEqualTo("3");
  }

  // ---------------------------------------------------------------- events

  @Test
  void warningEventsNewestFirstAreAnAnomaly() {
    Finding finding = probes.inspectEvents(request("checkout"));

    assertThat(finding.probe()).isEqualTo(DiagnosisProbe.KUBERNETES_EVENTS);
    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.proposals()).isEmpty();
    assertThat(finding.summary())
        .isEqualTo("3 Warning events for checkout in shop: BackOff, FailedScheduling, Unhealthy");
    assertThat(finding.evidence())
        .containsExactly(
            "14:12:11 Warning BackOff pod/checkout-7d9f5c6b8-x2k4p: Back-off restarting failed"
                + " container checkout in pod checkout-7d9f5c6b8-x2k4p_shop (x12)",
            "14:10:02 Warning Unhealthy pod/checkout-7d9f5c6b8-q8w2n: Readiness probe failed:"
                + " Get \"http://10.1.2.7:8080/ready\": connection refused (x4)",
            "14:06:30 Warning FailedScheduling pod/checkout-7d9f5c6b8-m5t7z: 0/2 nodes are"
                + " available: 1 Insufficient memory, 1 node(s) were unschedulable.",
            "14:05:01 Normal SuccessfulCreate replicaset/checkout-7d9f5c6b8: Created pod:"
                + " checkout-7d9f5c6b8-x2k4p",
            "14:05:00 Normal ScalingReplicaSet deployment/checkout: Scaled up replica set"
                + " checkout-7d9f5c6b8 to 3");
  }

  @Test
  void eventsAreCutAtTheLimit() {
    var settings = new KubernetesSettings(true, null, 2, null, null);

    Finding finding =
        new KubernetesProbes(client, settings, CLOCK).inspectEvents(request("checkout"));

    assertThat(finding.evidence()).hasSize(2);
    assertThat(finding.evidence().get(0)).startsWith("14:12:11 Warning BackOff");
    // The count of warnings is over all of them, not the ones shown.
    assertThat(finding.summary()).startsWith("3 Warning events");
  }

  @Test
  void onlyNormalEventsAreHealthy() {
    client.v1().events().inNamespace("shop").withField("type", "Warning").delete();
    client.v1().events().inNamespace("shop").list().getItems().stream()
        .filter(e -> "Warning".equals(e.getType()))
        .forEach(e -> client.resource(e).delete());

    Finding finding = probes.inspectEvents(request("checkout"));

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.summary()).isEqualTo("2 events for checkout in shop, none a Warning");
    assertThat(finding.evidence()).hasSize(2);
  }

  // ---------------------------------------------------------------- rollouts

  @Test
  void aRevisionRolledOutTenMinutesBeforeDetectionIsAnAnomaly() {
    serveReplicaSets();

    Finding finding = probes.inspectRollouts(request("checkout"));

    assertThat(finding.probe()).isEqualTo(DiagnosisProbe.ROLLOUT_HISTORY);
    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.proposals()).isEmpty();
    assertThat(finding.summary())
        .isEqualTo(
            "revision 3 ("
                + IMAGE
                + "1.4.2) rolled out 14:05, 10 min before detection; previous revision 2 ("
                + IMAGE
                + "1.4.1)");
    assertThat(finding.facts())
        .containsExactly(
            entry(FindingFacts.DEPLOYMENT, "checkout"),
            entry(FindingFacts.REPLICAS, "3"),
            entry(FindingFacts.ROLLOUT_AT, "2025-03-14T14:05:00Z"),
            entry(FindingFacts.ROLLOUT_REVISION, "3"),
            entry(FindingFacts.ROLLOUT_IMAGE, IMAGE + "1.4.2"),
            entry(FindingFacts.ROLLOUT_PREVIOUS_REVISION, "2"),
            entry(FindingFacts.ROLLOUT_PREVIOUS_IMAGE, IMAGE + "1.4.1"));
    // The canary's ReplicaSet carries app=checkout but another owner: not a revision.
    assertThat(finding.evidence())
        .containsExactly(
            "revision 3 checkout-7d9f5c6b8 ("
                + IMAGE
                + "1.4.2) created 2025-03-14T14:05:00Z, change-cause: deploy checkout 1.4.2 (#481)",
            "revision 2 checkout-6c8b4d9f7 ("
                + IMAGE
                + "1.4.1) created 2025-03-12T09:30:00Z, change-cause: deploy checkout 1.4.1 (#470)",
            "revision 1 checkout-5b7c9d8e6 ("
                + IMAGE
                + "1.4.0) created 2025-03-01T10:00:00Z, change-cause: deploy checkout 1.4.0 (#455)");
  }

  @Test
  void aRolloutOlderThanTheWindowIsHealthyButStillStated() {
    serveReplicaSets();
    var settings = new KubernetesSettings(true, null, null, Duration.ofMinutes(5), null);

    Finding finding =
        new KubernetesProbes(client, settings, CLOCK).inspectRollouts(request("checkout"));

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.summary())
        .isEqualTo(
            "no rollout of checkout within 5 min before detection; newest revision 3 ("
                + IMAGE
                + "1.4.2) rolled out 14:05 on 2025-03-14T14:05:00Z");
    assertThat(finding.fact(FindingFacts.ROLLOUT_AT)).isEqualTo("2025-03-14T14:05:00Z");
    assertThat(finding.fact(FindingFacts.ROLLOUT_PREVIOUS_REVISION)).isEqualTo("2");
  }

  @Test
  void noDeploymentMeansNoRolloutHistoryAndIsHealthy() {
    Finding finding = probes.inspectRollouts(request("cart"));

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.summary()).isEqualTo("no deployment cart in shop: no rollout history");
    assertThat(finding.facts()).isEmpty();
  }

  // ---------------------------------------------------------------- nodes

  @Test
  void aNotReadyNodeUnderMemoryPressureHostingThePodsIsAnAnomaly() {
    server
        .expect()
        .get()
        .withPath("/apis/metrics.k8s.io/v1beta1/nodes")
        .andReturn(
            200,
            new NodeMetricsListBuilder()
                .addToItems(
                    new NodeMetricsBuilder()
                        .withNewMetadata()
                        .withName("node-a")
                        .endMetadata()
                        .addToUsage("cpu", new Quantity("1200m"))
                        .addToUsage("memory", new Quantity("12Gi"))
                        .build())
                .build())
        .always();

    server
        .expect()
        .get()
        .withPath("/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods?labelSelector=app%3Dcheckout")
        .andReturn(
            200,
            new PodMetricsListBuilder()
                .addNewItem()
                .withNewMetadata()
                .withName("checkout-7d9f5c6b8-x2k4p")
                .endMetadata()
                .addNewContainer()
                .withName("checkout")
                .addToUsage("cpu", new Quantity("250m"))
                .addToUsage("memory", new Quantity("498Mi"))
                .endContainer()
                .endItem()
                .build())
        .always();

    Finding finding = probes.inspectNodes(request("checkout"));

    assertThat(finding.probe()).isEqualTo(DiagnosisProbe.NODE_HEALTH);
    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.proposals()).isEmpty();
    assertThat(finding.facts()).containsExactly(entry(FindingFacts.NODES_UNHEALTHY, "node-b"));
    assertThat(finding.summary())
        .isEqualTo(
            "1 of 2 nodes hosting checkout in shop unhealthy: node-b NotReady, MemoryPressure");
    // node-c is cordoned but hosts no checkout pod: not looked at.
    assertThat(finding.evidence())
        .containsExactly(
            "node-a: Ready",
            "node-b: NotReady (KubeletNotReady: PLEG is not healthy: pleg was last seen active"
                + " 3m0s ago), MemoryPressure (KubeletHasInsufficientMemory: kubelet has"
                + " insufficient memory available)",
            "node-a usage: cpu 1200m (30% of allocatable), memory 12288Mi (75% of allocatable)",
            "checkout-7d9f5c6b8-x2k4p usage: cpu 250m, memory 498Mi");
  }

  /**
   * After the pods, the nodes hosting them and the usage of both do not depend on each other: each
   * answers after 1.5 s here, so asked in turn (node-a, node-b, node usage, pod usage) they take 6
   * s, at once about 1.5 s (issue 18's probes of 200 ms).
   */
  @Test
  void nodes_theHostsAndTheirUsage_areAskedAtOnceNotInTurn() {
    long late = 1_500;
    for (String host : List.of("node-a", "node-b")) {
      serveSlowly("/api/v1/nodes/" + host, client.nodes().withName(host).get(), late);
    }
    serveSlowly("/apis/metrics.k8s.io/v1beta1/nodes", new NodeMetricsListBuilder().build(), late);
    serveSlowly(
        "/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods?labelSelector=app%3Dcheckout",
        new PodMetricsListBuilder().build(), late);
    long started = System.nanoTime();

    Finding finding = probes.inspectNodes(request("checkout"));

    long took = Duration.ofNanos(System.nanoTime() - started).toMillis();
    assertThat(finding.summary())
        .isEqualTo(
            "1 of 2 nodes hosting checkout in shop unhealthy: node-b NotReady, MemoryPressure");
    // in turn: at least 4 x 1.5 s; the margin is for a loaded machine
    assertThat(took).isGreaterThanOrEqualTo(late).isLessThan(3 * late);
  }

  static void serveSlowly(String path, Object body, long ms) {
    server
        .expect()
        .get()
        .delay(ms, TimeUnit.MILLISECONDS)
        .withPath(path)
        .andReturn(200, body)
        .always();
  }

  @Test
  void metricsNotServedIsEvidenceNotAFailure() {
    server
        .expect()
        .get()
        .withPath("/apis/metrics.k8s.io/v1beta1/nodes")
        .andReturn(
            404,
            new StatusBuilder()
                .withCode(404)
                .withReason("NotFound")
                .withMessage("the server could not find the requested resource")
                .build())
        .always();

    Finding finding = probes.inspectNodes(request("checkout"));

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.evidence()).contains("metrics.k8s.io not served (404): no usage figures");
  }

  @Test
  void withoutScheduledPodsAllNodesAreLookedAtAndACordonedNodeIsEvidenceOnly() {
    client.nodes().withName("node-b").delete();

    Finding finding = probes.inspectNodes(request("unknown-service"));

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.summary()).isEqualTo("all 2 nodes Ready, no memory, disk or PID pressure");
    assertThat(finding.evidence()).contains("node-a: Ready", "node-c: Ready, SchedulingDisabled");
    assertThat(finding.facts()).isEmpty();
  }

  // ---------------------------------------------------------------- failures

  @Test
  void forbiddenIsANonRetryableCredentialsFailure() {
    server
        .expect()
        .get()
        .withPath("/apis/apps/v1/namespaces/shop/deployments/checkout")
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage(
                    "deployments.apps \"checkout\" is forbidden: User"
                        + " \"system:serviceaccount:ops:incident-worker\" cannot get resource"
                        + " \"deployments\" in API group \"apps\" in the namespace \"shop\"")
                .build())
        .always();

    assertThatThrownBy(() -> probes.inspectPods(request("checkout")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(FailureType.INVALID_CREDENTIALS.type());
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage())
                  .startsWith("Kubernetes get deployment shop/checkout: 403 deployments.apps");
            });
  }

  @Test
  void unauthorizedIsANonRetryableCredentialsFailure() {
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/shop/events")
        .andReturn(401, new StatusBuilder().withCode(401).withMessage("Unauthorized").build())
        .always();

    assertThatThrownBy(() -> probes.inspectEvents(request("checkout")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(FailureType.INVALID_CREDENTIALS.type());
              assertThat(failure.isNonRetryable()).isTrue();
            });
  }

  @Test
  void aServerErrorIsARetryableUnavailableFailure() {
    server
        .expect()
        .get()
        .withPath(RS_PATH)
        .andReturn(
            500,
            new StatusBuilder().withCode(500).withMessage("etcdserver: request timed out").build())
        .always();

    // fabric8 itself retries a 5xx (requestRetryBackoffLimit, 10 by default, about 20 s in all)
    // before the failure reaches the probe; a client without those retries keeps this test quick.
    try (KubernetesClient noRetries = withoutRetries(client.getConfiguration())) {
      var probesWithoutRetries =
          new KubernetesProbes(noRetries, KubernetesSettings.enabledWithDefaults(), CLOCK);

      assertThatThrownBy(() -> probesWithoutRetries.inspectRollouts(request("checkout")))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              failure -> {
                assertThat(failure.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
                assertThat(failure.isNonRetryable()).isFalse();
                assertThat(failure.getOriginalMessage())
                    .isEqualTo(
                        "Kubernetes list replicasets of shop/checkout: 500 etcdserver: request"
                            + " timed out");
              });
    }
  }

  static KubernetesClient withoutRetries(Config base) {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(base).withRequestRetryBackoffLimit(0).build())
        .build();
  }

  @Test
  void anUnreachableApiServerIsARetryableUnavailableFailure() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("http://127.0.0.1:" + closedPort)
            .withRequestRetryBackoffLimit(0)
            .withConnectionTimeout(2_000)
            .withRequestTimeout(2_000)
            .build();
    try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(config).build()) {
      var offline =
          new KubernetesProbes(unreachable, KubernetesSettings.enabledWithDefaults(), CLOCK);

      assertThatThrownBy(() -> offline.inspectNodes(request("checkout")))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              failure -> {
                assertThat(failure.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
                assertThat(failure.isNonRetryable()).isFalse();
                assertThat(failure.getOriginalMessage())
                    .startsWith("Kubernetes get deployment shop/checkout: unreachable: ");
              });
    }
  }

  @Test
  void aSlowApiServerTimesOutAsARetryableUnavailableFailure() {
    server
        .expect()
        .get()
        .delay(3, TimeUnit.SECONDS)
        .withPath("/api/v1/namespaces/shop/events")
        .andReturn(200, "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}")
        .always();
    Config config =
        new ConfigBuilder(client.getConfiguration())
            .withRequestTimeout(500)
            .withRequestRetryBackoffLimit(0)
            .build();
    try (KubernetesClient impatient = new KubernetesClientBuilder().withConfig(config).build()) {
      var probesWithTimeout =
          new KubernetesProbes(impatient, KubernetesSettings.enabledWithDefaults(), CLOCK);

      assertThatThrownBy(() -> probesWithTimeout.inspectEvents(request("checkout")))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              failure -> {
                assertThat(failure.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
                assertThat(failure.isNonRetryable()).isFalse();
                assertThat(failure.getOriginalMessage())
                    .startsWith("Kubernetes list events in shop: timed out: ")
                    .contains("timeout period of 500ms has been exceeded");
              });
    }
  }

  @Test
  void settingsDefaults() {
    var defaults = new KubernetesSettings(null, null, null, null, null);

    assertThat(defaults.configured()).isFalse();
    assertThat(defaults.selectorLabel()).isEqualTo("app");
    assertThat(defaults.eventLimit()).isEqualTo(15);
    assertThat(defaults.changeWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(defaults.restartThreshold()).isEqualTo(3);
    assertThat(KubernetesSettings.enabledWithDefaults().configured()).isTrue();
  }
}
