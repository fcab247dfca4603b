package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Strict JSON at the door: no scalar coercion, enums by name, timestamps as ISO-8601 strings within
 * a year of now, the key labels present, and JSON content types only. Each refusal is a 422 (415
 * for the content type) naming the field, and nothing reaches Temporal.
 */
class StrictInputIT extends StarterIT {
  private static final String AM = "/webhooks/alertmanager";

  /** One firing alert for {@code alertname} with {@code labels} and {@code times} spliced in. */
  private static String alert(String alertname, String labels, String times) {
    return firingAlert("strict", alertname, labels, "," + times);
  }

  private static String startsAt(Instant at) {
    return "\"startsAt\":\"" + at + "\"";
  }

  private String refusedField(String path, String body, String... headers) {
    int before = writes.count();
    String[] credentials =
        headers.length == 0 && path.equals(AM) ? new String[] {AUTHORIZATION, BEARER} : headers;
    JsonNode problem = problem(http.post(path, body, credentials), 422);
    assertThat(writes.count()).as("nothing reached Temporal").isEqualTo(before);
    return problem.get("field").asString();
  }

  // ---------------------------------------------------------------- enums and scalars

  @Test
  void declaredSeverityAsAnOrdinal_is422NamingSeverityAndOpensNothing() {
    String zero = "{\"title\":\"t\",\"service\":\"strict-sev\",\"severity\":0}";
    String zeroText = "{\"title\":\"t\",\"service\":\"strict-sev\",\"severity\":\"0\"}";

    assertThat(refusedField("/api/incidents", zero)).isEqualTo("severity");
    assertThat(refusedField("/api/incidents", zeroText)).isEqualTo("severity");
    assertThat(exists(incidentId("strict-sev", "Declared"))).isFalse();
  }

  @Test
  void scalarsAreNeverCoerced() {
    String id = declare("strict-scalars", "P3");
    String signals = "/api/incidents/" + id + "/signals/";

    assertThat(refusedField(AM, alert("StrictNumber", ",\"pod\":7", startsAt(Instant.now()))))
        .isEqualTo("alerts[0].labels.pod");
    assertThat(refusedField(signals + "acknowledge", "{\"by\":42}")).isEqualTo("by");
    assertThat(refusedField(signals + "addNote", "{\"by\":\"alice\",\"text\":true}"))
        .isEqualTo("text");
    assertThat(refusedField(signals + "recordImpact", "{\"by\":\"alice\",\"usersAffected\":\"9\"}"))
        .isEqualTo("usersAffected");
    assertThat(refusedField(signals + "recordImpact", "{\"by\":\"alice\",\"usersAffected\":9.5}"))
        .isEqualTo("usersAffected");
    assertThat(refusedField(signals + "resolve", "{\"by\":\"alice\",\"falsePositive\":\"true\"}"))
        .isEqualTo("falsePositive");
    assertThat(refusedField(signals + "setSeverity", "{\"by\":\"alice\",\"severity\":0}"))
        .isEqualTo("severity");
    assertThat(
            refusedField(signals + "assignRole", "{\"by\":\"alice\",\"person\":\"b\",\"role\":1}"))
        .isEqualTo("role");
    assertThat(
            refusedField(
                signals + "assignRole", "{\"by\":\"alice\",\"person\":\"b\",\"role\":\"x\"}"))
        .isEqualTo("role");
  }

  @Test
  void aFieldTheBodyDoesNotHave_is422NamingItAndSignalsNothing() {
    String id = declare("strict-unknown", "P3");
    String signals = "/api/incidents/" + id + "/signals/";

    // a misspelt note would otherwise resolve the incident and drop the note without a word
    assertThat(refusedField(signals + "resolve", "{\"by\":\"alice\",\"nots\":\"x\"}"))
        .isEqualTo("nots");
    assertThat(refusedField(signals + "acknowledge", "{\"anything\":{}}")).isEqualTo("anything");
    assertThat(refusedField("/api/incidents/" + id + "/approvals", "{\"actionID\":\"a-1\"}"))
        .isEqualTo("actionID");
    assertThat(
            refusedField(
                "/api/incidents", "{\"title\":\"t\",\"service\":\"strict-u2\",\"sev\":\"P1\"}"))
        .isEqualTo("sev");
    assertThat(exists(incidentId("strict-u2", "Declared"))).isFalse();
    JsonNode problem = problem(http.post(signals + "resolve", "{\"nots\":\"x\"}"), 422);
    assertThat(problem.get("detail").asString())
        .contains("nots")
        .contains("known: ")
        .contains("note");
  }

  @Test
  void hugeNumber_is422NamingTheField() {
    String id = declare("strict-huge", "P3");

    JsonNode problem =
        problem(
            http.post(
                "/api/incidents/" + id + "/signals/recordImpact",
                "{\"by\":\"alice\",\"usersAffected\":1e300}"),
            422);

    assertThat(problem.get("field").asString()).isEqualTo("usersAffected");
    assertThat(incident(id).state().usersAffected).isNull();
  }

  // ---------------------------------------------------------------- timestamps

  @Test
  void timestampsOutsideAYearOfNowOrNotStrings_are422NamingTheField() {
    Instant now = Instant.now();

    assertThat(refusedField(AM, alert("StrictEpoch", "", "\"startsAt\":1764400000")))
        .isEqualTo("alerts[0].startsAt");
    assertThat(refusedField(AM, alert("StrictEpochText", "", "\"startsAt\":\"1764400000\"")))
        .isEqualTo("alerts[0].startsAt");
    assertThat(
            refusedField(
                AM, alert("StrictAncient", "", "\"startsAt\":\"-1000000000-01-01T00:00:00Z\"")))
        .isEqualTo("alerts[0].startsAt");
    assertThat(refusedField(AM, alert("StrictOld", "", startsAt(now.minus(400, ChronoUnit.DAYS)))))
        .isEqualTo("alerts[0].startsAt");
    assertThat(refusedField(AM, alert("StrictFuture", "", startsAt(now.plus(2, ChronoUnit.DAYS)))))
        .isEqualTo("alerts[0].startsAt");
    assertThat(refusedField(AM, alert("StrictEnd", "", startsAt(now) + ",\"endsAt\":1764400000")))
        .isEqualTo("alerts[0].endsAt");
    assertThat(
            refusedField(
                AM,
                alert(
                        "StrictZeroEndResolved",
                        "",
                        startsAt(now) + ",\"endsAt\":\"0001-01-01T00:00:00Z\"")
                    .replace(
                        "\"status\":\"firing\",\"labels\"", "\"status\":\"resolved\",\"labels\"")))
        .isEqualTo("alerts[0].endsAt");
    String pagerDuty =
        Http.payload("pagerduty-triggered.json")
            .replaceFirst("\"occurred_at\": \"[^\"]+\"", "\"occurred_at\": 1764400000");
    assertThat(
            refusedField(
                "/webhooks/pagerduty",
                pagerDuty,
                "X-PagerDuty-Signature",
                Http.pagerDutySignature("new-secret", pagerDuty)))
        .isEqualTo("event.occurred_at");
  }

  @Test
  void zeroEndOfAFiringAlertAndAnOffsetTimestamp_areAccepted() {
    String body =
        alert(
            "StrictZeroEnd",
            "",
            "\"startsAt\":\""
                + Instant.now().minus(1, ChronoUnit.HOURS).atOffset(java.time.ZoneOffset.ofHours(2))
                + "\",\"endsAt\":\"0001-01-01T00:00:00Z\"");

    HttpResponse<String> response = http.post(AM, body, AUTHORIZATION, BEARER);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(await(incidentId("strict", "StrictZeroEnd"), s -> s.alerts.size() == 1).alerts)
        .allSatisfy((k, a) -> assertThat(a.endsAt()).isNull());
  }

  // ---------------------------------------------------------------- labels

  @Test
  void alertWithoutAnAlertname_is422AndOpensNoCatchAllIncident() {
    String now = startsAt(Instant.now());
    String noName =
        "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\","
            + "\"labels\":{\"severity\":\"critical\"},"
            + now
            + "}]}";
    String nullNames =
        "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\","
            + "\"labels\":{\"alertname\":null,\"service\":null},"
            + now
            + "}]}";
    String blankName = alert(" ", "", now);

    assertThat(refusedField(AM, noName)).isEqualTo("alerts[0].labels.alertname");
    assertThat(refusedField(AM, nullNames)).startsWith("alerts[0].labels.");
    assertThat(refusedField(AM, blankName)).isEqualTo("alerts[0].labels.alertname");
    assertThat(exists(incidentId("", ""))).as("the catch-all incident").isFalse();
  }

  // ---------------------------------------------------------------- content types

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/webhooks/alertmanager",
        "/webhooks/grafana",
        "/webhooks/pagerduty",
        "/api/incidents",
        "/api/incidents/incident-x/signals/acknowledge",
        "/api/incidents/incident-x/approvals"
      })
  void nonJsonOrMissingContentType_is415(String path) {
    int before = writes.count();
    for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "")) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(10))
              .POST(HttpRequest.BodyPublishers.ofString("{\"by\":\"alice\"}"));
      if (path.startsWith("/api/")) {
        request.header("X-API-Key", TestKeys.ALICE);
      } else {
        request.header(AUTHORIZATION, BEARER);
      }
      if (!type.isEmpty()) {
        request.header("Content-Type", type);
      }

      problem(Http.send(request.build()), 415);
    }
    assertThat(writes.count()).isEqualTo(before);
  }

  @Test
  void jsonWithACharsetOrAPlusJsonType_isAccepted() {
    String id = declare("strict-types", "P3");
    for (String type : List.of("application/json; charset=UTF-8", "application/merge-patch+json")) {
      HttpResponse<String> response =
          Http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + port + "/api/incidents/" + id + "/signals/addNote"))
                  .header("Content-Type", type)
                  .header("X-API-Key", TestKeys.ALICE)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"by\":\"alice\",\"text\":\"sent as " + type + "\"}"))
                  .build());

      assertThat(response.statusCode()).as(type + ": " + response.body()).isEqualTo(202);
    }
  }
}
