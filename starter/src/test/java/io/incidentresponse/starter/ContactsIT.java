package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.incident.IncidentState;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/incidents/{id}/contacts}: the shareContacts signal behind the REST API. */
class ContactsIT extends StarterIT {

  @Test
  void contacts_reachTheIncident_andItRecordsWhoWasShared() {
    String id = declare("contacts-ok", "P2");

    HttpResponse<String> response =
        http.post("/api/incidents/" + id + "/contacts", "{\"by\":\"alice\",\"topics\":[\"aws\"]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(json.readTree(response.body()).get("signal").asString()).isEqualTo("shareContacts");
    IncidentState state = await(id, s -> !s.contactsShared.isEmpty());
    assertThat(state.contactsShared.get(0).by()).isEqualTo("alice");
    assertThat(state.contactsShared.get(0).topics()).containsExactly("aws");
    assertThat(state.contactsShared.get(0).contacts()).containsExactly("AWS Support");
  }

  @Test
  void badBodies_are400NamingTopics_andUnknownIncidentIs404_nothingShared() {
    String id = declare("contacts-bad", "P2");
    String path = "/api/incidents/" + id + "/contacts";

    JsonNode huge = problem(http.post(path, "{\"topics\":[\"" + "x".repeat(5_000) + "\"]}"), 400);
    JsonNode many =
        problem(http.post(path, "{\"topics\":[" + "\"aws\",".repeat(199) + "\"aws\"]}"), 400);
    JsonNode notJson = problem(http.post(path, "{\"topics\":"), 400);
    JsonNode unknown =
        problem(http.post("/api/incidents/incident-nope/contacts", "{\"topics\":[\"aws\"]}"), 404);

    assertThat(huge.get("field").asString()).isEqualTo("topics");
    assertThat(huge.get("detail").asString()).contains("at most 60");
    assertThat(many.get("field").asString()).isEqualTo("topics");
    assertThat(many.get("detail").asString()).contains("200 entries");
    assertThat(notJson.get("title")).isNotNull();
    assertThat(unknown.get("title").asString()).isEqualTo("No such incident");
    assertThat(incident(id).state().contactsShared).isEmpty();
  }
}
