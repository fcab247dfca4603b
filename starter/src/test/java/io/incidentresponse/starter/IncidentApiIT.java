package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.incident.IncidentInput;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The SRE REST API over HTTP: read an incident, steer it with signals, approve. */
class IncidentApiIT extends StarterIT {

  @Test
  void show_returnsTheStateWithItsTimeline() {
    String id = declare("api-show", "P2");

    HttpResponse<String> response = http.get("/api/incidents/" + id);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode state = json.readTree(response.body());
    assertThat(state.get("incidentId").asString()).isEqualTo(id);
    assertThat(state.get("severity").asString()).isEqualTo("P2");
    assertThat(state.get("phase").asString()).isEqualTo("MITIGATING");
    assertThat(state.get("detectedAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(state.get("timeline").get(0).get("event").asString())
        .startsWith("Incident opened from 1 alert(s): api-show degraded");
    JsonNode timeline = json.readTree(http.get("/api/incidents/" + id + "/timeline").body());
    // the incident goes on between the two reads (a page or e-mail answering adds a line): the
    // timeline endpoint returns at least what the state had, in the same order
    JsonNode earlier = state.get("timeline");
    assertThat(timeline.size()).isGreaterThanOrEqualTo(earlier.size());
    for (int i = 0; i < earlier.size(); i++) {
      assertThat(timeline.get(i)).isEqualTo(earlier.get(i));
    }
  }

  @Test
  void acknowledgeSignal_reachesTheIncident() {
    String id = declare("api-ack", "P2");

    HttpResponse<String> response =
        http.post("/api/incidents/" + id + "/signals/acknowledge", "{\"by\":\"alice\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    IncidentState state = await(id, IncidentState::acknowledged);
    assertThat(state.acknowledgedBy).isEqualTo("alice");
  }

  @Test
  void signalRefusals_nameTheFieldAndChangeNothing() {
    String id = declare("api-refusals", "P2");

    JsonNode unknown = problem(http.post("/api/incidents/" + id + "/signals/explode", "{}"), 404);
    JsonNode missing =
        problem(
            http.post("/api/incidents/" + id + "/signals/setSeverity", "{\"reason\":\"x\"}"), 422);
    JsonNode wrongEnum =
        problem(
            http.post(
                "/api/incidents/" + id + "/signals/setSeverity",
                "{\"severity\":\"P7\",\"by\":\"alice\"}"),
            422);
    JsonNode noIncident =
        problem(http.post("/api/incidents/incident-nope/signals/acknowledge", "{}"), 404);

    assertThat(unknown.get("field").asString()).isEqualTo("signal");
    assertThat(missing.get("field").asString()).isEqualTo("severity");
    assertThat(wrongEnum.get("field").asString()).isEqualTo("severity");
    assertThat(noIncident.get("title").asString()).isEqualTo("No such incident");
    assertThat(incident(id).state().acknowledged()).isFalse();
  }

  @Test
  void resolveWithOnlyBy_isAccepted() {
    String id = declare("api-resolve", "P3");

    HttpResponse<String> response =
        http.post("/api/incidents/" + id + "/signals/resolve", "{\"by\":\"alice\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    IncidentState state = await(id, s -> s.resolveRequest != null || s.phase.isOver());
    assertThat(state.resolveRequest == null || !state.resolveRequest.falsePositive()).isTrue();
  }

  @Test
  void incidentWhoseWorkerDoesNotAnswer_is504NamingTheDeadline_notTemporalUnreachable() {
    String id = "incident-api-no-worker-" + System.nanoTime();
    IncidentWorkflow orphan =
        client.newWorkflowStub(
            IncidentWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue("no-worker-polls-this-queue")
                .build());
    WorkflowClient.start(
        orphan::run,
        new IncidentInput(List.of(), ResponsePolicy.defaults(), "orphan", null, null, "d-1"));

    for (String path : List.of("/api/incidents/" + id, "/api/incidents/" + id + "/timeline")) {
      long started = System.nanoTime();
      JsonNode slow = problem(http.get(path), 504);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(slow.get("detail").asString())
          .contains("did not answer within 2 s")
          .doesNotContain("unreachable");
      assertThat(took).isLessThan(Duration.ofSeconds(10));
    }
    long started = System.nanoTime();
    JsonNode approval =
        problem(
            http.post(
                "/api/incidents/" + id + "/approvals",
                "{\"actionId\":\"scale-1\",\"approver\":\"alice\"}"),
            504);
    assertThat(approval.get("detail").asString()).contains("did not answer within 2 s");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void approvalOfAnUnknownAction_isRefusedWithTheIncidentsReason() {
    String id = declare("api-approve", "P2");

    JsonNode refused =
        problem(
            http.post(
                "/api/incidents/" + id + "/approvals",
                "{\"actionId\":\"rollback-9\",\"approver\":\"alice\"}"),
            422);

    assertThat(refused.get("detail").asString()).contains("actionId: no action 'rollback-9'");
  }

  @Test
  void list_onAServerWithoutVisibility_answers501WithAClearMessage() {
    JsonNode problem = problem(http.get("/api/incidents?phase=mitigating"), 501);

    assertThat(problem.get("detail").asString()).contains("no visibility queries");
  }

  @Test
  void listFilters_becomeAVisibilityQueryAndHostileValuesAreRefused() {
    JsonNode bad = problem(http.get("/api/incidents?service=x'%20OR%20'1'='1"), 422);

    assertThat(bad.get("field").asString()).isEqualTo("service");
    assertThat(
            io.incidentresponse.starter.api.IncidentController.query(
                "mitigating", "p1", "checkout", true, null))
        .isEqualTo(
            "WorkflowType = 'Incident' AND IncidentPhase = 'MITIGATING' AND IncidentSeverity ="
                + " 'P1' AND IncidentService = 'checkout' AND ExecutionStatus = 'Running'");
    assertThat(
            io.incidentresponse.starter.api.IncidentController.query(null, null, null, null, true))
        .isEqualTo("WorkflowType = 'Incident' AND IncidentDrill = true");
    assertThat(
            io.incidentresponse.starter.api.IncidentController.query(null, null, null, null, false))
        .isEqualTo(
            "WorkflowType = 'Incident' AND (IncidentDrill IS NULL OR IncidentDrill = false)");
  }

  @Test
  void openApiDescription_isServed() {
    HttpResponse<String> response = http.get("/v3/api-docs");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode paths = json.readTree(response.body()).get("paths");
    assertThat(paths.has("/webhooks/alertmanager")).isTrue();
    assertThat(paths.has("/api/incidents/{id}/signals/{signal}")).isTrue();
  }

  @Test
  void health_includesTemporalConnectivity() {
    JsonNode health = json.readTree(http.get("/actuator/health").body());

    assertThat(health.get("status").asString()).isEqualTo("UP");
    assertThat(health.get("components").get("temporal").get("status").asString()).isEqualTo("UP");
  }

  @Test
  void prometheusMetrics_countAcceptedAndRejectedAlerts() {
    declare("api-metrics", "P2");
    problem(http.post("/api/incidents", "{\"service\":\"x\"}"), 422);

    String metrics = http.get("/actuator/prometheus").body();

    assertThat(metrics).contains("incident_alerts_received_total{source=\"declaration\"}");
    assertThat(metrics).contains("incident_open ");
    assertThat(metrics)
        .contains("incident_alerts_rejected_total{reason=\"422\",source=\"declaration\"}");
  }
}
