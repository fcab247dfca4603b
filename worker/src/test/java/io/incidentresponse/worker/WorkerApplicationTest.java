package io.incidentresponse.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.activities.mitigation.Guardrails;
import io.incidentresponse.activities.slack.SlackSettings;
import io.incidentresponse.worker.email.EmailSettings;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.incident.ActionRequest;
import io.incidentresponse.workflows.incident.IncidentInput;
import io.incidentresponse.workflows.incident.IncidentKeyRule;
import io.incidentresponse.workflows.incident.IncidentSearchAttributes;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.incidentresponse.workflows.incident.IncidentWorkflowImpl;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.incident.TaskQueues;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.incidentresponse.workflows.synthetic.Journey;
import io.incidentresponse.workflows.synthetic.JourneyStatus;
import io.incidentresponse.workflows.synthetic.JourneyStep;
import io.incidentresponse.workflows.synthetic.SyntheticJourneyRequest;
import io.incidentresponse.workflows.synthetic.SyntheticJourneyWorkflow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;

/**
 * The worker as configured for production, on Temporal's in-process test server: it polls the
 * incident queue, and with no integration configured an incident still runs, each integration
 * reported as not configured on the timeline and not as a warning with a stack trace in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(properties = "spring.temporal.test-server.enabled=true")
class WorkerApplicationTest {

  @TestConfiguration
  static class SearchAttributes {
    @Bean
    TemporalOptionsCustomizer<TestEnvironmentOptions.Builder> incidentSearchAttributes() {
      return builder -> {
        for (SearchAttributeKey<?> key : IncidentSearchAttributes.all()) {
          builder.registerSearchAttribute(key.getName(), key.getValueType());
        }
        return builder;
      };
    }
  }

  @Autowired WorkerFactory workerFactory;
  @Autowired WorkflowClient client;
  @Autowired MeterRegistry meters;
  @Autowired IntegrationsReport report;
  @Autowired Guardrails guardrails;
  @Autowired SlackSettings slack;
  @Autowired EmailSettings email;

  /** Opens an incident from one Alertmanager alert with these labels. */
  private IncidentWorkflow open(String id, Map<String, String> labels) {
    IncidentWorkflow incident =
        client.newWorkflowStub(
            IncidentWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(TaskQueues.INCIDENTS)
                .build());
    Alert alert =
        new Alert(
            AlertSource.ALERTMANAGER,
            AlertStatus.FIRING,
            "f1",
            labels,
            Map.of(),
            Instant.parse("2026-11-26T14:00:00Z"),
            null,
            null,
            null);
    WorkflowClient.start(incident::run, IncidentInput.of(ResponsePolicy.defaults(), alert));
    return incident;
  }

  /** The incident's state once {@code condition} holds; the last one seen after about 20 s. */
  private static IncidentState await(IncidentWorkflow incident, Predicate<IncidentState> condition)
      throws InterruptedException {
    IncidentState state = null;
    for (int i = 0; i < 800 && (state == null || !condition.test(state)); i++) {
      Thread.sleep(25);
      try {
        state = incident.state();
      } catch (RuntimeException notYet) {
        // first workflow task not done
      }
    }
    return state;
  }

  @Test
  void failingSyntheticJourney_opensItsServicesIncidentWithTheStepExpectedAndGot()
      throws Exception {
    try (MockWebServer shop = new MockWebServer()) {
      shop.start();
      shop.enqueue(
          new MockResponse.Builder()
              .code(503)
              .body("{\"error\":\"inventory unavailable\"}")
              .build());
      JourneyStep product =
          new JourneyStep(
              "product",
              null,
              shop.url("/api/products/sku-42").toString(),
              null,
              null,
              200,
              null,
              null,
              null,
              Duration.ofSeconds(2));
      SyntheticJourneyWorkflow journey =
          client.newWorkflowStub(
              SyntheticJourneyWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId("synthetic-purchase-run-1")
                  .setTaskQueue(TaskQueues.INCIDENTS)
                  .build());

      JourneyStatus status =
          journey.run(
              new SyntheticJourneyRequest(
                  new Journey("purchase", "checkout", Severity.P2, List.of(product), 1),
                  new IncidentKeyRule(List.of("service", "alertname"), false),
                  ResponsePolicy.defaults()));

      assertThat(status.consecutiveFailures()).isEqualTo(1);
      assertThat(status.alertIncidentId()).startsWith("incident-checkout-syntheticjourneyfailed-");
      assertThat(status.events())
          .singleElement()
          .asString()
          .startsWith("checkout: opened " + status.alertIncidentId());
      IncidentWorkflow incident =
          client.newWorkflowStub(IncidentWorkflow.class, status.alertIncidentId());
      IncidentState state = await(incident, s -> s.alerts.containsKey("synthetic:purchase"));
      assertThat(state.service).isEqualTo("checkout");
      // P2, not P1: the opened-incidents counter of P1 belongs to another test of this context
      assertThat(state.severity).isEqualTo(Severity.P2);
      Alert alert = state.alerts.get("synthetic:purchase");
      assertThat(alert.source()).isEqualTo(AlertSource.SYNTHETIC);
      assertThat(alert.annotations().get("summary"))
          .isEqualTo(
              "Synthetic journey purchase fails at step product: expected status 200, got"
                  + " status 503: {\"error\":\"inventory unavailable\"}");
      client.newUntypedWorkflowStub(status.alertIncidentId()).terminate("test over");
    }
  }

  @Test
  void worker_pollsTheIncidentTaskQueue() {
    assertThat(workerFactory.getWorker(TaskQueues.INCIDENTS)).isNotNull();
    assertThat(workerFactory.isStarted()).isTrue();
  }

  @Test
  void worker_runsWorkflowTasksTwoPerCore_notTheSdksTwoHundred() {
    int cores = Runtime.getRuntime().availableProcessors();

    assertThat(
            workerFactory
                .getWorker(TaskQueues.INCIDENTS)
                .getWorkerOptions()
                .getMaxConcurrentWorkflowTaskExecutionSize())
        .isEqualTo(Math.max(2, 2 * cores));
  }

  @Test
  void withNothingConfigured_theStartUpReportNamesEveryIntegration() {
    assertThat(report.missing())
        .extracting(IntegrationsReport.Missing::integration)
        .containsExactly(
            "chat (Slack)",
            "paging (PagerDuty)",
            "status page (incidents and scheduled maintenance)",
            "stakeholder e-mail",
            "Kubernetes (pod, event, rollout, node probes; scale, restart, rollback, redirect,"
                + " read replica, drain mitigations; pods-ready check)",
            "metrics probe and recovery check (Prometheus)",
            "users affected at closure (Prometheus)",
            "error logs probe (Elasticsearch or Loki)",
            "recent changes probe (ArgoCD)",
            "git changes probe (commits and config changes per service)",
            "traces probe (Jaeger)",
            "database probe and terminate-queries mitigation (PostgreSQL)",
            "health endpoint check",
            "circuit-breaker mitigation",
            "replace-node mitigation (AWS auto-scaling group)",
            "maintenance silences (Alertmanager)",
            "on-call roster (the person paged at each escalation level, hand-offs, emergency"
                + " contacts)",
            "recovery verification (no check at all: recovery is never verified)");
  }

  @Test
  void incidentWithNoIntegrationConfigured_runsAndSaysWhatIsMissing(CapturedOutput output)
      throws Exception {
    IncidentWorkflow incident =
        open(
            "incident-unconfigured",
            Map.of("alertname", "CheckoutErrors", "service", "checkout", "severity", "critical"));

    IncidentState state = await(incident, s -> s.phase == Phase.MITIGATING);

    assertThat(state.phase).isEqualTo(Phase.MITIGATING);
    // Expected outcomes are on the timeline, not warnings with stack traces in the worker log.
    assertThat(output.getAll().lines().filter(line -> line.contains("Activity failure")))
        .noneMatch(line -> line.contains(" WARN "));
    assertThat(output.getAll()).doesNotContain("is not configured', type='NOT_CONFIGURED'");
    // One line names what this worker lacks; none of it is called (issue 18).
    assertThat(state.timeline)
        .filteredOn(e -> e.event().startsWith("Not configured here: "))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.event())
                    .contains("paging (PagerDuty)", "chat (Slack)", "status page", "POD_HEALTH"));
    assertThat(state.timeline).noneMatch(e -> e.actionTaken().startsWith("NOT_CONFIGURED"));
    assertThat(state.channelProblem).isEqualTo("NOT_CONFIGURED: chat (Slack) is not configured");
    assertThat(
            client.fetchHistory("incident-unconfigured").getEvents().stream()
                .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
                .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName()))
        .as("only the history store (H2 by default) is configured")
        .containsOnly("RecordIncident");
    assertThat(state.diagnosis.findings())
        .allSatisfy(f -> assertThat(f.outcome()).isEqualTo(FindingOutcome.UNAVAILABLE))
        .anySatisfy(
            f ->
                assertThat(f.summary())
                    .isEqualTo(
                        "NOT_CONFIGURED: Prometheus (incident.prometheus.url) is not"
                            + " configured"));
    // the SDK's metrics scope reports to Micrometer on an interval
    Counter opened = null;
    for (int i = 0; i < 300 && opened == null; i++) {
      opened = meters.find(IncidentWorkflowImpl.OPENED_METRIC).tag("severity", "P1").counter();
      Thread.sleep(50);
    }
    assertThat(opened)
        .as(
            "meters: %s",
            meters.getMeters().stream()
                .map(m -> m.getId().getName())
                .filter(n -> n.startsWith("incident"))
                .toList())
        .isNotNull();
    assertThat(opened.count()).isEqualTo(1.0);
  }

  @Test
  void unsetVariables_takeTheDefaultsTheSettingsRecordsDeclare() {
    assertThat(guardrails.namespaces()).isEmpty();
    assertThat(guardrails.minReplicas()).isEqualTo(1);
    assertThat(guardrails.maxReplicas()).isEqualTo(20);
    assertThat(guardrails.maxActionsPerIncident())
        .isEqualTo(Guardrails.DEFAULT_MAX_ACTIONS_PER_INCIDENT)
        .isEqualTo(10);
    assertThat(guardrails.dryRun()).isFalse();
    assertThat(slack.namespace()).isEqualTo("default");
    assertThat(slack.apiUrl()).isNull();
    assertThat(slack.archiveAfterClose()).isFalse();
    assertThat(email.from()).isEqualTo("incident-response@localhost");
    assertThat(email.configured()).isFalse();
  }

  /**
   * The policy's limit (5) fires before the worker's guardrail (10): the sixth action is withdrawn
   * by the incident with a timeline line and never reaches the worker, and the five before it are
   * refused by the namespace allow-list, not by the guardrail's action count.
   */
  @Test
  void withTheDefaults_theIncidentsOwnLimitWithdrawsTheSixthActionBeforeTheGuardrail()
      throws Exception {
    assertThat(ResponsePolicy.defaults().maxActionsPerIncident())
        .isLessThan(guardrails.maxActionsPerIncident());
    // a P2, so the P1 counter another test asserts stays at one
    IncidentWorkflow incident =
        open(
            "incident-action-limit",
            Map.of("alertname", "CheckoutSlow", "service", "checkout", "priority", "P2"));
    assertThat(await(incident, s -> s.phase == Phase.MITIGATING).phase).isEqualTo(Phase.MITIGATING);

    for (int i = 1; i <= 6; i++) {
      incident.requestAction(
          new ActionRequest(
              ActionType.SCALE,
              null,
              "checkout-" + i,
              Map.of("replicas", "3"),
              null,
              "alice",
              "more capacity"));
    }

    IncidentState state =
        await(
            incident,
            s -> s.actions.size() == 6 && s.actions.stream().allMatch(a -> a.status().isFinal()));
    assertThat(state.actions)
        .extracting(MitigationAction::status)
        .containsExactly(
            ActionStatus.FAILED,
            ActionStatus.FAILED,
            ActionStatus.FAILED,
            ActionStatus.FAILED,
            ActionStatus.FAILED,
            ActionStatus.WITHDRAWN);
    assertThat(state.actions.subList(0, 5))
        .allSatisfy(
            a ->
                assertThat(a.outcome())
                    .contains("namespace 'default' is not in incident.mitigation.namespaces"));
    assertThat(state.actions.get(5).outcome()).isEqualTo("limit of 5 actions per incident reached");
    assertThat(state.timeline)
        .noneMatch(e -> e.actionTaken().contains("incident.mitigation.max-actions-per-incident"))
        .anyMatch(e -> e.actionTaken().equals("Action limit reached"));
  }
}
