package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.postmortem.PostmortemWorkflow;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/incidents/{id}/postmortem} and {@code POST .../postmortem/action-items}. */
class PostmortemApiIT extends StarterIT {

  private PostmortemWorkflow postmortemOf(String id) {
    return client.newWorkflowStub(
        PostmortemWorkflow.class, incident(id).state().postmortemWorkflowId);
  }

  @Test
  void status_ofAClosedIncident_isThePostmortemsQuery() {
    String id = closedWithPostmortem("pm-status");

    HttpResponse<String> response = http.get("/api/incidents/" + id + "/postmortem");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode status = json.readTree(response.body());
    assertThat(status.get("incidentId").asString()).isEqualTo(id);
    assertThat(status.get("document").get("location").asString())
        .isEqualTo("postmortems/" + id + ".md");
    assertThat(status.get("actionItems").isArray()).isTrue();
  }

  @Test
  void status_beforeTheIncidentCloses_is404NamingId() {
    String id = declare("pm-open", "P1");

    JsonNode problem = problem(http.get("/api/incidents/" + id + "/postmortem"), 404);

    assertThat(problem.get("field").asString()).isEqualTo("id");
    assertThat(problem.get("detail").asString()).contains("no postmortem yet");
  }

  @Test
  void status_withoutCredentials_is401() {
    String id = closedWithPostmortem("pm-anonymous");

    HttpResponse<String> response = new Http(port).get("/api/incidents/" + id + "/postmortem");

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void addActionItem_asTheCaller_answersTheItem() {
    String id = closedWithPostmortem("pm-add");

    HttpResponse<String> response =
        http.as(TestKeys.apiKey(TestKeys.BOB))
            .post(
                "/api/incidents/" + id + "/postmortem/action-items",
                "{\"action\":\"Alert on pool saturation\",\"owner\":\"carol\","
                    + "\"dueDate\":\"2026-12-10\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = json.readTree(response.body());
    assertThat(answer.get("accepted").asBoolean()).isTrue();
    assertThat(answer.get("item").get("id").asString()).isEqualTo("AI-1");
    assertThat(postmortemOf(id).status().actionItems())
        .singleElement()
        .satisfies(item -> assertThat(item.updatedBy()).isEqualTo("bob"));
  }

  @Test
  void actionItem_namingSomebodyElse_is403_andNothingChanges() {
    String id = closedWithPostmortem("pm-other");

    JsonNode problem =
        problem(
            http.as(TestKeys.apiKey(TestKeys.BOB))
                .post(
                    "/api/incidents/" + id + "/postmortem/action-items",
                    "{\"action\":\"Add a runbook\",\"by\":\"alice\"}"),
            403);

    assertThat(problem.get("field").asString()).isEqualTo("by");
    assertThat(postmortemOf(id).status().actionItems()).isEmpty();
  }

  @Test
  void actionItem_tooLongOrMalformedOrWithoutAction_is422NamingTheField_andNothingChanges() {
    String id = closedWithPostmortem("pm-bad");
    String path = "/api/incidents/" + id + "/postmortem/action-items";

    JsonNode tooLong = problem(http.post(path, "{\"action\":\"" + "x".repeat(2001) + "\"}"), 422);
    HttpResponse<String> badDate = http.post(path, "{\"action\":\"a\",\"dueDate\":\"soon\"}");
    JsonNode noAction = problem(http.post(path, "{\"owner\":\"carol\"}"), 422);
    JsonNode unknownItem = problem(http.post(path, "{\"id\":\"AI-9\",\"owner\":\"carol\"}"), 422);
    JsonNode misspelt = problem(http.post(path, "{\"action\":\"a\",\"ownr\":\"carol\"}"), 422);

    assertThat(tooLong.get("field").asString()).isEqualTo("action");
    assertThat(badDate.statusCode()).isBetween(400, 422);
    assertThat(badDate.body()).contains("dueDate");
    assertThat(noAction.get("field").asString()).isEqualTo("action");
    assertThat(unknownItem.get("detail").asString()).contains("AI-9");
    assertThat(misspelt.get("field").asString()).isEqualTo("ownr");
    assertThat(postmortemOf(id).status().actionItems()).isEmpty();
  }
}
