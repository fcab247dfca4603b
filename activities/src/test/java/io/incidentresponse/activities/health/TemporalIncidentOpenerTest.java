package io.incidentresponse.activities.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.health.HealthIncidentActivities.OpenIncidentRequest;
import io.incidentresponse.workflows.health.IncidentOpening;
import io.incidentresponse.workflows.health.IncidentOpening.Outcome;
import io.incidentresponse.workflows.incident.IncidentInput;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.EncodedValues;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.DynamicSignalHandler;
import io.temporal.workflow.DynamicWorkflow;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Opening an incident for a down service on Temporal's test server. The incident and maintenance
 * workflows are stand-ins that record the signals they get: what is tested is the opener's calls
 * (which workflow it starts, what it signals, what it leaves alone).
 */
class TemporalIncidentOpenerTest {
  private static final String QUEUE = "incident-response";
  private static final String INCIDENT = "incident-checkout-servicedown-abc123";

  /** Every signal any stand-in got, as {@code workflowId:signal}. */
  static final List<String> SIGNALS = new CopyOnWriteArrayList<>();

  /** Stands in for every workflow type: records its signals, runs until cancelled. */
  public static class StandIn implements DynamicWorkflow {
    @Override
    public Object execute(EncodedValues args) {
      String id = Workflow.getInfo().getWorkflowId();
      Workflow.registerListener(
          (DynamicSignalHandler) (name, values) -> SIGNALS.add(id + ":" + name));
      Workflow.await(() -> false);
      return null;
    }
  }

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private TemporalIncidentOpener opener;

  @BeforeEach
  void start() {
    SIGNALS.clear();
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(StandIn.class);
    env.start();
    client = env.getWorkflowClient();
    opener = new TemporalIncidentOpener(client);
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private static OpenIncidentRequest request() {
    Alert alert =
        new Alert(
            AlertSource.MANUAL,
            AlertStatus.FIRING,
            "health-check:checkout",
            Map.of("alertname", "ServiceDown", "service", "checkout", "severity", "critical"),
            Map.of("summary", "checkout is down"),
            Instant.parse("2026-11-30T02:00:00Z"),
            null,
            null,
            null);
    IncidentInput input =
        new IncidentInput(
            List.of(alert), ResponsePolicy.defaults(), null, null, null, "health-check/run-1");
    return new OpenIncidentRequest(INCIDENT, "checkout", input, alert, QUEUE);
  }

  private WorkflowExecutionStatus status(String workflowId) {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setExecution(
                    io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                        .setWorkflowId(workflowId))
                .build())
        .getWorkflowExecutionInfo()
        .getStatus();
  }

  /** The stand-ins' signals once {@code count} have arrived (a workflow task is asynchronous). */
  private static List<String> signals(int count) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (SIGNALS.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return SIGNALS;
  }

  private void running(String type, String workflowId) {
    client
        .newUntypedWorkflowStub(
            type,
            WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(QUEUE).build())
        .start();
  }

  @Test
  void openIncident_givenNothingRunning_startsTheIncidentWithTheAlertSignal()
      throws InterruptedException {
    IncidentOpening opening = opener.openIncident(request());

    assertThat(opening.outcome()).isEqualTo(Outcome.OPENED);
    assertThat(opening.incidentId()).isEqualTo(INCIDENT);
    assertThat(status(INCIDENT))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    WorkflowStub stub = client.newUntypedWorkflowStub(INCIDENT);
    assertThat(stub.describe().getWorkflowType()).isEqualTo("Incident");
    assertThat(signals(1)).containsExactly(INCIDENT + ":alert");
  }

  @Test
  void openIncident_calledTwice_opensOneIncidentAndSignalsItOnce() throws InterruptedException {
    opener.openIncident(request());

    IncidentOpening again = opener.openIncident(request());

    assertThat(again.outcome()).isEqualTo(Outcome.ALREADY_OPEN);
    assertThat(again.incidentId()).isEqualTo(INCIDENT);
    assertThat(signals(2)).containsExactly(INCIDENT + ":alert");
  }

  @Test
  void openIncident_givenTheIncidentRunning_leavesItAlone() {
    running("Incident", INCIDENT);

    IncidentOpening opening = opener.openIncident(request());

    assertThat(opening.outcome()).isEqualTo(Outcome.ALREADY_OPEN);
    assertThat(SIGNALS).isEmpty();
  }

  @Test
  void openIncident_givenTheServiceUnderMaintenance_opensNothing() {
    running("Maintenance", "maintenance-checkout");

    IncidentOpening opening = opener.openIncident(request());

    assertThat(opening.outcome()).isEqualTo(Outcome.UNDER_MAINTENANCE);
    assertThat(opening.line("checkout")).contains("under maintenance");
    assertThat(catchThrowable(() -> status(INCIDENT))).isNotNull();
    assertThat(SIGNALS).isEmpty();
  }

  @Test
  void openIncident_givenEverythingUnderMaintenance_opensNothing() {
    running("Maintenance", "maintenance-all");

    assertThat(opener.openIncident(request()).outcome()).isEqualTo(Outcome.UNDER_MAINTENANCE);
  }

  @Test
  void openIncident_givenAClosedIncidentWithTheId_opensTheNextOne() {
    running("Incident", INCIDENT);
    client.newUntypedWorkflowStub(INCIDENT).terminate("closed");

    assertThat(opener.openIncident(request()).outcome()).isEqualTo(Outcome.OPENED);
    assertThat(status(INCIDENT))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  }
}
