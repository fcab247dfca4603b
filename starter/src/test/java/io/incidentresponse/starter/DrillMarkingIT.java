package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.starter.drill.DrillDoor;
import io.incidentresponse.starter.drill.RecordingDrillWorkflow;
import io.incidentresponse.workflows.drill.DrillIncident;
import io.incidentresponse.workflows.drill.DrillWorkflow;
import io.incidentresponse.workflows.incident.IncidentSearchAttributes;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.incident.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Drill marking at the door: a real incident workflow on the test server and a test-only drill
 * ({@link RecordingDrillWorkflow}) that records the {@code incidentOpened} signals it receives.
 */
class DrillMarkingIT extends StarterIT {
  private static final String AM = "/webhooks/alertmanager";

  @Autowired DrillDoor door;
  @Autowired SlowDescribes network;

  /** Starts the drill of {@code service}, as the drill API would (which tells the door). */
  private RecordingDrillWorkflow startDrill(String service) {
    String id = DrillWorkflow.workflowId(service);
    RecordingDrillWorkflow drill =
        client.newWorkflowStub(
            RecordingDrillWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(TaskQueues.INCIDENTS)
                .build());
    WorkflowClient.start(drill::run);
    door.forget(service);
    return client.newWorkflowStub(RecordingDrillWorkflow.class, id);
  }

  private HttpResponse<String> send(String service, String alertname, String labels) {
    return http.post(
        AM,
        firingAlert(service, alertname, labels, ",\"startsAt\":\"" + Instant.now() + "\""),
        AUTHORIZATION,
        BEARER);
  }

  private JsonNode fire(String service, String alertname, String labels) {
    HttpResponse<String> response = send(service, alertname, labels);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return json.readTree(response.body()).get("incidents").get(0);
  }

  private static List<DrillIncident> told(
      RecordingDrillWorkflow drill, Predicate<List<DrillIncident>> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    List<DrillIncident> last = null;
    while (System.nanoTime() < deadline) {
      last = drill.incidents();
      if (condition.test(last)) {
        return last;
      }
      sleep(25);
    }
    throw new AssertionError("the drill was told " + last);
  }

  @Test
  void alertWhileItsServiceIsDrilled_opensTheDrillsIncident_andTellsTheDrillOnce() {
    RecordingDrillWorkflow drill = startDrill("drill-a");

    JsonNode opened = fire("drill-a", "DrillErrors", ",\"priority\":\"P2\"");

    String id = incidentId("drill-a", "DrillErrors");
    assertThat(opened.get("incidentId").asString()).isEqualTo(id);
    assertThat(opened.get("drillId").asString()).isEqualTo("drill-drill-a");
    IncidentState state = await(id, s -> s.phase == Phase.MITIGATING);
    assertThat(state.drillId).isEqualTo("drill-drill-a");
    assertThat(state.channel == null ? "" : state.channel.name()).startsWith("incident-drill-");
    DrillIncident told = told(drill, list -> !list.isEmpty()).get(0);
    assertThat(told.incidentId()).isEqualTo(id);
    assertThat(told.drill()).isTrue();
    assertThat(told.severity()).isEqualTo(Severity.P2);
    assertThat(told.openedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now());
    assertThat(
            WorkflowStub.fromTyped(incident(id))
                .describe()
                .getTypedSearchAttributes()
                .get(IncidentSearchAttributes.DRILL))
        .isTrue();

    // another alert joins the drill's incident: nothing new to mark or tell
    JsonNode joined = fire("drill-a", "DrillErrors", ",\"priority\":\"P2\",\"pod\":\"p-2\"");
    assertThat(joined.get("incidentId").asString()).isEqualTo(id);
    assertThat(joined.has("drillId")).isFalse();
    await(id, s -> s.alertDeliveries >= 2);
    assertThat(drill.incidents()).hasSize(1);
    drill.end();
  }

  @Test
  void declarationWhileTheServiceIsDrilled_isARealIncident_andTellsTheDrillSo() {
    RecordingDrillWorkflow drill = startDrill("drill-b");

    String id = declare("drill-b", "P1");

    assertThat(await(id, s -> s.phase == Phase.MITIGATING).drillId).isNull();
    DrillIncident told = told(drill, list -> !list.isEmpty()).get(0);
    assertThat(told.incidentId()).isEqualTo(id);
    assertThat(told.drill()).isFalse();
    assertThat(told.severity()).isEqualTo(Severity.P1);
    drill.end();
  }

  @Test
  void alertForAnotherService_isNotTheDrills() {
    RecordingDrillWorkflow drill = startDrill("drill-c");

    JsonNode other = fire("drill-c-other", "DrillErrors", ",\"priority\":\"P2\"");

    assertThat(other.has("drillId")).isFalse();
    String id = other.get("incidentId").asString();
    assertThat(await(id, s -> s.phase == Phase.MITIGATING).drillId).isNull();
    assertThat(drill.incidents()).isEmpty();
    drill.end();
  }

  @Test
  void noDrillRunning_orOneThatHasEnded_opensARealIncident() {
    JsonNode never = fire("drill-d", "DrillErrors", ",\"priority\":\"P2\"");
    assertThat(never.has("drillId")).isFalse();
    assertThat(await(never.get("incidentId").asString(), s -> s.service != null).drillId).isNull();

    RecordingDrillWorkflow drill = startDrill("drill-e");
    drill.end();
    WorkflowStub.fromTyped(drill).getResult(Void.class);
    door.forget("drill-e");

    JsonNode after = fire("drill-e", "DrillErrors", ",\"priority\":\"P2\"");
    assertThat(after.has("drillId")).isFalse();
    assertThat(await(after.get("incidentId").asString(), s -> s.service != null).drillId).isNull();
  }

  @Test
  void listWithADrillsFilterThatIsNotABoolean_is400NamingIt() {
    JsonNode bad = problem(http.get("/api/incidents?drills=maybe"), 400);

    assertThat(bad.get("detail").asString()).contains("'drills'").contains("'maybe'");
  }

  @Test
  void temporalSlowToSayWhetherTheServiceIsDrilled_opensARealIncident_andTheAlertIsNotLost() {
    RecordingDrillWorkflow drill = startDrill("drill-f");
    network.slowDown(DrillWorkflow.workflowId("drill-f"));

    long started = System.nanoTime();
    HttpResponse<String> response = send("drill-f", "DrillErrors", ",\"priority\":\"P2\"");
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    // the look-up's deadline is 1 s; the describe arrives 5 s late and is not waited for
    assertThat(took).isLessThan(SlowDescribes.DELAY);
    JsonNode opened = json.readTree(response.body()).get("incidents").get(0);
    assertThat(opened.has("drillId")).isFalse();
    String id = incidentId("drill-f", "DrillErrors");
    assertThat(await(id, s -> s.phase == Phase.MITIGATING).drillId).isNull();
    assertThat(drill.incidents()).isEmpty();
    drill.end();
  }
}
