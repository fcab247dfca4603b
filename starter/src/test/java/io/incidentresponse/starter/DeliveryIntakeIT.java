package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.starter.incident.IncidentGateway;
import io.incidentresponse.starter.incident.IncidentGateway.Delivery;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.intake.DeliveryIntakeInput;
import io.incidentresponse.workflows.intake.DeliveryIntakeWorkflow;
import io.incidentresponse.workflows.intake.GroupOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowStub;
import java.lang.reflect.Type;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A delivery with more incident groups than {@code incident.ingestion.direct-groups} (4): accepted
 * with one start of an intake workflow, answered with the incidents as queued, and fanned out by
 * the starter's own worker afterwards; a redelivery doubles nothing; a group Temporal does not
 * accept in time is retried until it is, and the groups already delivered are not sent again.
 */
class DeliveryIntakeIT extends StarterIT {
  private static final int GROUPS = 6;

  @Autowired IncidentGateway gateway;
  @Autowired SlowDescribes network;
  @Autowired MeterRegistry meters;

  private static List<String> services(String prefix) {
    List<String> services = new ArrayList<>();
    for (int i = 0; i < GROUPS; i++) {
      services.add(prefix + "-" + i);
    }
    return services;
  }

  /** One Alertmanager delivery with two alerts for each service (one group per service). */
  private static String delivery(List<String> services) {
    List<String> alerts = new ArrayList<>();
    for (String service : services) {
      for (int pod = 0; pod < 2; pod++) {
        alerts.add(
            "{\"status\":\"firing\",\"labels\":{\"alertname\":\"Intake\",\"service\":\""
                + service
                + "\",\"severity\":\"warning\",\"pod\":\"p"
                + pod
                + "\"},\"annotations\":{\"summary\":\"queued\"},\"startsAt\":\""
                + Http.DAY
                + "T14:00:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\",\"fingerprint\":\""
                + service
                + "-p"
                + pod
                + "\"}");
      }
    }
    return "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"ir\",\"alerts\":["
        + String.join(",", alerts)
        + "]}";
  }

  private long writes(String kind, String workflowId) {
    return writes.calls().stream().filter((kind + " " + workflowId)::equals).count();
  }

  @Test
  void manyGroups_areQueuedWithOneTemporalCall_andEveryIncidentGetsItsAlertsOnce() {
    List<String> services = services("intake-a");

    HttpResponse<String> response =
        http.post("/webhooks/alertmanager", delivery(services), AUTHORIZATION, BEARER);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode incidents = json.readTree(response.body()).get("incidents");
    assertThat(incidents).hasSize(GROUPS);
    String intakeId = incidents.get(0).get("intakeId").asString();
    assertThat(intakeId).startsWith("intake-alertmanager:");
    for (int i = 0; i < GROUPS; i++) {
      JsonNode incident = incidents.get(i);
      assertThat(incident.get("incidentId").asString())
          .isEqualTo(incidentId(services.get(i), "Intake"));
      assertThat(incident.get("queued").asBoolean()).isTrue();
      assertThat(incident.get("intakeId").asString()).isEqualTo(intakeId);
      assertThat(incident.get("alerts").asInt()).isEqualTo(2);
      assertThat(incident.has("runId")).as("not started yet").isFalse();
    }
    assertThat(writes("start", intakeId)).isEqualTo(1);

    for (String service : services) {
      assertThat(await(incidentId(service, "Intake"), s -> s.alerts.size() == 2).alertDeliveries)
          .as("alerts counted: two, once")
          .isEqualTo(2);
    }
    List<GroupOutcome> outcomes = outcomes(intakeId);
    assertThat(outcomes).extracting(GroupOutcome::incidentId).doesNotContainNull();
    assertThat(outcomes).extracting(GroupOutcome::undeliverable).containsOnlyNulls();
    int events = client.fetchHistory(intakeId).getHistory().getEventsCount();
    System.out.printf("intake of %d groups: %d history events%n", GROUPS, events);
    assertThat(events).as("one activity, whatever the number of groups").isLessThanOrEqualTo(11);
  }

  @Test
  void aRedelivery_whileTheIntakeRunsAndAfterItFinished_doublesNothing() {
    List<String> services = services("intake-b");
    List<Alert> alerts = new ArrayList<>();
    for (String service : services) {
      alerts.add(alert(service));
    }
    String deliveryId = "redelivered:intake-b";
    // past the starter's own memory of deliveries (another starter, or after its window): the
    // same delivery id reaches Temporal again, twice at once and once more later
    List<Delivery> first = gateway.deliver(alerts, null, deliveryId, null, null);
    List<Delivery> second = gateway.deliver(alerts, null, deliveryId, null, null);

    assertThat(second).isEqualTo(first);
    String intakeId = DeliveryIntakeWorkflow.workflowId(deliveryId);
    outcomes(intakeId);
    gateway.deliver(alerts, null, deliveryId, null, null);
    outcomes(intakeId);

    sleep(500);
    for (String service : services) {
      assertThat(incident(incidentId(service, "Intake")).state().alertDeliveries)
          .as("every redelivered batch was dropped")
          .isEqualTo(1);
    }
    assertThat(writes("start", intakeId)).isEqualTo(3);
  }

  @Test
  void aGroupTemporalDoesNotAcceptInTime_isRetriedUntilItIs_andTheOthersAreNotSentAgain() {
    List<String> services = services("intake-c");
    String slow = incidentId(services.get(0), "Intake");
    double retriesBefore = retries();
    network.slowDownStarts(slow);
    HttpResponse<String> response;
    try {
      response = http.post("/webhooks/alertmanager", delivery(services), AUTHORIZATION, BEARER);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (retries() == retriesBefore && System.nanoTime() < deadline) {
        sleep(50);
      }
      assertThat(retries())
          .as("the first attempt failed and was retried")
          .isGreaterThan(retriesBefore);

      String queued =
          json.readTree(response.body()).get("incidents").get(0).get("intakeId").asString();
      HttpResponse<String> standing = http.get("/api/intake/" + queued);
      assertThat(standing.statusCode()).as(standing.body()).isEqualTo(200);
      JsonNode intake = json.readTree(standing.body());
      assertThat(intake.get("status").asString()).isEqualTo("running");
      assertThat(intake.get("groups").asInt()).isEqualTo(GROUPS);
      assertThat(intake.get("delivered").asInt()).isEqualTo(GROUPS - 1);
      assertThat(intake.get("pending")).hasSize(1);
      JsonNode pending = intake.get("pending").get(0);
      assertThat(pending.get("incidentId").asString()).isEqualTo(slow);
      assertThat(pending.get("alerts").asInt()).isEqualTo(2);
      assertThat(pending.has("failingSince")).as(standing.body()).isTrue();
    } finally {
      network.speedUpStarts(slow);
    }

    String intakeId =
        json.readTree(response.body()).get("incidents").get(0).get("intakeId").asString();
    List<GroupOutcome> outcomes = outcomes(intakeId);
    JsonNode done = json.readTree(http.get("/api/intake/" + intakeId).body());
    assertThat(done.get("status").asString()).isEqualTo("completed");
    assertThat(done.get("delivered").asInt()).isEqualTo(GROUPS);
    assertThat(done.get("pending")).isEmpty();
    assertThat(outcomes).extracting(GroupOutcome::undeliverable).containsOnlyNulls();
    for (String service : services) {
      String id = incidentId(service, "Intake");
      assertThat(await(id, s -> s.alerts.size() == 2).alertDeliveries).isEqualTo(2);
      if (!id.equals(slow)) {
        assertThat(writes("signalWithStart", id)).as("%s delivered once", id).isEqualTo(1);
      }
    }
    assertThat(writes("signalWithStart", slow)).isGreaterThanOrEqualTo(2);
  }

  @Test
  void theStandingOfAnUnknownIntake_is404NamingTheId() {
    JsonNode missing = problem(http.get("/api/intake/intake-alertmanager:nope"), 404);

    assertThat(missing.get("field").asString()).isEqualTo("id");
  }

  private double retries() {
    var counter = meters.find("incident.intake.retries").counter();
    return counter == null ? 0 : counter.count();
  }

  /** The intake's answer, once it finished (its latest run). */
  @SuppressWarnings("unchecked")
  private List<GroupOutcome> outcomes(String intakeId) {
    WorkflowStub intake =
        WorkflowStub.fromTyped(client.newWorkflowStub(DeliveryIntakeWorkflow.class, intakeId));
    try {
      Type listOfOutcomes =
          DeliveryIntakeWorkflow.class
              .getMethod("run", DeliveryIntakeInput.class)
              .getGenericReturnType();
      return intake.getResult(60, TimeUnit.SECONDS, List.class, listOfOutcomes);
    } catch (TimeoutException e) {
      throw new AssertionError("the intake " + intakeId + " did not finish", e);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Alert alert(String service) {
    return new Alert(
        AlertSource.ALERTMANAGER,
        AlertStatus.FIRING,
        service + "-p0",
        Map.of("alertname", "Intake", "service", service, "severity", "warning"),
        Map.of("summary", "queued"),
        Instant.parse(Http.DAY + "T14:00:00Z"),
        null,
        null,
        null);
  }
}
