package io.incidentresponse.activities.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.activities.StandInWorkflows;
import io.incidentresponse.workflows.alerts.Alert;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduled sources' door on Temporal's test server, incidents and maintenances standing in as
 * workflows that record the signals they get ({@link StandInWorkflows}).
 */
class TemporalAlertDoorTest {
  private static final String QUEUE = StandInWorkflows.QUEUE;
  private static final String INCIDENT = "incident-checkout-syntheticjourneyfailed-1a2b3c";

  private StandInWorkflows temporal;
  private WorkflowClient client;
  private TemporalAlertDoor door;

  @BeforeEach
  void start() {
    temporal = new StandInWorkflows();
    client = temporal.client();
    door = new TemporalAlertDoor(client);
  }

  @AfterEach
  void stop() {
    temporal.close();
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

  @Test
  void raiseAlert_givenNothingRunning_opensTheIncidentWithTheAlert() throws Exception {
    IncidentOpening opening = door.raiseAlert(raise());

    assertThat(opening.outcome()).isEqualTo(Outcome.OPENED);
    assertThat(client.newUntypedWorkflowStub(INCIDENT).describe().getWorkflowType())
        .isEqualTo("Incident");
    assertThat(temporal.signals(1)).containsExactly(INCIDENT + ":alert:firing");
  }

  @Test
  void raiseAlert_givenTheIncidentRunning_joinsItWithTheAlertInsteadOfLeavingIt() throws Exception {
    temporal.running("Incident", INCIDENT);

    IncidentOpening opening = door.raiseAlert(raise());

    assertThat(opening.outcome()).isEqualTo(Outcome.JOINED);
    assertThat(opening.line("checkout")).isEqualTo("checkout: joined " + INCIDENT);
    assertThat(temporal.signals(1)).containsExactly(INCIDENT + ":alert:firing");
  }

  @Test
  void raiseAlert_givenTheServiceUnderMaintenance_opensAndSignalsNothing() throws Exception {
    temporal.running("Maintenance", "maintenance-checkout");

    assertThat(door.raiseAlert(raise()).outcome()).isEqualTo(Outcome.UNDER_MAINTENANCE);

    Thread.sleep(300);
    assertThat(temporal.signals()).isEmpty();
  }

  @Test
  void clearAlert_givenTheIncidentRunning_sendsTheResolvedAlert() throws Exception {
    temporal.running("Incident", INCIDENT);

    boolean sent =
        door.clearAlert(
            new ClearAlertRequest(INCIDENT, alert(AlertStatus.RESOLVED), "synthetic/run-4"));

    assertThat(sent).isTrue();
    assertThat(temporal.signals(1)).containsExactly(INCIDENT + ":alert:resolved");
  }

  @Test
  void clearAlert_givenTheIncidentClosed_sendsNothingAndOpensNothing() throws Exception {
    temporal.running("Incident", INCIDENT);
    client.newUntypedWorkflowStub(INCIDENT).terminate("resolved by hand");

    boolean sent =
        door.clearAlert(
            new ClearAlertRequest(INCIDENT, alert(AlertStatus.RESOLVED), "synthetic/run-4"));

    assertThat(sent).isFalse();
    assertThat(temporal.signals()).isEmpty();
  }

  @Test
  void addEvidence_givenAServerWithoutVisibility_answersNoIncidentInsteadOfFailing() {
    temporal.running("Incident", INCIDENT);

    List<String> noted =
        door.addEvidence(
            new EvidenceRequest(List.of("checkout"), "partner-status:github", "Actions degraded"));

    assertThat(noted).isEmpty();
  }
}
