package io.incidentresponse.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.incidentresponse.activities.diagnosis.DiagnosisRouter;
import io.incidentresponse.activities.kubernetes.KubernetesMitigations;
import io.incidentresponse.activities.kubernetes.KubernetesProbes;
import io.incidentresponse.activities.kubernetes.KubernetesSettings;
import io.incidentresponse.activities.kubernetes.PodsReadyCheck;
import io.incidentresponse.activities.mitigation.Guardrails;
import io.incidentresponse.activities.mitigation.MitigationRouter;
import io.incidentresponse.activities.prometheus.PrometheusImpact;
import io.incidentresponse.activities.prometheus.PrometheusProbe;
import io.incidentresponse.activities.prometheus.PrometheusRecoveryCheck;
import io.incidentresponse.activities.prometheus.PrometheusSettings;
import io.incidentresponse.activities.tracker.NoTracker;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.capabilities.Capabilities;
import io.incidentresponse.workflows.capabilities.CapabilityActivities;
import io.incidentresponse.workflows.communication.ChatActivities;
import io.incidentresponse.workflows.communication.PagingActivities;
import io.incidentresponse.workflows.communication.StakeholderActivities;
import io.incidentresponse.workflows.communication.StatusPageActivities;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.incident.ApprovalResult;
import io.incidentresponse.workflows.incident.ApproveRequest;
import io.incidentresponse.workflows.incident.IncidentInput;
import io.incidentresponse.workflows.incident.IncidentSearchAttributes;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.incidentresponse.workflows.incident.IncidentWorkflowImpl;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.TaskQueues;
import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.incidentresponse.workflows.postmortem.PostmortemActivities;
import io.incidentresponse.workflows.postmortem.PostmortemWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One incident through the real workflow and the real activity implementations: Kubernetes is
 * fabric8's mock API server in CRUD mode (a Deployment with three revisions, the newest just rolled
 * out), Prometheus is a MockWebServer answering with the API's JSON, and its error ratio stays high
 * for as long as the bad image runs. The diagnosis must blame the deploy, the rollback must wait
 * for an approver, run once against the cluster, and the recovery checks must then see the service
 * well.
 */
@EnableKubernetesMockClient(crud = true)
class IncidentOnProductionApisTest {
  private static final String BAD = "registry.example.com/shop/checkout:1.4.2";
  private static final String GOOD = "registry.example.com/shop/checkout:1.4.1";

  static KubernetesClient client;

  private final MockWebServer prometheus = new MockWebServer();
  private final AtomicInteger errorRatioQueries = new AtomicInteger();
  private TestWorkflowEnvironment env;

  @BeforeEach
  void start() throws Exception {
    seedCluster();
    prometheus.setDispatcher(new ErrorsWhileTheBadImageRuns());
    prometheus.start();

    env = TestWorkflowEnvironment.newInstance();
    for (SearchAttributeKey<?> key : IncidentSearchAttributes.all()) {
      env.registerSearchAttribute(key.getName(), key.getValueType());
    }
    Worker worker = env.newWorker(TaskQueues.INCIDENTS);
    worker.registerWorkflowImplementationTypes(
        IncidentWorkflowImpl.class, PostmortemWorkflowImpl.class);

    OkHttpClient http = new OkHttpClient();
    PrometheusSettings metrics =
        new PrometheusSettings(
            prometheus.url("/").toString(),
            null,
            Map.of("usersAffected", "count(checkout_failed_users{job=\"{service}\"})"),
            null,
            null,
            null,
            null);
    KubernetesSettings kubernetes = KubernetesSettings.enabledWithDefaults();
    KubernetesProbes k8s = new KubernetesProbes(client, kubernetes, Clock.systemUTC());
    worker.registerActivitiesImplementations(
        DiagnosisRouter.builder()
            .probe(DiagnosisProbe.POD_HEALTH, k8s::inspectPods, "k8s")
            .probe(DiagnosisProbe.KUBERNETES_EVENTS, k8s::inspectEvents, "k8s")
            .probe(DiagnosisProbe.ROLLOUT_HISTORY, k8s::inspectRollouts, "k8s")
            .probe(DiagnosisProbe.NODE_HEALTH, k8s::inspectNodes, "k8s")
            .probe(DiagnosisProbe.SERVICE_METRICS, new PrometheusProbe(metrics, http), "prom")
            .build(),
        new MitigationRouter(
            Guardrails.allowing("shop"),
            new KubernetesMitigations(client, Guardrails.allowing("shop"), Clock.systemUTC())
                .mitigators(),
            List.of(
                new PodsReadyCheck(client, kubernetes),
                new PrometheusRecoveryCheck(metrics, http))),
        NotConfiguredActivities.of(ChatActivities.class, "chat"),
        NotConfiguredActivities.of(PagingActivities.class, "paging"),
        NotConfiguredActivities.of(StatusPageActivities.class, "status page"),
        NotConfiguredActivities.of(StakeholderActivities.class, "e-mail"),
        NotConfiguredActivities.of(PostmortemActivities.class, "postmortem"),
        NotConfiguredActivities.of(IncidentHistoryActivities.class, "history"),
        new PrometheusImpact(metrics, http),
        new NoTracker(),
        // as a worker that cannot say: every integration is called (and answers for itself)
        (CapabilityActivities) () -> Capabilities.ALL);
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
    prometheus.close();
  }

  private void seedCluster() {
    client.apps().deployments().inNamespace("shop").delete();
    List<HasMetadata> items =
        client.load(getClass().getResourceAsStream("/kubernetes/mitigation/shop.yaml")).items();
    Deployment checkout =
        items.stream()
            .filter(Deployment.class::isInstance)
            .map(d -> client.resource((Deployment) d).create())
            .findFirst()
            .orElseThrow();
    for (HasMetadata item : items) {
      if (item instanceof ReplicaSet rs) {
        rs.getMetadata()
            .getOwnerReferences()
            .forEach(o -> o.setUid(checkout.getMetadata().getUid()));
      }
      if (!(item instanceof Deployment)) {
        client.resource(item).createOr(existing -> existing.update());
      }
    }
  }

  private String runningImage() {
    return client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("checkout")
        .get()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getImage();
  }

  /** Prometheus as the service's metrics would read: 5xx at 12.4% while 1.4.2 runs, else 0.1%. */
  private final class ErrorsWhileTheBadImageRuns extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String query = request.getUrl().queryParameter("query");
      String time = request.getUrl().queryParameter("time");
      boolean hourAgo =
          time != null
              && Double.parseDouble(time)
                  < Instant.now().minus(Duration.ofMinutes(30)).getEpochSecond();
      if (request.getUrl().encodedPath().endsWith("/query_range")) {
        return json("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}");
      }
      String value;
      if (query.contains("5..")) {
        errorRatioQueries.incrementAndGet();
        value = hourAgo || !BAD.equals(runningImage()) ? "0.001" : "0.124";
      } else if (query.startsWith("histogram_quantile")) {
        value = "0.180";
      } else if (query.startsWith("avg(up")) {
        value = "1";
      } else {
        value = "41.5";
      }
      return json(
          "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
              + "\"value\":["
              + Instant.now().getEpochSecond()
              + ",\""
              + value
              + "\"]}]}}");
    }

    private static MockResponse json(String body) {
      return new MockResponse.Builder()
          .code(200)
          .addHeader("Content-Type", "application/json")
          .body(body)
          .build();
    }
  }

  private static IncidentState await(IncidentWorkflow incident, Predicate<IncidentState> done)
      throws InterruptedException {
    IncidentState state = null;
    for (int i = 0; i < 600; i++) {
      try {
        state = incident.state();
        if (done.test(state)) {
          return state;
        }
      } catch (RuntimeException notYet) {
        // the first workflow task is not done yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "condition not reached; last state phase "
            + (state == null ? null : state.phase)
            + ", timeline "
            + (state == null ? null : state.timeline));
  }

  @Test
  void badDeploy_isDiagnosedRolledBackOnceAfterApprovalAndVerifiedOnTheRealApis() throws Exception {
    ResponsePolicy policy =
        JacksonJsonPayloadConverter.newDefaultObjectMapper()
            .readValue(
                "{\"approvers\":{\"LOW\":[\"alice\"],\"MEDIUM\":[\"alice\"],\"HIGH\":[\"alice\"]}}",
                ResponsePolicy.class);
    Alert alert =
        new Alert(
            AlertSource.ALERTMANAGER,
            AlertStatus.FIRING,
            "checkout-5xx",
            Map.of(
                "alertname", "CheckoutErrorRatio",
                "service", "checkout",
                "namespace", "shop",
                "severity", "critical"),
            Map.of("summary", "checkout 5xx above 5%"),
            Instant.now().minus(Duration.ofMinutes(2)),
            null,
            null,
            null);
    IncidentWorkflow incident =
        env.getWorkflowClient()
            .newWorkflowStub(
                IncidentWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("incident-checkout-bad-deploy")
                    .setTaskQueue(TaskQueues.INCIDENTS)
                    .build());
    WorkflowClient.start(incident::run, IncidentInput.of(policy, alert));

    IncidentState waiting = await(incident, s -> !s.pendingApprovals().isEmpty());

    Finding rollouts = finding(waiting, DiagnosisProbe.ROLLOUT_HISTORY);
    assertThat(rollouts.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(rollouts.facts()).containsEntry(FindingFacts.ROLLOUT_PREVIOUS_REVISION, "2");
    Finding metrics = finding(waiting, DiagnosisProbe.SERVICE_METRICS);
    assertThat(metrics.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(metrics.facts())
        .containsEntry(FindingFacts.ERROR_RATIO, "0.124")
        .containsEntry(FindingFacts.ERROR_RATIO_BEFORE, "0.001");
    assertThat(waiting.diagnosis.hypotheses().get(0).cause()).isEqualTo("bad deploy");
    MitigationAction rollback = waiting.pendingApprovals().get(0);
    assertThat(rollback.id()).isEqualTo("rollback-1");
    assertThat(rollback.proposal().parameters()).containsEntry("revision", "2");
    assertThat(runningImage()).as("nothing runs before the approval").isEqualTo(BAD);

    ApprovalResult approved =
        incident.approveAction(new ApproveRequest("rollback-1", "alice", "deploy broke checkout"));
    assertThat(approved.accepted()).isTrue();

    IncidentState monitoring = await(incident, s -> s.phase == Phase.MONITORING);
    assertThat(runningImage()).isEqualTo(GOOD);
    Deployment deployment =
        client.apps().deployments().inNamespace("shop").withName("checkout").get();
    assertThat(deployment.getMetadata().getAnnotations())
        .containsEntry("incident-response.io/action", "incident-checkout-bad-deploy/rollback-1");
    assertThat(monitoring.actions.get(0).status()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(monitoring.timeline)
        .anyMatch(e -> e.event().equals("Verification: healthy"))
        .anyMatch(
            e -> e.event().equals("rollback-1 succeeded") && e.actionTaken().contains("1.4.1"));

    // The monitoring window passes with the checks still green: resolved and closed.
    env.sleep(Duration.ofHours(1));
    IncidentState closed = await(incident, s -> s.phase == Phase.CLOSED);
    assertThat(closed.actionsRun).isEqualTo(1);
    assertThat(closed.usersAffected).as("from the users-affected query").isEqualTo(42L);
    assertThat(errorRatioQueries.get()).isGreaterThan(2);
  }

  private static Finding finding(IncidentState state, DiagnosisProbe probe) {
    return state.diagnosis.findings().stream()
        .filter(f -> f.probe() == probe)
        .findFirst()
        .orElseThrow();
  }
}
