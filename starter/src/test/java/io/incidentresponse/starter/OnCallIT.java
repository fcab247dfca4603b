package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/oncall} through a real OnCallLookup workflow on the test server, the roster stood
 * in ({@link StandInActivities}: team payments, alice on call for the day, bob next).
 */
class OnCallIT extends StarterIT {
  private static final String PATH = "/api/oncall";

  private JsonNode ok(String query) {
    HttpResponse<String> response = http.get(PATH + query);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  @Test
  void team_atAnInstant_answersEachRotationWithItsShiftAndNext() {
    JsonNode answer = ok("?team=payments&at=2026-12-24T20:00:00Z");

    assertThat(answer.get("lookupId").asString()).startsWith("oncall-lookup-");
    assertThat(answer.get("at").asString()).isEqualTo("2026-12-24T20:00:00Z");
    assertThat(answer.get("team").asString()).isEqualTo("payments");
    JsonNode shift = answer.get("shifts").get(0);
    assertThat(shift.get("rotation").asString()).isEqualTo("payments-primary");
    assertThat(shift.get("person").get("id").asString()).isEqualTo("alice");
    assertThat(shift.get("person").get("name").asString()).isEqualTo("Alice Example");
    assertThat(shift.get("from").asString()).isEqualTo("2026-12-24T00:00:00Z");
    assertThat(shift.get("until").asString()).isEqualTo("2026-12-25T00:00:00Z");
    assertThat(shift.get("next").get("id").asString()).isEqualTo("bob");
    assertThat(answer.get("problems")).isEmpty();
  }

  @Test
  void noTeamNoInstant_isEveryTeamNow() {
    JsonNode answer = ok("");

    assertThat(answer.get("shifts")).hasSize(1);
    assertThat(answer.get("at").asString()).isNotBlank();
  }

  @Test
  void anInstantWithAnOffset_isReadAsThatInstant() {
    assertThat(ok("?at=2026-12-24T21:00:00%2B01:00").get("at").asString())
        .isEqualTo("2026-12-24T20:00:00Z");
  }

  @Test
  void badAt_is400NamingAt_andStartsNothing() {
    int before = writes.count();

    JsonNode problem = problem(http.get(PATH + "?at=tomorrow"), 400);

    assertThat(problem.path("field").asString()).isEqualTo("at");
    assertThat(problem.path("detail").asString()).contains("ISO-8601");
    assertThat(
            problem(http.get(PATH + "?at=%2B10000-01-01T00:00:00Z"), 400).path("field").asString())
        .isEqualTo("at");
    assertThat(writes.count()).isEqualTo(before);
  }

  @Test
  void unknownTeam_is404NamingTeam() {
    JsonNode problem = problem(http.get(PATH + "?team=nosuchteam"), 404);

    assertThat(problem.path("field").asString()).isEqualTo("team");
    assertThat(problem.path("detail").asString()).isEqualTo("no team nosuchteam in the roster");
  }

  @Test
  void badTeamName_is4xxNamingTeam() {
    JsonNode problem = problem(http.get(PATH + "?team=a%20b;c"), 422);

    assertThat(problem.path("field").asString()).isEqualTo("team");
  }

  @Test
  void withoutCredentials_is401() {
    HttpResponse<String> response = http.as().get(PATH + "?team=payments");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(http.as("X-API-Key", "not-a-key").get(PATH).statusCode()).isEqualTo(401);
  }

  @Test
  void aResponder_mayAsk() {
    HttpResponse<String> response = http.as(TestKeys.apiKey(TestKeys.BOB)).get(PATH);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
