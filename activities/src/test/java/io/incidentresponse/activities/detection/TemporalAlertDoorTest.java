package io.incidentresponse.activities.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertBatch;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.detection.DetectionActivities.ClearAlertRequest;
import io.incidentresponse.workflows.detection.DetectionActivities.EvidenceRequest;
import io.incidentresponse.workflows.health.HealthIncidentActivities.OpenIncidentRequest;
import io.incidentresponse.workflows.health.IncidentOpening;
import io.incidentresponse.workflows.health.IncidentOpening.Outcome;
import io.incidentresponse.workflows.incident.IncidentInput;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
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
 * The scheduled sources' door on Temporal's test server, incidents and maintenances standing in as
 * workflows that record the signals they get (with the alert's status).
 */
class TemporalAlertDoorTest {
  private static final String QUEUE = "incident-response";
  private static final String INCIDENT = "incident-checkout-syntheticjourneyfailed-1a2b3c";

  /** Every signal a stand-in got, as {@code workflowId:signal[:alert status]}. */
  static final List<String> SIGNALS = new CopyOnWriteArrayList<>();

  public static class Recorder implements DynamicWorkflow {
    @Override
    public Object execute(EncodedValues args) {
      String id = Workflow.getInfo().getWorkflowId();
      Workflow.registerListener(
          (DynamicSignalHandler)
              (name, values) ->
                  SIGNALS.add(
                      id
                          + ":"
                          + name
                          + (name.equals("alert")
                              ? ":"
                                  + values
                                      .get(0, AlertBatch.class)
                                      .alerts()
                                      .get(0)
                                      .status()
                                      .name()
                                      .toLowerCase()
                              : "")));
      Workflow.await(() -> false);
      return null;
    }
  }

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private TemporalAlertDoor door;

  @BeforeEach
  void start() {
    SIGNALS.clear();
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(Recorder.class);
    env.start();
    client = env.getWorkflowClient();
    door = new TemporalAlertDoor(client);
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private static Alert alert(AlertStatus status) {
    return new Alert(
        AlertSource.SYNTHETIC,
        status,
        "synthetic:purchase",
        Map.of("alertname", "SyntheticJourneyFailed", "service", "checkout", "priority", "P1"),
        Map.of("summary", "Synthetic journey purchase fails at step product"),
        Instant.parse("2026-11-30T02:00:00Z"),
        null,
        null,
        null);
  }

  private static OpenIncidentRequest raise() {
    Alert alert = alert(AlertStatus.FIRING);
    return new OpenIncidentRequest(
        INCIDENT,
        "checkout",
        new IncidentInput(
            List.of(alert), ResponsePolicy.defaults(), null, null, null, "synthetic/run-1"),
        alert,
        QUEUE);
  }

  private void running(String type, String workflowId) {
    client
        .newUntypedWorkflowStub(
            type,
            WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(QUEUE).build())
        .start();
  }

  private static List<String> signals(int count) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (SIGNALS.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return SIGNALS;
  }

  @Test
  void raiseAlert_givenNothingRunning_opensTheIncidentWithTheAlert() throws Exception {
    IncidentOpening opening = door.raiseAlert(raise());

    assertThat(opening.outcome()).isEqualTo(Outcome.OPENED);
    assertThat(client.newUntypedWorkflowStub(INCIDENT).describe().getWorkflowType())
        .isEqualTo("Incident");
    assertThat(signals(1)).containsExactly(INCIDENT + ":alert:firing");
  }

  @Test
  void raiseAlert_givenTheIncidentRunning_joinsItWithTheAlertInsteadOfLeavingIt() throws Exception {
    running("Incident", INCIDENT);

    IncidentOpening opening = door.raiseAlert(raise());

    assertThat(opening.outcome()).isEqualTo(Outcome.JOINED);
    assertThat(opening.line("checkout")).isEqualTo("checkout: joined " + INCIDENT);
    assertThat(signals(1)).containsExactly(INCIDENT + ":alert:firing");
  }

  @Test
  void raiseAlert_givenTheServiceUnderMaintenance_opensAndSignalsNothing() throws Exception {
    running("Maintenance", "maintenance-checkout");

    assertThat(door.raiseAlert(raise()).outcome()).isEqualTo(Outcome.UNDER_MAINTENANCE);

    Thread.sleep(300);
    assertThat(SIGNALS).isEmpty();
  }

  @Test
  void clearAlert_givenTheIncidentRunning_sendsTheResolvedAlert() throws Exception {
    running("Incident", INCIDENT);

    boolean sent =
        door.clearAlert(
            new ClearAlertRequest(INCIDENT, alert(AlertStatus.RESOLVED), "synthetic/run-4"));

    assertThat(sent).isTrue();
    assertThat(signals(1)).containsExactly(INCIDENT + ":alert:resolved");
  }

  @Test
  void clearAlert_givenTheIncidentClosed_sendsNothingAndOpensNothing() throws Exception {
    running("Incident", INCIDENT);
    client.newUntypedWorkflowStub(INCIDENT).terminate("resolved by hand");

    boolean sent =
        door.clearAlert(
            new ClearAlertRequest(INCIDENT, alert(AlertStatus.RESOLVED), "synthetic/run-4"));

    assertThat(sent).isFalse();
    assertThat(SIGNALS).isEmpty();
  }

  @Test
  void addEvidence_givenAServerWithoutVisibility_answersNoIncidentInsteadOfFailing() {
    running("Incident", INCIDENT);

    List<String> noted =
        door.addEvidence(
            new EvidenceRequest(List.of("checkout"), "partner-status:github", "Actions degraded"));

    assertThat(noted).isEmpty();
  }
}
