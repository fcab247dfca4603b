package io.incidentresponse.workflows.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.incidentresponse.workflows.health.HealthIncidentActivities.OpenIncidentRequest;
import io.incidentresponse.workflows.health.IncidentOpening.Outcome;
import io.incidentresponse.workflows.incident.IncidentKeyRule;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/** The health check on Temporal's time-skipping test server, the checks and the door mocked. */
class HealthCheckWorkflowTest {
  private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");
  private static final IncidentKeyRule KEYS =
      new IncidentKeyRule(List.of("service", "alertname"), false);

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(HealthCheckWorkflowImpl.class)
          .setInitialTime(T0)
          .setDoNotStart(true)
          .build();

  private final HealthCheckActivities checks =
      mock(HealthCheckActivities.class, withSettings().withoutAnnotations());
  private final HealthIncidentActivities incidents =
      mock(HealthIncidentActivities.class, withSettings().withoutAnnotations());

  /** Per service, the answers of its successive checks (the last one repeats). */
  private final Map<String, List<ServiceHealth>> answers = new ConcurrentHashMap<>();

  /** What the door answers to a request to open an incident. */
  private volatile Outcome opening = Outcome.OPENED;

  private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    this.taskQueue = options.getTaskQueue();
    this.client = env.getWorkflowClient();
    when(checks.checkService(any()))
        .thenAnswer(
            call -> {
              ServiceHealthRequest request = call.getArgument(0);
              List<ServiceHealth> list = answers.get(request.service());
              if (list == null) {
                throw ApplicationFailure.newNonRetryableFailure("boom", "UNAVAILABLE");
              }
              int n = asked.computeIfAbsent(request.service(), s -> new AtomicInteger()).get();
              asked.get(request.service()).incrementAndGet();
              return list.get(Math.min(n, list.size() - 1));
            });
    when(incidents.openIncident(any()))
        .thenAnswer(
            call -> {
              OpenIncidentRequest request = call.getArgument(0);
              return new IncidentOpening(request.incidentId(), opening, null);
            });
    worker.registerActivitiesImplementations(checks, incidents);
    env.start();
  }

  private HealthReport run(HealthCheckRequest request) {
    HealthCheckWorkflow stub =
        client.newWorkflowStub(
            HealthCheckWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(HealthCheckWorkflow.ID_PREFIX + "test")
                .setTaskQueue(taskQueue)
                .build());
    return stub.run(request);
  }

  private static ServiceHealth healthy(String service) {
    return ServiceHealth.of(
        service,
        "shop",
        List.of(
            HealthFinding.healthy(HealthChecks.READY_REPLICAS, "3 ready >= 3 wanted"),
            HealthFinding.healthy(HealthChecks.UP, "1 = 1"),
            HealthFinding.healthy(HealthChecks.ERROR_RATIO, "0.1% < 5%")));
  }

  private static ServiceHealth down(String service) {
    return ServiceHealth.of(
        service,
        "shop",
        List.of(
            HealthFinding.down(HealthChecks.READY_REPLICAS, "0 ready < 3 wanted"),
            HealthFinding.down(HealthChecks.UP, "0 < 1")));
  }

  private static ServiceHealth slow(String service) {
    return ServiceHealth.of(
        service,
        "shop",
        List.of(
            HealthFinding.healthy(HealthChecks.UP, "1 = 1"),
            HealthFinding.unhealthy(HealthChecks.READY_REPLICAS, "1 ready < 3 wanted"),
            HealthFinding.unhealthy(HealthChecks.P95, "2.4 s >= 1 s")));
  }

  private static ServiceHealth unknown(String service) {
    return ServiceHealth.of(
        service,
        "shop",
        List.of(
            HealthFinding.healthy(HealthChecks.READY_REPLICAS, "3 ready >= 3 wanted"),
            HealthFinding.unknown(HealthChecks.UP, "could not look: Prometheus 503")));
  }

  private static DownServiceWatch watch() {
    return new DownServiceWatch(2, Duration.ofSeconds(30), null, KEYS, ResponsePolicy.defaults());
  }

  private static HealthStatus statusOf(HealthReport report, String service) {
    return report.services().stream()
        .filter(s -> s.service().equals(service))
        .findFirst()
        .orElseThrow()
        .status();
  }

  // ---- aggregation

  @Test
  void aggregation_givenHealthyUnhealthyAndUnknownServices_reportsEachAndTheWorstOverall() {
    answers.put("checkout", List.of(healthy("checkout")));
    answers.put("search", List.of(slow("search")));
    answers.put("cart", List.of(unknown("cart")));

    HealthReport report =
        run(new HealthCheckRequest(List.of("checkout", "search", "cart"), "shop", "alice"));

    assertThat(report.services())
        .extracting(ServiceHealth::service)
        .containsExactly("checkout", "search", "cart");
    assertThat(statusOf(report, "checkout")).isEqualTo(HealthStatus.HEALTHY);
    assertThat(statusOf(report, "search")).isEqualTo(HealthStatus.UNHEALTHY);
    assertThat(statusOf(report, "cart")).isEqualTo(HealthStatus.UNKNOWN);
    assertThat(report.status()).isEqualTo(HealthStatus.UNHEALTHY);
    assertThat(report.incidents()).isEmpty();
  }

  @Test
  void aggregation_givenOnlyHealthyAndUnknown_isUnknownNotHealthy() {
    answers.put("checkout", List.of(healthy("checkout")));
    answers.put("cart", List.of(unknown("cart")));

    HealthReport report = run(new HealthCheckRequest(List.of("checkout", "cart"), "shop", "a"));

    assertThat(report.status()).isEqualTo(HealthStatus.UNKNOWN);
  }

  @Test
  void aggregation_givenACheckActivityThatFails_reportsThatServiceUnknownAndChecksTheRest() {
    answers.put("checkout", List.of(healthy("checkout")));
    // "ghost" has no answer: its activity fails

    HealthReport report = run(new HealthCheckRequest(List.of("checkout", "ghost"), "shop", "a"));

    assertThat(statusOf(report, "checkout")).isEqualTo(HealthStatus.HEALTHY);
    ServiceHealth ghost = report.services().get(1);
    assertThat(ghost.status()).isEqualTo(HealthStatus.UNKNOWN);
    assertThat(ghost.findings()).hasSize(HealthChecks.ALL.size());
    assertThat(ghost.findings().get(0).detail()).startsWith("could not look: ").contains("boom");
    assertThat(ghost.down()).isFalse();
  }

  @Test
  void aggregation_givenNoService_isUnknown() {
    HealthReport report = run(new HealthCheckRequest(List.of(), "shop", "a"));

    assertThat(report.status()).isEqualTo(HealthStatus.UNKNOWN);
    assertThat(report.services()).isEmpty();
  }

  // ---- the scheduled run

  @Test
  void schedule_givenAServiceDownTwiceInARow_opensExactlyOneIncidentUnderTheAlertsKey() {
    answers.put("checkout", List.of(down("checkout")));
    answers.put("search", List.of(healthy("search")));

    HealthReport report =
        run(new HealthCheckRequest(List.of("checkout", "search"), "shop", "schedule", watch()));

    ArgumentCaptor<OpenIncidentRequest> opened = ArgumentCaptor.forClass(OpenIncidentRequest.class);
    verify(incidents, times(1)).openIncident(opened.capture());
    OpenIncidentRequest request = opened.getValue();
    // the id an Alertmanager alert ServiceDown{service="checkout"} gets at the starter's door
    assertThat(request.incidentId())
        .isEqualTo(IncidentKeyRule.workflowId("checkout/ServiceDown"))
        .startsWith("incident-checkout-servicedown-");
    assertThat(request.alert().labels())
        .containsEntry("service", "checkout")
        .containsEntry("alertname", "ServiceDown")
        .containsEntry("source", DownServiceWatch.SOURCE);
    assertThat(request.alert().annotations().get("description")).contains("up 0 < 1");
    assertThat(request.input().alerts()).containsExactly(request.alert());
    assertThat(request.taskQueue()).isEqualTo(taskQueue);
    assertThat(asked.get("checkout")).hasValue(2);
    assertThat(asked.get("search")).hasValue(1);
    assertThat(report.incidents()).containsExactly("checkout: opened " + request.incidentId());
  }

  @Test
  void schedule_givenAServiceDownOnceThenBack_opensNoIncident() {
    answers.put("checkout", List.of(down("checkout"), healthy("checkout")));

    HealthReport report =
        run(new HealthCheckRequest(List.of("checkout"), "shop", "schedule", watch()));

    verify(incidents, never()).openIncident(any());
    assertThat(report.status()).isEqualTo(HealthStatus.HEALTHY);
  }

  @Test
  void schedule_givenAnIncidentRunningForTheService_reportsItAndOpensNothingNew() {
    answers.put("checkout", List.of(down("checkout")));
    opening = Outcome.ALREADY_OPEN;

    HealthReport report =
        run(new HealthCheckRequest(List.of("checkout"), "shop", "schedule", watch()));

    assertThat(report.incidents())
        .containsExactly(
            "checkout: no new incident, "
                + IncidentKeyRule.workflowId("checkout/ServiceDown")
                + " is running");
  }

  @Test
  void schedule_givenOnlyUnknownOrSlowServices_opensNoIncident() {
    answers.put("cart", List.of(unknown("cart")));
    answers.put("search", List.of(slow("search")));

    run(new HealthCheckRequest(List.of("cart", "search", "ghost"), "shop", "schedule", watch()));

    verify(incidents, never()).openIncident(any());
  }

  @Test
  void schedule_withThreeConfirmations_checksThreeTimesBeforeOpening() {
    answers.put("checkout", List.of(down("checkout"), down("checkout"), healthy("checkout")));
    DownServiceWatch three =
        new DownServiceWatch(3, Duration.ofMinutes(1), "CheckoutDown", KEYS, null);

    run(new HealthCheckRequest(List.of("checkout"), "shop", "schedule", three));

    verify(incidents, never()).openIncident(any());
    assertThat(asked.get("checkout")).hasValue(3);
  }

  @Test
  void schedule_withACustomAlertname_usesItForTheKey() {
    answers.put("checkout", List.of(down("checkout")));
    DownServiceWatch custom =
        new DownServiceWatch(1, Duration.ofMinutes(1), "CheckoutDown", KEYS, null);

    run(new HealthCheckRequest(List.of("checkout"), "shop", "schedule", custom));

    verify(incidents)
        .openIncident(
            argThat(
                r -> r.incidentId().equals(IncidentKeyRule.workflowId("checkout/CheckoutDown"))));
  }
}
