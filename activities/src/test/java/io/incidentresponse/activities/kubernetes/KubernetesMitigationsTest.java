package io.incidentresponse.activities.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.incidentresponse.activities.mitigation.Guardrails;
import io.incidentresponse.activities.mitigation.Mitigator;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.mitigation.ActionParameters;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import io.temporal.failure.ApplicationFailure;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes mitigations against fabric8's mock API server in CRUD mode, seeded from {@code
 * kubernetes/mitigation/shop.yaml}. Where the CRUD mock cannot play the API server (it has no
 * eviction subresource: a POST to {@code pods/<name>/eviction} answers 409 "Eviction already
 * exists"), expectations answer for it and the test asserts the requests it received.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesMitigationsTest {
  static KubernetesClient client;
  static KubernetesMockServer server;

  private static final String NS = "shop";
  private static final String INCIDENT = "INC-42";
  private static final Instant NOW = Instant.parse("2026-11-26T10:15:30Z");
  private static final String PRIMARY_URL =
      "postgres://checkout:pr1mary-s3cret@db-primary.shop.svc:5432/checkout";
  private static final String REPLICA_URL =
      "postgres://checkout:r3plica-s3cret@db-replica.shop.svc:5432/checkout";

  private Map<ActionType, Mitigator> mitigators;

  @BeforeEach
  void seedShop() throws Exception {
    server.reset();
    List<HasMetadata> items =
        client.load(getClass().getResourceAsStream("/kubernetes/mitigation/shop.yaml")).items();
    Deployment checkout = null;
    for (HasMetadata item : items) {
      if (item instanceof Deployment) {
        checkout = client.resource((Deployment) item).create();
      }
    }
    String uid = checkout.getMetadata().getUid();
    for (HasMetadata item : items) {
      if (item instanceof ReplicaSet rs) {
        rs.getMetadata().getOwnerReferences().forEach(o -> o.setUid(uid));
      }
      if (!(item instanceof Deployment)) {
        client.resource(item).create();
      }
    }
    requests(); // forget the seeding
    mitigators =
        new KubernetesMitigations(client, Guardrails.allowing(NS), Clock.fixed(NOW, ZoneOffset.UTC))
            .mitigators();
  }

  // ------------------------------------------------------------------------------------ scale

  @Test
  void scale_from3To10_setsReplicasAndLeavesTheRecordOnTheDeployment() {
    MitigationResult result = run(request("scale-1", ActionType.SCALE, "checkout", "replicas=10"));

    assertThat(result.summary()).isEqualTo("scaled deployment shop/checkout from 3 to 10 replicas");
    assertThat(result.before()).containsEntry("replicas", "3");
    assertThat(result.after()).containsEntry("replicas", "10");
    Deployment checkout = deployment();
    assertThat(checkout.getSpec().getReplicas()).isEqualTo(10);
    assertThat(checkout.getMetadata().getAnnotations())
        .containsEntry("incident-response.io/action", "INC-42/scale-1")
        .containsEntry("incident-response.io/at", "2026-11-26T10:15:30Z")
        .containsEntry("incident-response.io/before", "{\"replicas\":\"3\"}")
        .containsEntry("incident-response.io/after", "{\"replicas\":\"10\"}");
  }

  @Test
  void scale_retriedWithTheSameKey_reportsTheEarlierRunAndDoesNotActAgain() {
    MitigationRequest request = request("scale-1", ActionType.SCALE, "checkout", "replicas=10");
    run(request);
    // Someone scales by hand after the first run: the retry must not overwrite that.
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("checkout")
        .edit(
            d -> {
              d.getSpec().setReplicas(6);
              return d;
            });
    requests();

    MitigationResult retried = run(request);

    assertThat(retried.summary()).startsWith("already done by INC-42/scale-1");
    assertThat(retried.before()).containsEntry("replicas", "3");
    assertThat(retried.after()).containsEntry("replicas", "10");
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(6);
    assertThat(requests()).allMatch(r -> r.startsWith("GET "));
  }

  @Test
  void scale_toZero_isRefusedByTheGuardrailAndNothingChanges() {
    assertFailure(
        () -> run(request("scale-1", ActionType.SCALE, "checkout", "replicas=0")),
        FailureType.GUARDRAIL,
        false,
        "never scale to zero");
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(3);
    assertThat(requests()).allMatch(r -> r.startsWith("GET "));
  }

  @Test
  void scale_aboveMaxReplicas_isRefusedByTheGuardrailAndNothingChanges() {
    assertFailure(
        () -> run(request("scale-1", ActionType.SCALE, "checkout", "replicas=21")),
        FailureType.GUARDRAIL,
        false,
        "outside the allowed range 1..20");
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void scale_givenReplicasNotANumber_isBadRequest() {
    assertFailure(
        () -> run(request("scale-1", ActionType.SCALE, "checkout", "replicas=ten")),
        FailureType.BAD_REQUEST,
        false,
        "'replicas' must be a whole number");
  }

  @Test
  void scale_givenAMissingDeployment_isNotFoundNamingIt() {
    assertFailure(
        () -> run(request("scale-1", ActionType.SCALE, "cart", "replicas=5")),
        FailureType.NOT_FOUND,
        false,
        "deployment shop/cart not found");
  }

  // ---------------------------------------------------------------------------------- restart

  @Test
  void restart_setsRestartedAtOnThePodTemplate() {
    MitigationResult result = run(request("restart-1", ActionType.RESTART, "checkout"));

    assertThat(result.before()).containsEntry("restartedAt", "never");
    assertThat(result.after()).containsEntry("restartedAt", "2026-11-26T10:15:30Z");
    Deployment checkout = deployment();
    assertThat(checkout.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("kubectl.kubernetes.io/restartedAt", "2026-11-26T10:15:30Z");
    assertThat(checkout.getMetadata().getAnnotations())
        .containsEntry("incident-response.io/action", "INC-42/restart-1");
  }

  // --------------------------------------------------------------------------------- rollback

  @Test
  void rollback_withoutRevision_returnsToThePreviousRevision() {
    MitigationResult result = run(request("rollback-1", ActionType.ROLLBACK, "checkout"));

    assertThat(result.before())
        .containsEntry("revision", "3")
        .containsEntry("image", "registry.example.com/shop/checkout:1.4.2");
    assertThat(result.after())
        .containsEntry("revision", "2")
        .containsEntry("image", "registry.example.com/shop/checkout:1.4.1");
    Deployment checkout = deployment();
    assertThat(checkout.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example.com/shop/checkout:1.4.1");
    // kubectl rollout undo drops the hash: the controller computes it for the new ReplicaSet.
    assertThat(checkout.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("app", "checkout")
        .doesNotContainKey("pod-template-hash");
  }

  @Test
  void rollback_retriedWithTheSameKey_doesNotGoBackAnotherRevision() {
    MitigationRequest request = request("rollback-1", ActionType.ROLLBACK, "checkout");
    run(request);

    MitigationResult retried = run(request);

    assertThat(retried.summary()).startsWith("already done by INC-42/rollback-1");
    assertThat(retried.after()).containsEntry("revision", "2");
    assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example.com/shop/checkout:1.4.1");
  }

  @Test
  void rollback_toNamedRevision_copiesThatRevisionsTemplate() {
    MitigationResult result =
        run(request("rollback-1", ActionType.ROLLBACK, "checkout", "revision=1"));

    assertThat(result.after())
        .containsEntry("revision", "1")
        .containsEntry("image", "registry.example.com/shop/checkout:1.4.0");
    assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example.com/shop/checkout:1.4.0");
  }

  @Test
  void rollback_toUnknownRevision_isBadRequestAndNothingChanges() {
    assertFailure(
        () -> run(request("rollback-1", ActionType.ROLLBACK, "checkout", "revision=7")),
        FailureType.BAD_REQUEST,
        false,
        "revision 7 of deployment shop/checkout does not exist (known revisions: [1, 2, 3])");
    assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example.com/shop/checkout:1.4.2");
    assertThat(requests()).allMatch(r -> r.startsWith("GET "));
  }

  @Test
  void rollback_toTheCurrentRevision_isBadRequest() {
    assertFailure(
        () -> run(request("rollback-1", ActionType.ROLLBACK, "checkout", "revision=3")),
        FailureType.BAD_REQUEST,
        false,
        "revision 3 is the current revision");
  }

  // --------------------------------------------------------------------------------- redirect

  @Test
  void redirect_toTheCanary_replacesTheServiceSelector() {
    MitigationResult result =
        run(
            request(
                "redirect-1",
                ActionType.REDIRECT_TRAFFIC,
                "checkout",
                "selector=app=checkout,track=canary"));

    assertThat(result.before()).containsEntry("selector", "app=checkout,track=stable");
    assertThat(result.after()).containsEntry("selector", "app=checkout,track=canary");
    assertThat(service().getSpec().getSelector())
        .isEqualTo(Map.of("app", "checkout", "track", "canary"));
  }

  @Test
  void redirect_toASelectorNoPodMatches_isRefusedAsItWouldBlackHoleTraffic() {
    assertFailure(
        () ->
            run(
                request(
                    "redirect-1",
                    ActionType.REDIRECT_TRAFFIC,
                    "checkout",
                    "selector=app=checkout,track=green")),
        FailureType.BAD_REQUEST,
        false,
        "no pod in namespace shop matches selector app=checkout,track=green");
    assertThat(service().getSpec().getSelector())
        .isEqualTo(Map.of("app", "checkout", "track", "stable"));
  }

  @Test
  void redirect_givenAMalformedSelector_isBadRequest() {
    assertFailure(
        () ->
            run(
                request(
                    "redirect-1",
                    ActionType.REDIRECT_TRAFFIC,
                    "checkout",
                    "selector=app checkout")),
        FailureType.BAD_REQUEST,
        false,
        "is malformed");
  }

  // ----------------------------------------------------------------------------- read replica

  @Test
  void readReplica_setsTheValueRestartsTheDeploymentAndMasksThePassword() {
    MitigationResult result = run(readReplicaRequest("read-replica-1"));

    assertThat(configMap().getData()).containsEntry("DATABASE_URL", REPLICA_URL);
    assertThat(deployment().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("kubectl.kubernetes.io/restartedAt", "2026-11-26T10:15:30Z");
    assertThat(result.before())
        .containsEntry(
            "data.DATABASE_URL", "postgres://checkout:****@db-primary.shop.svc:5432/checkout");
    assertThat(result.after())
        .containsEntry(
            "data.DATABASE_URL", "postgres://checkout:****@db-replica.shop.svc:5432/checkout")
        .containsEntry("restartedAt", "2026-11-26T10:15:30Z");
    assertThat(result.toString()).doesNotContain("s3cret");
    assertThat(configMap().getMetadata().getAnnotations().toString()).doesNotContain("s3cret");
  }

  @Test
  void readReplica_retriedAfterTheRestartFailed_restartsWithoutSettingTheValueAgain() {
    MitigationRequest request = readReplicaRequest("read-replica-1");
    // The ConfigMap patch lands, then the Deployment patch meets a concurrent change.
    server
        .expect()
        .patch()
        .withPath("/apis/apps/v1/namespaces/shop/deployments/checkout")
        .andReturn(409, conflict("checkout"))
        .once();
    assertFailure(() -> run(request), FailureType.CONFLICT, true, "the object has been modified");
    assertThat(configMap().getData()).containsEntry("DATABASE_URL", REPLICA_URL);
    assertThat(deployment().getSpec().getTemplate().getMetadata().getAnnotations())
        .doesNotContainKey("kubectl.kubernetes.io/restartedAt");
    requests();

    MitigationResult retried = run(request);

    assertThat(retried.after()).containsEntry("restartedAt", "2026-11-26T10:15:30Z");
    assertThat(deployment().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("kubectl.kubernetes.io/restartedAt", "2026-11-26T10:15:30Z");
    assertThat(requests())
        .filteredOn(r -> !r.startsWith("GET "))
        .containsExactly("PATCH /apis/apps/v1/namespaces/shop/deployments/checkout");

    assertThat(run(request).summary()).startsWith("already done by INC-42/read-replica-1");
  }

  // ------------------------------------------------------------------------------------ drain

  @Test
  void drain_cordonsAndEvictsButLeavesDaemonSetAndMirrorPods() {
    expectEviction("checkout-7f4a1e9c32-q9w4z", 201);
    expectEviction("checkout-7f4a1e9c32-x2k8p", 201);

    MitigationResult result = run(request("drain-1", ActionType.DRAIN_NODE, "node-a"));

    assertThat(node("node-a").getSpec().getUnschedulable()).isTrue();
    assertThat(result.before()).containsEntry("unschedulable", "false");
    assertThat(result.after())
        .containsEntry("unschedulable", "true")
        .containsEntry("evicted", "shop/checkout-7f4a1e9c32-q9w4z,shop/checkout-7f4a1e9c32-x2k8p")
        .containsEntry(
            "skipped",
            "kube-system/fluent-bit-8xk2m (DaemonSet),kube-system/kube-proxy-node-a (mirror pod)");
    assertThat(requests())
        .filteredOn(r -> !r.startsWith("GET "))
        .containsExactly(
            "PATCH /api/v1/nodes/node-a",
            "POST /api/v1/namespaces/shop/pods/checkout-7f4a1e9c32-q9w4z/eviction",
            "POST /api/v1/namespaces/shop/pods/checkout-7f4a1e9c32-x2k8p/eviction");
  }

  @Test
  void drain_whenABudgetRefusesAnEviction_failsRetryablyAndTheRetryContinuesTheDrain() {
    expectEviction("checkout-7f4a1e9c32-q9w4z", 201);
    expectEviction("checkout-7f4a1e9c32-x2k8p", 429);
    MitigationRequest request = request("drain-1", ActionType.DRAIN_NODE, "node-a");

    assertFailure(
        () -> run(request),
        FailureType.CONFLICT,
        true,
        "PodDisruptionBudget refused evicting shop/checkout-7f4a1e9c32-x2k8p");
    assertThat(node("node-a").getSpec().getUnschedulable()).isTrue();

    // The evicted pod is gone by now (the mock's eviction expectation did not delete it).
    client.pods().inNamespace(NS).withName("checkout-7f4a1e9c32-q9w4z").delete();
    expectEviction("checkout-7f4a1e9c32-x2k8p", 201);
    requests();

    MitigationResult retried = run(request);

    assertThat(retried.summary()).startsWith("continued draining node node-a");
    assertThat(retried.before()).containsEntry("unschedulable", "false");
    assertThat(retried.after()).containsEntry("evicted", "shop/checkout-7f4a1e9c32-x2k8p");
    assertThat(requests())
        .filteredOn(r -> !r.startsWith("GET "))
        .containsExactly("POST /api/v1/namespaces/shop/pods/checkout-7f4a1e9c32-x2k8p/eviction");

    client.pods().inNamespace(NS).withName("checkout-7f4a1e9c32-x2k8p").delete();
    assertThat(run(request).summary()).startsWith("already done by INC-42/drain-1");
  }

  @Test
  void drain_givenPodsInANamespaceNotAllowed_isRefusedBeforeCordoning() {
    assertFailure(
        () -> run(request("drain-1", ActionType.DRAIN_NODE, "node-b")),
        FailureType.GUARDRAIL,
        false,
        "payments/payments-api-5f6d7c8b9-h3j4k");
    assertThat(node("node-b").getSpec().getUnschedulable()).isNull();
    assertThat(requests()).allMatch(r -> r.startsWith("GET "));
  }

  @Test
  void drain_givenAPodNoControllerRecreates_isRefusedBeforeCordoning() {
    client
        .pods()
        .inNamespace(NS)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("debug-shell")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withNodeName("node-a")
                .addNewContainer()
                .withName("shell")
                .withImage("busybox:1.36")
                .endContainer()
                .endSpec()
                .build())
        .create();
    requests();

    assertFailure(
        () -> run(request("drain-1", ActionType.DRAIN_NODE, "node-a")),
        FailureType.BAD_REQUEST,
        false,
        "would delete pods no controller recreates: shop/debug-shell");
    assertThat(node("node-a").getSpec().getUnschedulable()).isNull();
    assertThat(requests()).allMatch(r -> r.startsWith("GET "));
  }

  @Test
  void drain_givenAMissingNode_isNotFoundNamingIt() {
    assertFailure(
        () -> run(request("drain-1", ActionType.DRAIN_NODE, "node-z")),
        FailureType.NOT_FOUND,
        false,
        "node node-z not found");
  }

  // ---------------------------------------------------------------------------------- dry run

  @Test
  void dryRun_ofEveryMitigation_reportsWhatItWouldDoAndSendsOnlyReads() {
    List<MitigationRequest> dryRuns =
        List.of(
            dryRun(request("scale-1", ActionType.SCALE, "checkout", "replicas=10")),
            dryRun(request("restart-1", ActionType.RESTART, "checkout")),
            dryRun(request("rollback-1", ActionType.ROLLBACK, "checkout")),
            dryRun(
                request(
                    "redirect-1",
                    ActionType.REDIRECT_TRAFFIC,
                    "checkout",
                    "selector=app=checkout,track=canary")),
            dryRun(readReplicaRequest("read-replica-1")),
            dryRun(request("drain-1", ActionType.DRAIN_NODE, "node-a")));
    List<MitigationResult> results = new ArrayList<>();
    for (MitigationRequest request : dryRuns) {
      results.add(run(request));
    }

    assertThat(results).allMatch(r -> r.summary().startsWith("dry run: would "));
    assertThat(results.get(0).before()).containsEntry("replicas", "3");
    assertThat(results.get(0).after()).containsEntry("replicas", "10");
    assertThat(results.get(2).after()).containsEntry("revision", "2");
    assertThat(results.get(5).after())
        .containsEntry("evicted", "shop/checkout-7f4a1e9c32-q9w4z,shop/checkout-7f4a1e9c32-x2k8p");
    assertThat(requests()).isNotEmpty().allMatch(r -> r.startsWith("GET "));
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(3);
    assertThat(deployment().getMetadata().getAnnotations())
        .doesNotContainKey("incident-response.io/action");
    assertThat(configMap().getData()).containsEntry("DATABASE_URL", PRIMARY_URL);
    assertThat(node("node-a").getSpec().getUnschedulable()).isNull();
  }

  @Test
  void dryRun_stillChecksTheGuardrails() {
    assertFailure(
        () -> run(dryRun(request("scale-1", ActionType.SCALE, "checkout", "replicas=0"))),
        FailureType.GUARDRAIL,
        false,
        "never scale to zero");
  }

  // --------------------------------------------------------------------------- API failures

  @Test
  void forbidden_isInvalidCredentialsAndNotRetried() {
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
                        + " \"system:serviceaccount:ops:incident-response\" cannot get resource")
                .build())
        .once();

    assertFailure(
        () -> run(request("scale-1", ActionType.SCALE, "checkout", "replicas=10")),
        FailureType.INVALID_CREDENTIALS,
        false,
        "403");
  }

  @Test
  void conflict_onTheChange_isConflictAndRetried() {
    server
        .expect()
        .patch()
        .withPath("/apis/apps/v1/namespaces/shop/deployments/checkout")
        .andReturn(409, conflict("checkout"))
        .once();

    assertFailure(
        () -> run(request("scale-1", ActionType.SCALE, "checkout", "replicas=10")),
        FailureType.CONFLICT,
        true,
        "the object has been modified");
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void unreachableApiServer_isUnavailableAndRetried() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Config config = Config.empty();
    config.setMasterUrl("http://127.0.0.1:" + closedPort);
    config.setRequestRetryBackoffLimit(0);
    try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(config).build()) {
      Mitigator scale =
          new KubernetesMitigations(
                  unreachable, Guardrails.allowing(NS), Clock.fixed(NOW, ZoneOffset.UTC))
              .mitigators()
              .get(ActionType.SCALE);

      assertFailure(
          () -> scale.run(request("scale-1", ActionType.SCALE, "checkout", "replicas=10")),
          FailureType.UNAVAILABLE,
          true,
          "get deployment shop/checkout");
    }
  }

  // -------------------------------------------------------------------------------- helpers

  private MitigationResult run(MitigationRequest request) {
    return mitigators.get(request.action().type()).run(request);
  }

  private static MitigationRequest request(
      String actionId, ActionType type, String target, String... parameters) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String parameter : parameters) {
      int eq = parameter.indexOf('=');
      params.put(parameter.substring(0, eq), parameter.substring(eq + 1));
    }
    String namespace = type == ActionType.DRAIN_NODE ? null : NS;
    return new MitigationRequest(
        INCIDENT,
        actionId,
        new ActionProposal(type, namespace, target, params, null, "test"),
        "alice",
        false,
        0);
  }

  private static MitigationRequest readReplicaRequest(String actionId) {
    return new MitigationRequest(
        INCIDENT,
        actionId,
        new ActionProposal(
            ActionType.READ_REPLICA,
            NS,
            "checkout-config",
            Map.of(
                ActionParameters.KEY, "DATABASE_URL",
                ActionParameters.VALUE, REPLICA_URL,
                ActionParameters.DEPLOYMENT, "checkout"),
            null,
            "primary saturated"),
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

  private static void expectEviction(String pod, int code) {
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/shop/pods/" + pod + "/eviction")
        .andReturn(
            code,
            code == 429
                ? new StatusBuilder()
                    .withCode(429)
                    .withReason("TooManyRequests")
                    .withMessage(
                        "Cannot evict pod as it would violate the pod's disruption budget.")
                    .build()
                : new StatusBuilder().withStatus("Success").withCode(201).build())
        .once();
  }

  private static Status conflict(String name) {
    return new StatusBuilder()
        .withCode(409)
        .withReason("Conflict")
        .withMessage(
            "Operation cannot be fulfilled on deployments.apps \""
                + name
                + "\": the object has been modified; please apply your changes to the latest"
                + " version and try again")
        .build();
  }

  /** The requests the mock received since the last call, as {@code METHOD path}. */
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

  private static Deployment deployment() {
    return client.apps().deployments().inNamespace(NS).withName("checkout").get();
  }

  private static Service service() {
    return client.services().inNamespace(NS).withName("checkout").get();
  }

  private static ConfigMap configMap() {
    return client.configMaps().inNamespace(NS).withName("checkout-config").get();
  }

  private static Node node(String name) {
    return client.nodes().withName(name).get();
  }
}
