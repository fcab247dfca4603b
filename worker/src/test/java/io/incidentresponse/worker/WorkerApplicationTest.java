package io.incidentresponse.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.incident.IncidentInput;
import io.incidentresponse.workflows.incident.IncidentSearchAttributes;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.incidentresponse.workflows.incident.IncidentWorkflowImpl;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.TaskQueues;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.worker.WorkerFactory;
import java.time.Instant;
import java.util.Map;
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

  @Test
  void worker_pollsTheIncidentTaskQueue() {
    assertThat(workerFactory.getWorker(TaskQueues.INCIDENTS)).isNotNull();
    assertThat(workerFactory.isStarted()).isTrue();
  }

  @Test
  void withNothingConfigured_theStartUpReportNamesEveryIntegration() {
    assertThat(report.missing())
        .extracting(IntegrationsReport.Missing::integration)
        .containsExactly(
            "chat (Slack)",
            "paging (PagerDuty)",
            "status page",
            "stakeholder e-mail",
            "Kubernetes (pod, event, rollout, node probes; scale, restart, rollback, redirect,"
                + " read replica, drain mitigations; pods-ready check)",
            "metrics probe and recovery check (Prometheus)",
            "users affected at closure (Prometheus)",
            "error logs probe (Elasticsearch)",
            "recent changes probe (ArgoCD)",
            "database probe and terminate-queries mitigation (PostgreSQL)",
            "health endpoint check",
            "circuit-breaker mitigation",
            "recovery verification (no check at all: recovery is never verified)");
  }

  @Test
  void incidentWithNoIntegrationConfigured_runsAndSaysWhatIsMissing(CapturedOutput output)
      throws Exception {
    IncidentWorkflow incident =
        client.newWorkflowStub(
            IncidentWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("incident-unconfigured")
                .setTaskQueue(TaskQueues.INCIDENTS)
                .build());
    Alert alert =
        new Alert(
            AlertSource.ALERTMANAGER,
            AlertStatus.FIRING,
            "f1",
            Map.of("alertname", "CheckoutErrors", "service", "checkout", "severity", "critical"),
            Map.of(),
            Instant.parse("2026-11-26T14:00:00Z"),
            null,
            null,
            null);
    WorkflowClient.start(incident::run, IncidentInput.of(ResponsePolicy.defaults(), alert));

    IncidentState state = null;
    for (int i = 0; i < 400 && (state == null || state.phase != Phase.MITIGATING); i++) {
      Thread.sleep(25);
      try {
        state = incident.state();
      } catch (RuntimeException notYet) {
        // first workflow task not done
      }
    }

    assertThat(state.phase).isEqualTo(Phase.MITIGATING);
    // Expected outcomes are on the timeline, not warnings with stack traces in the worker log.
    assertThat(output.getAll().lines().filter(line -> line.contains("Activity failure")))
        .noneMatch(line -> line.contains(" WARN "));
    assertThat(output.getAll()).doesNotContain("is not configured', type='NOT_CONFIGURED'");
    assertThat(state.timeline)
        .anySatisfy(
            e ->
                assertThat(e.actionTaken())
                    .isEqualTo("NOT_CONFIGURED: chat (Slack) is not configured"));
    assertThat(state.diagnosis.findings())
        .allSatisfy(f -> assertThat(f.outcome()).isEqualTo(FindingOutcome.UNAVAILABLE))
        .anySatisfy(
            f ->
                assertThat(f.summary())
                    .isEqualTo(
                        "probe failed: NOT_CONFIGURED: Prometheus (incident.prometheus.url) is not"
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
}
