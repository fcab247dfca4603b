package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.incident.IncidentState;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code incident.security.open=true}: a caller without credentials is "anonymous", a responder and
 * nothing more; credentials that are sent are still checked.
 */
@TestPropertySource(properties = "incident.security.open=true")
class OpenModeIT extends StarterIT {

  @Test
  void anonymous_respondsAsAnonymous_butNeverApprovesResolvesOrSpeaksForOthers() {
    String id = declare("open-anon", "P2");
    Http anonymous = http.as();

    HttpResponse<String> ack =
        anonymous.post("/api/incidents/" + id + "/signals/acknowledge", "{\"note\":\"on it\"}");
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(202);
    IncidentState state = await(id, IncidentState::acknowledged);
    assertThat(state.acknowledgedBy).isEqualTo("anonymous");
    assertThat(anonymous.get("/api/incidents/" + id).statusCode()).isEqualTo(200);
    int before = writes.count();

    JsonNode approve =
        problem(
            anonymous.post(
                "/api/incidents/" + id + "/signals/approve", "{\"actionId\":\"rollback-1\"}"),
            403);
    JsonNode update =
        problem(
            anonymous.post("/api/incidents/" + id + "/approvals", "{\"actionId\":\"rollback-1\"}"),
            403);
    // acknowledging made "anonymous" the commander; that never gives anonymous commander rights
    assertThat(state.commander()).isEqualTo("anonymous");
    JsonNode resolve =
        problem(anonymous.post("/api/incidents/" + id + "/signals/resolve", "{}"), 403);
    JsonNode asAlice =
        problem(
            anonymous.post(
                "/api/incidents/" + id + "/signals/addNote", "{\"by\":\"alice\",\"text\":\"x\"}"),
            403);

    assertThat(approve.get("detail").asString()).contains("approver-low");
    assertThat(update.get("detail").asString()).contains("approver-low");
    assertThat(resolve.get("detail").asString()).contains("commander");
    assertThat(asAlice.get("field").asString()).isEqualTo("by");
    assertThat(writes.count()).isEqualTo(before);
  }

  @Test
  void aWrongCredential_isStill401() {
    problem(http.get("/api/incidents/x", "X-API-Key", "wrong"), 401);
  }

  @Test
  void healthDetails_stayHiddenFromAnonymous() {
    assertThat(http.as().get("/actuator/health").body()).doesNotContain("components");
  }
}
