package io.incidentresponse.activities.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.incidentresponse.activities.kubernetes.KubernetesMitigations;
import io.incidentresponse.activities.mitigation.Guardrails;
import io.incidentresponse.activities.mitigation.MitigationRouter;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationActivities;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Instance;

/**
 * REPLACE_NODE against a real AWS auto-scaling API run locally (moto, launched by {@link
 * MotoServer}) and fabric8's mock API server in CRUD mode. The group has three instances moto
 * launched; the cluster has their three Nodes; the test plays the kubelet of the replacement by
 * registering its Node as Ready. The CRUD mock has no eviction subresource, so an expectation
 * answers the one eviction.
 */
@EnableKubernetesMockClient(crud = true)
class NodeReplacementTest {
  static KubernetesClient client;
  static KubernetesMockServer server;

  @RegisterExtension static final MotoServer moto = new MotoServer();

  private static final String GROUP = "eks-workers";
  private static final String NS = "shop";
  private static final String POD = "checkout-7f4a1e9c32-q9w4z";
  private static final StaticCredentialsProvider TEST_CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

  private AutoScalingClient aws;
  private List<String> instances;
  private final List<CompletableFuture<?>> running = new ArrayList<>();

  @BeforeEach
  void groupOfThreeAndTheirNodes() {
    server.reset();
    aws =
        AutoScalingGroups.client(
            settings(List.of(GROUP), Duration.ofSeconds(30)), TEST_CREDENTIALS);
    aws.createLaunchConfiguration(
        r -> r.launchConfigurationName("workers").imageId("ami-12c6146b").instanceType("m5.large"));
    aws.createAutoScalingGroup(
        r ->
            r.autoScalingGroupName(GROUP)
                .launchConfigurationName("workers")
                .minSize(1)
                .maxSize(5)
                .desiredCapacity(3)
                .availabilityZones("us-east-1a"));
    instances = groupInstances();
    assertThat(instances).hasSize(3);
    for (int i = 0; i < 3; i++) {
      registerNode(nodeName(i), instances.get(i), true);
    }
    client
        .pods()
        .inNamespace(NS)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(POD)
                .withNamespace(NS)
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .withName("checkout-7f4a1e9c32")
                .withUid("rs-uid")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withNodeName(nodeName(0))
                .addNewContainer()
                .withName("checkout")
                .withImage("shop/checkout:1.4.2")
                .endContainer()
                .endSpec()
                .build())
        .create();
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/shop/pods/" + POD + "/eviction")
        .andReturn(201, new StatusBuilder().withStatus("Success").withCode(201).build())
        .once();
  }

  @AfterEach
  void stopWaiting() {
    running.forEach(f -> f.cancel(true));
    if (aws != null) {
      aws.close();
    }
  }

  @Test
  void replace_drainsTerminatesInTheGroupAndRecordsTheReplacementOnceItsNodeIsReady() {
    NodeReplacement replacement = replacement(List.of(GROUP), Duration.ofSeconds(60));
    CompletableFuture<MitigationResult> result =
        start(() -> replacement.replaceNode(request("replace-1", nodeName(0))));

    String newInstance = awaitNewInstance();
    // Registered but not Ready yet: still waiting.
    registerNode("ip-10-0-9-9.ec2.internal", newInstance, false);
    sleep(500);
    assertThat(result).isNotDone();
    registerNode("ip-10-0-9-9.ec2.internal", newInstance, true);
    MitigationResult done = result.join();

    assertThat(done.summary())
        .startsWith("replaced node " + nodeName(0) + ": drained (evicted shop/" + POD + ")")
        .contains("terminated " + instances.get(0) + " in auto-scaling group " + GROUP)
        .contains("replacement node ip-10-0-9-9.ec2.internal (" + newInstance + ") Ready");
    assertThat(done.before())
        .containsEntry("node", nodeName(0))
        .containsEntry("instance", instances.get(0))
        .containsEntry("group", GROUP)
        .containsEntry("desired", "3")
        .containsEntry("inService", "3");
    assertThat(done.after())
        .containsEntry("terminated", instances.get(0))
        .containsEntry("newNode", "ip-10-0-9-9.ec2.internal")
        .containsEntry("newInstance", newInstance)
        .containsEntry("desired", "3")
        .containsEntry("inService", "3");
    // The group is back at three without the old instance, and kept its desired capacity.
    assertThat(groupInstances())
        .hasSize(3)
        .doesNotContain(instances.get(0))
        .contains(newInstance, instances.get(1), instances.get(2));
    assertThat(
            aws.describeAutoScalingGroups(r -> r.autoScalingGroupNames(GROUP))
                .autoScalingGroups()
                .get(0)
                .desiredCapacity())
        .isEqualTo(3);
    Node old = client.nodes().withName(nodeName(0)).get();
    assertThat(old.getSpec().getUnschedulable()).isTrue();
    assertThat(old.getMetadata().getAnnotations())
        .containsEntry("incident-response.io/action", "INC-42/replace-1")
        .containsKey(NodeReplacement.RECORD);
    assertThat(requests()).contains("POST /api/v1/namespaces/shop/pods/" + POD + "/eviction");
  }

  @Test
  void replace_retriedAfterTheTerminateCall_terminatesNoSecondInstance() {
    NodeReplacement replacement = replacement(List.of(GROUP), Duration.ofSeconds(60));
    MitigationRequest request = request("replace-1", nodeName(0));
    CompletableFuture<MitigationResult> first = start(() -> replacement.replaceNode(request));
    String newInstance = awaitNewInstance();
    registerNode("ip-10-0-9-9.ec2.internal", newInstance, true);
    first.join();
    List<String> afterFirst = groupInstances();

    MitigationResult retried = replacement.replaceNode(request);

    assertThat(retried.summary()).startsWith("continued replacing node " + nodeName(0));
    assertThat(retried.after()).containsEntry("newInstance", newInstance);
    assertThat(groupInstances()).isEqualTo(afterFirst);
  }

  @Test
  void replace_retriedAfterACrashBeforeTheTerminateTookEffect_terminatesTheRecordedInstanceOnly() {
    NodeReplacement replacement = replacement(List.of(GROUP), Duration.ofSeconds(60));
    MitigationRequest request = request("replace-1", nodeName(0));
    // What a crash right after recording and before the terminate call leaves behind.
    String record =
        client
            .getKubernetesSerialization()
            .asJson(
                Map.of(
                    "key",
                    request.idempotencyKey(),
                    "node",
                    nodeName(0),
                    "instance",
                    instances.get(0),
                    "group",
                    GROUP,
                    "desired",
                    "3",
                    "inService",
                    "3",
                    "groupInstances",
                    String.join(",", instances),
                    "evicted",
                    "shop/" + POD,
                    "terminatedAt",
                    "2026-11-30T08:00:00Z"));
    client
        .nodes()
        .withName(nodeName(0))
        .edit(
            n -> {
              n.getMetadata().getAnnotations().put(NodeReplacement.RECORD, record);
              return n;
            });
    requests();

    CompletableFuture<MitigationResult> retry = start(() -> replacement.replaceNode(request));
    String newInstance = awaitNewInstance();
    registerNode("ip-10-0-9-9.ec2.internal", newInstance, true);

    assertThat(retry.join().summary()).startsWith("continued replacing node " + nodeName(0));
    assertThat(groupInstances())
        .hasSize(3)
        .doesNotContain(instances.get(0))
        .contains(instances.get(1), instances.get(2));
    // The drain is not run again.
    assertThat(requests()).noneMatch(r -> r.contains("/eviction"));
  }

  @Test
  void replace_retriedAfterTheNodeWentWithItsInstance_resumesFromTheHeartbeatRecord() {
    // The first attempt terminated the instance and heartbeat its record; then the worker died
    // and the cloud controller deleted the Node with its instance.
    aws.terminateInstanceInAutoScalingGroup(
        r -> r.instanceId(instances.get(0)).shouldDecrementDesiredCapacity(false));
    client.nodes().withName(nodeName(0)).delete();
    MitigationRequest request = request("replace-1", nodeName(0));
    TestActivityEnvironment activities = TestActivityEnvironment.newInstance();
    try {
      activities.registerActivitiesImplementations(
          new MitigationRouter(
              Guardrails.allowing(NS),
              Map.of(
                  ActionType.REPLACE_NODE,
                  replacement(List.of(GROUP), Duration.ofSeconds(60))::replaceNode),
              List.of()));
      activities.setHeartbeatDetails(
          Map.of(
              "key",
              request.idempotencyKey(),
              "node",
              nodeName(0),
              "instance",
              instances.get(0),
              "group",
              GROUP,
              "desired",
              "3",
              "inService",
              "3",
              "groupInstances",
              String.join(",", instances),
              "evicted",
              "shop/" + POD,
              "terminatedAt",
              "2026-11-30T08:00:00Z"));
      MitigationActivities stub =
          activities.newActivityStub(MitigationActivities.class, MitigationActivities.RUN_OPTIONS);
      requests();

      CompletableFuture<MitigationResult> retry = start(() -> stub.runMitigation(request));
      String newInstance = awaitNewInstance();
      registerNode("ip-10-0-9-9.ec2.internal", newInstance, true);

      MitigationResult resumed = retry.join();
      assertThat(resumed.summary()).startsWith("continued replacing node " + nodeName(0));
      assertThat(resumed.before()).containsEntry("instance", instances.get(0));
      assertThat(resumed.after())
          .containsEntry("newNode", "ip-10-0-9-9.ec2.internal")
          .containsEntry("newInstance", newInstance);
      assertThat(groupInstances())
          .hasSize(3)
          .contains(newInstance, instances.get(1), instances.get(2));
      assertThat(requests()).noneMatch(r -> r.contains("/eviction") || r.startsWith("PATCH"));
    } finally {
      activities.close();
    }
  }

  @Test
  void replace_givenANodeInNoGroup_isABadRequestAndNothingChanges() {
    registerNode("standalone", "i-0123456789abcdef0", true);
    NodeReplacement replacement = replacement(List.of(GROUP), Duration.ofSeconds(5));

    assertFailure(
        () -> replacement.replaceNode(request("replace-1", "standalone")),
        FailureType.BAD_REQUEST,
        false,
        "node standalone (instance i-0123456789abcdef0) is in no auto-scaling group");
    assertThat(client.nodes().withName("standalone").get().getSpec().getUnschedulable()).isNull();
  }

  @Test
  void replace_givenANodeThatIsNoEc2Instance_isABadRequest() {
    client
        .nodes()
        .resource(
            new NodeBuilder(client.nodes().withName(nodeName(1)).get())
                .editMetadata()
                .withName("kind-worker")
                .withResourceVersion(null)
                .endMetadata()
                .editSpec()
                .withProviderID("kind://docker/kind/kind-worker")
                .endSpec()
                .build())
        .create();

    assertFailure(
        () ->
            replacement(List.of(GROUP), Duration.ofSeconds(5))
                .replaceNode(request("replace-1", "kind-worker")),
        FailureType.BAD_REQUEST,
        false,
        "node kind-worker is not an EC2 instance (spec.providerID 'kind://docker/kind/kind-worker')");
  }

  @Test
  void replace_givenAGroupNotAllowed_isRefusedBeforeTheDrain() {
    NodeReplacement replacement = replacement(List.of("batch-workers"), Duration.ofSeconds(5));

    assertFailure(
        () -> replacement.replaceNode(request("replace-1", nodeName(0))),
        FailureType.GUARDRAIL,
        false,
        "auto-scaling group 'eks-workers' of node "
            + nodeName(0)
            + " is not in incident.aws.auto-scaling-groups [batch-workers]");
    assertNothingChanged();
  }

  @Test
  void replace_ofTheLastReadyNode_isRefused() {
    registerNode(nodeName(1), instances.get(1), false);
    registerNode(nodeName(2), instances.get(2), false);
    NodeReplacement replacement = replacement(List.of(GROUP), Duration.ofSeconds(5));

    assertFailure(
        () -> replacement.replaceNode(request("replace-1", nodeName(0))),
        FailureType.GUARDRAIL,
        false,
        "never the last node: the cluster has no Ready, schedulable node but " + nodeName(0));
    assertNothingChanged();
  }

  @Test
  void replace_whenTheGroupWouldKeepNoReadyNode_isRefused() {
    // Other Ready nodes exist, but none of them runs on another instance of this group.
    registerNode(nodeName(1), instances.get(1), false);
    registerNode(nodeName(2), instances.get(2), false);
    registerNode("standalone", "i-0123456789abcdef0", true);

    assertFailure(
        () ->
            replacement(List.of(GROUP), Duration.ofSeconds(5))
                .replaceNode(request("replace-1", nodeName(0))),
        FailureType.GUARDRAIL,
        false,
        "never the last node: auto-scaling group eks-workers has no other InService instance with"
            + " a Ready node");
    assertNothingChanged();
  }

  @Test
  void replace_whileAnotherRunsOnThisWorker_isARetryableConflictAndChangesNothing() {
    NodeReplacement replacement = replacement(List.of(GROUP), Duration.ofSeconds(60));
    CompletableFuture<MitigationResult> first =
        start(() -> replacement.replaceNode(request("replace-1", nodeName(0))));
    String newInstance = awaitNewInstance();
    List<String> whileFirstWaits = groupInstances();

    assertFailure(
        () -> replacement.replaceNode(request("replace-2", nodeName(1))),
        FailureType.CONFLICT,
        true,
        "another node replacement (INC-42/replace-1) is running on this worker");
    assertThat(groupInstances()).isEqualTo(whileFirstWaits);
    assertThat(client.nodes().withName(nodeName(1)).get().getSpec().getUnschedulable()).isNull();

    registerNode("ip-10-0-9-9.ec2.internal", newInstance, true);
    first.join();
    // Once the first is done the second may run: its retry is not refused any more.
    assertThat(replacement.replaceNode(dryRun(request("replace-2", nodeName(1)))).summary())
        .startsWith("dry run: would drain node " + nodeName(1));
  }

  @Test
  void replace_whenAwsIsUnreachable_failsRetryablyBeforeTheDrain() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    AwsSettings unreachable =
        new AwsSettings(List.of(GROUP), "us-east-1", "http://127.0.0.1:" + closed, null, null);
    NodeReplacement replacement =
        new NodeReplacement(
            client,
            new AutoScalingGroups(AutoScalingGroups.client(unreachable, TEST_CREDENTIALS)),
            drain(),
            unreachable,
            Clock.systemUTC());

    assertFailure(
        () -> replacement.replaceNode(request("replace-1", nodeName(0))),
        FailureType.UNAVAILABLE,
        true,
        "AWS describe auto-scaling instance " + instances.get(0) + ": unreachable");
    assertNothingChanged();
  }

  @Test
  void replace_whoseReplacementIsNeverReady_failsFinallySayingTheInstanceIsAlreadyTerminated() {
    NodeReplacement replacement = replacement(List.of(GROUP), Duration.ofSeconds(2));

    assertFailure(
        () -> replacement.replaceNode(request("replace-1", nodeName(0))),
        FailureType.UNAVAILABLE,
        false,
        "instance "
            + instances.get(0)
            + " of node "
            + nodeName(0)
            + " is already terminated in auto-scaling group eks-workers (desired capacity 3"
            + " kept), but no replacement node was Ready within PT2S");
    assertThat(groupInstances()).doesNotContain(instances.get(0));
  }

  @Test
  void dryRun_saysWhatItWouldDoAndChangesNothing() {
    MitigationResult result =
        replacement(List.of(GROUP), Duration.ofSeconds(5))
            .replaceNode(dryRun(request("replace-1", nodeName(0))));

    assertThat(result.summary())
        .isEqualTo(
            "dry run: would drain node "
                + nodeName(0)
                + ", terminate "
                + instances.get(0)
                + " in auto-scaling group eks-workers keeping its desired capacity 3, and wait up"
                + " to PT5S for a replacement node to be Ready");
    assertNothingChanged();
  }

  // -------------------------------------------------------------------------------- helpers

  private NodeReplacement replacement(List<String> allowed, Duration timeout) {
    AwsSettings settings = settings(allowed, timeout);
    return new NodeReplacement(
        client,
        new AutoScalingGroups(AutoScalingGroups.client(settings, TEST_CREDENTIALS)),
        drain(),
        settings,
        Clock.systemUTC());
  }

  private AwsSettings settings(List<String> allowed, Duration timeout) {
    return new AwsSettings(allowed, "us-east-1", moto.endpoint(), timeout, Duration.ofMillis(100));
  }

  private static io.incidentresponse.activities.mitigation.Mitigator drain() {
    return new KubernetesMitigations(client, Guardrails.allowing(NS), Clock.systemUTC())
        .mitigators()
        .get(ActionType.DRAIN_NODE);
  }

  private <T> CompletableFuture<T> start(java.util.function.Supplier<T> call) {
    CompletableFuture<T> future = CompletableFuture.supplyAsync(call);
    running.add(future);
    return future;
  }

  /** The instance moto launched to replace the terminated one. */
  private String awaitNewInstance() {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      List<String> now = groupInstances();
      List<String> added = now.stream().filter(i -> !instances.contains(i)).toList();
      if (!added.isEmpty()) {
        return added.get(0);
      }
      sleep(100);
    }
    throw new AssertionError("moto launched no replacement within 30 s: " + groupInstances());
  }

  private List<String> groupInstances() {
    return aws
        .describeAutoScalingGroups(r -> r.autoScalingGroupNames(GROUP))
        .autoScalingGroups()
        .get(0)
        .instances()
        .stream()
        .map(Instance::instanceId)
        .sorted()
        .toList();
  }

  private void assertNothingChanged() {
    assertThat(groupInstances()).isEqualTo(instances);
    Node target = client.nodes().withName(nodeName(0)).get();
    assertThat(target.getSpec().getUnschedulable()).isNull();
    assertThat(target.getMetadata().getAnnotations()).doesNotContainKey(NodeReplacement.RECORD);
    assertThat(requests()).noneMatch(r -> r.contains("/eviction") || r.startsWith("PATCH"));
  }

  /** Creates or replaces a Node on {@code instance}, Ready or NotReady: the kubelet's part. */
  private static void registerNode(String name, String instance, boolean ready) {
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .addToLabels("topology.kubernetes.io/zone", "us-east-1a")
            .endMetadata()
            .withNewSpec()
            .withProviderID("aws:///us-east-1a/" + instance)
            .endSpec()
            .withNewStatus()
            .addNewCondition()
            .withType("Ready")
            .withStatus(ready ? "True" : "False")
            .withReason(ready ? "KubeletReady" : "KubeletNotReady")
            .endCondition()
            .endStatus()
            .build();
    client.nodes().resource(node).createOr(n -> n.update());
  }

  private static String nodeName(int i) {
    return "ip-10-0-1-" + (10 + i) + ".ec2.internal";
  }

  private static MitigationRequest request(String actionId, String node) {
    return new MitigationRequest(
        "INC-42",
        actionId,
        new ActionProposal(ActionType.REPLACE_NODE, null, node, Map.of(), null, "node NotReady"),
        "alice",
        false,
        0);
  }

  private static MitigationRequest dryRun(MitigationRequest request) {
    return new MitigationRequest(
        request.incidentId(), request.actionId(), request.action(), request.approvedBy(), true, 0);
  }

  private static void assertFailure(
      ThrowingCallable call, FailureType type, boolean retryable, String messagePart) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(type.type());
              assertThat(failure.isNonRetryable()).isEqualTo(!retryable);
              assertThat(failure.getOriginalMessage()).contains(messagePart);
            });
  }

  /** The requests the Kubernetes mock received since the last call, as {@code METHOD path}. */
  private static List<String> requests() {
    List<String> requests = new ArrayList<>();
    try {
      RecordedRequest request;
      while ((request = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
        requests.add(request.getMethod() + " " + request.getPath());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return requests;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
