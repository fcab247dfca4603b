package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/incidents/{id}?view=summary}: what a dashboard polls, small and current. */
class IncidentSummaryViewIT extends StarterIT {

  @Test
  void summaryView_ofARunningIncident_answersItsStandingInAFractionOfTheState() {
    String id = declare("api-summary", "P2");
    assertThat(
            http.post("/api/incidents/" + id + "/signals/acknowledge", "{\"by\":\"alice\"}")
                .statusCode())
        .isEqualTo(202);
    await(id, s -> s.acknowledged());

    HttpResponse<String> summaryAnswer = http.get("/api/incidents/" + id + "?view=summary");
    HttpResponse<String> fullAnswer = http.get("/api/incidents/" + id);

    assertThat(summaryAnswer.statusCode()).as(summaryAnswer.body()).isEqualTo(200);
    JsonNode summary = json.readTree(summaryAnswer.body());
    JsonNode full = json.readTree(fullAnswer.body());
    assertThat(summary.get("incidentId").asString()).isEqualTo(id);
    assertThat(summary.get("severity").asString()).isEqualTo("P2");
    assertThat(summary.get("phase").asString()).isEqualTo(full.get("phase").asString());
    assertThat(summary.get("acknowledgedBy").asString()).isEqualTo("alice");
    assertThat(summary.get("detectedAt").asString()).isEqualTo(full.get("detectedAt").asString());
    // the incident goes on between the two reads: the summary's latest line is on the timeline
    // the later full read returns, at the position the summary counted
    int counted = summary.get("timelineEntries").asInt();
    JsonNode timeline = full.get("timeline");
    assertThat(counted).isPositive().isLessThanOrEqualTo(timeline.size());
    assertThat(summary.get("latest")).isEqualTo(timeline.get(counted - 1));
    assertThat(summary.has("alerts") && summary.get("alerts").isNumber()).isTrue();
    assertThat(summary.has("timeline")).isFalse();
    assertThat(summary.has("diagnosis")).isFalse();
    assertThat(summaryAnswer.body().length()).isLessThan(fullAnswer.body().length() / 2);
  }

  @Test
  void viewFull_isTheWholeStateAsWithoutAView() {
    String id = declare("api-view-full", "P3");

    JsonNode full = json.readTree(http.get("/api/incidents/" + id + "?view=full").body());

    assertThat(full.get("incidentId").asString()).isEqualTo(id);
    assertThat(full.get("timeline").isArray()).isTrue();
    assertThat(full.has("alerts")).isTrue();
  }

  @Test
  void summaryView_ofAnUnknownIncident_is404() {
    JsonNode missing = problem(http.get("/api/incidents/incident-nope?view=summary"), 404);

    assertThat(missing.get("title").asString()).isEqualTo("No such incident");
  }

  @Test
  void anUnknownView_is400NamingTheField() {
    JsonNode refused = problem(http.get("/api/incidents/incident-nope?view=everything"), 400);

    assertThat(refused.get("field").asString()).isEqualTo("view");
    assertThat(refused.get("detail").asString()).contains("full or summary");
  }
}
