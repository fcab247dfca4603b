package io.incidentresponse.activities.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.activities.StandInWorkflows;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.health.HealthIncidentActivities.OpenIncidentRequest;
import io.incidentresponse.workflows.health.IncidentOpening;
import io.incidentresponse.workflows.health.IncidentOpening.Outcome;
import io.incidentresponse.workflows.incident.IncidentInput;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Opening an incident for a down service on Temporal's test server. The incident and maintenance
 * workflows are stand-ins that record the signals they get: what is tested is the opener's calls
 * (which workflow it starts, what it signals, what it leaves alone).
 */
class TemporalIncidentOpenerTest {
  private static final String QUEUE = StandInWorkflows.QUEUE;
  private static final String INCIDENT = "incident-checkout-servicedown-abc123";

  private StandInWorkflows temporal;
  private WorkflowClient client;
  private TemporalIncidentOpener opener;

  @BeforeEach
  void start() {
    temporal = new StandInWorkflows();
    client = temporal.client();
    opener = new TemporalIncidentOpener(client);
  }

  @AfterEach
  void stop() {
    temporal.close();
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

  @Test
  void openIncident_givenNothingRunning_startsTheIncidentWithTheAlertSignal()
      throws InterruptedException {
    IncidentOpening opening = opener.openIncident(request());

    assertThat(opening.outcome()).isEqualTo(Outcome.OPENED);
    assertThat(opening.incidentId()).isEqualTo(INCIDENT);
    assertThat(opener.running(INCIDENT)).isTrue();
    WorkflowStub stub = client.newUntypedWorkflowStub(INCIDENT);
    assertThat(stub.describe().getWorkflowType()).isEqualTo("Incident");
    assertThat(temporal.signals(1)).containsExactly(INCIDENT + ":alert:firing");
  }

  @Test
  void openIncident_calledTwice_opensOneIncidentAndSignalsItOnce() throws InterruptedException {
    opener.openIncident(request());

    IncidentOpening again = opener.openIncident(request());

    assertThat(again.outcome()).isEqualTo(Outcome.ALREADY_OPEN);
    assertThat(again.incidentId()).isEqualTo(INCIDENT);
    assertThat(temporal.signals(2)).containsExactly(INCIDENT + ":alert:firing");
  }

  @Test
  void openIncident_givenTheIncidentRunning_leavesItAlone() {
    temporal.running("Incident", INCIDENT);

    IncidentOpening opening = opener.openIncident(request());

    assertThat(opening.outcome()).isEqualTo(Outcome.ALREADY_OPEN);
    assertThat(temporal.signals()).isEmpty();
  }

  @Test
  void openIncident_givenTheServiceUnderMaintenance_opensNothing() {
    temporal.running("Maintenance", "maintenance-checkout");

    IncidentOpening opening = opener.openIncident(request());

    assertThat(opening.outcome()).isEqualTo(Outcome.UNDER_MAINTENANCE);
    assertThat(opening.line("checkout")).contains("under maintenance");
    assertThat(opener.running(INCIDENT)).isFalse();
    assertThat(temporal.signals()).isEmpty();
  }

  @Test
  void openIncident_givenEverythingUnderMaintenance_opensNothing() {
    temporal.running("Maintenance", "maintenance-all");

    assertThat(opener.openIncident(request()).outcome()).isEqualTo(Outcome.UNDER_MAINTENANCE);
  }

  @Test
  void openIncident_givenAClosedIncidentWithTheId_opensTheNextOne() {
    temporal.running("Incident", INCIDENT);
    client.newUntypedWorkflowStub(INCIDENT).terminate("closed");

    assertThat(opener.openIncident(request()).outcome()).isEqualTo(Outcome.OPENED);
    assertThat(opener.running(INCIDENT)).isTrue();
  }
}
