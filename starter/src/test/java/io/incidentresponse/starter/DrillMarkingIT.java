package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.starter.drill.DrillDoor;
import io.incidentresponse.workflows.drill.AbortDrillRequest;
import io.incidentresponse.workflows.drill.DrillIncident;
import io.incidentresponse.workflows.drill.DrillState;
import io.incidentresponse.workflows.drill.DrillWorkflow;
import io.incidentresponse.workflows.incident.IncidentSearchAttributes;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
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
 * Drill marking at the door: real incident and drill workflows on the test server (the drill's
 * fault injected into the stand-ins), the drill's state showing the {@code incidentOpened} signals
 * it received.
 */
class DrillMarkingIT extends StarterIT {
  private static final String AM = "/webhooks/alertmanager";

  @Autowired DrillDoor door;
  @Autowired SlowDescribes network;

  /** A drill started through the drill API: the stand-ins' scale-down, watching nothing. */
  private final class Drill {
    final DrillWorkflow stub;

    Drill(String service) {
      HttpResponse<String> started =
          http.post(
              "/api/drills",
              "{\"scenario\":\"scale-down\",\"service\":\""
                  + service
                  + "\",\"duration\":\"1h\",\"stopConditions\":[]}");
      assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
      stub = client.newWorkflowStub(DrillWorkflow.class, DrillWorkflow.workflowId(service));
    }

    List<DrillIncident> incidents() {
      return stub.state().incidents;
    }

    /** Aborts it (a drill a real incident stopped has ended already) and waits for its end. */
    void end() {
      if (stub.state().status != DrillState.Status.ENDED) {
        stub.abort(new AbortDrillRequest("alice", "test over"));
      }
      WorkflowStub.fromTyped(stub).getResult(DrillState.class);
    }
  }

  private Drill startDrill(String service) {
    return new Drill(service);
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

  private static List<DrillIncident> told(Drill drill, Predicate<List<DrillIncident>> condition) {
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
    Drill drill = startDrill("drill-a");

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
    Drill drill = startDrill("drill-b");

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
    Drill drill = startDrill("drill-c");

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

    Drill drill = startDrill("drill-e");
    drill.end();
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
    Drill drill = startDrill("drill-f");
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
