package io.incidentresponse.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.activities.TaskQueues;
import io.incidentresponse.workflows.incident.IncidentInput;
import io.incidentresponse.workflows.incident.IncidentSearchAttributes;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.incidentresponse.workflows.incident.IncidentWorkflowImpl;
import io.incidentresponse.workflows.model.Alert;
import io.incidentresponse.workflows.model.AlertSource;
import io.incidentresponse.workflows.model.AlertStatus;
import io.incidentresponse.workflows.model.FindingOutcome;
import io.incidentresponse.workflows.model.Phase;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The worker as configured for production, on Temporal's in-process test server: it polls the
 * incident queue, and with no integration configured an incident still runs, each integration
 * reported as not configured on the timeline.
 */
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

  @Test
  void worker_pollsTheIncidentTaskQueue() {
    assertThat(workerFactory.getWorker(TaskQueues.INCIDENTS)).isNotNull();
    assertThat(workerFactory.isStarted()).isTrue();
  }

  @Test
  void incidentWithNoIntegrationConfigured_runsAndSaysWhatIsMissing() throws Exception {
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
