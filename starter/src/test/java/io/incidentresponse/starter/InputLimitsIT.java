package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.incident.IncidentState;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What an incident cannot represent is refused before anything is accepted, with a 422 naming the
 * field; a long annotation or description is legitimate and is shortened instead.
 */
class InputLimitsIT extends StarterIT {
  private static final String AM = "/webhooks/alertmanager";

  private static String alert(String alertname, String extraLabels, String annotations) {
    return firingAlert(
        "limits",
        alertname,
        extraLabels,
        ",\"annotations\":{" + annotations + "},\"startsAt\":\"" + Instant.now() + "\"");
  }

  private String refused(String path, String body) {
    int before = writes.count();
    HttpResponse<String> response =
        path.startsWith("/webhooks")
            ? http.post(path, body, AUTHORIZATION, BEARER)
            : http.post(path, body);
    JsonNode problem = problem(response, 422);
    assertThat(writes.count()).as("nothing reached Temporal").isEqualTo(before);
    assertThat(response.body()).as("no huge value echoed").hasSizeLessThan(2_000);
    return problem.get("field").asString();
  }

  @Test
  void serviceLabelThatNoIncidentCouldHold_is422BeforeAnythingIsAccepted() {
    String body =
        "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\","
            + "\"labels\":{\"alertname\":\"LimitsLongService\",\"service\":\""
            + "s".repeat(2_049)
            + "\"},\"startsAt\":\""
            + Instant.now()
            + "\"}]}";

    assertThat(refused(AM, body)).isEqualTo("alerts[0].labels.service");
  }

  @Test
  void labelNamesAndLabelCountsAreBounded() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 65; i++) {
      many.append(",\"l").append(i).append("\":\"v\"");
    }

    assertThat(refused(AM, alert("LimitsLongName", ",\"" + "n".repeat(129) + "\":\"v\"", "")))
        .isEqualTo("alerts[0].labels");
    assertThat(refused(AM, alert("LimitsManyLabels", many.toString(), "")))
        .isEqualTo("alerts[0].labels");
    assertThat(refused(AM, alert("LimitsLongValue", ",\"pod\":\"" + "p".repeat(1_025) + "\"", "")))
        .isEqualTo("alerts[0].labels.pod");
  }

  @Test
  void longAnnotation_isShortenedWithAnEllipsisAndTheAlertAccepted() {
    String body =
        alert("LimitsLongAnnotation", "", "\"description\":\"" + "d".repeat(10_000) + "\"");

    HttpResponse<String> response = http.post(AM, body, AUTHORIZATION, BEARER);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    IncidentState state =
        await(incidentId("limits", "LimitsLongAnnotation"), s -> s.alerts.size() == 1);
    Alert alert = state.alerts.values().iterator().next();
    assertThat(alert.annotations().get("description")).hasSize(4_096).endsWith("…");
  }

  @Test
  void declarationFieldsAreBounded() {
    String title = "\"title\":\"t\"";
    String severity = "\"severity\":\"P3\"";
    String service = "\"service\":\"limits-declared\"";

    assertThat(
            refused(
                "/api/incidents",
                "{\"title\":\"" + "t".repeat(2_001) + "\"," + service + "," + severity + "}"))
        .isEqualTo("title");
    assertThat(
            refused(
                "/api/incidents",
                "{" + title + ",\"service\":\"" + "s".repeat(1_025) + "\"," + severity + "}"))
        .isEqualTo("service");
    assertThat(
            refused(
                "/api/incidents",
                "{"
                    + title
                    + ","
                    + service
                    + ","
                    + severity
                    + ",\"commander\":\""
                    + "c".repeat(201)
                    + "\"}"))
        .isEqualTo("commander");
    assertThat(exists(incidentId("limits-declared", "Declared"))).isFalse();
  }

  @Test
  void longDeclaredDescription_isShortenedAndTheIncidentOpens() {
    HttpResponse<String> response =
        http.post(
            "/api/incidents",
            "{\"title\":\"Limits\",\"service\":\"limits-description\",\"severity\":\"P3\","
                + "\"description\":\""
                + "d".repeat(9_000)
                + "\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    IncidentState state =
        await(incidentId("limits-description", "Declared"), s -> s.alerts.size() == 1);
    assertThat(state.alerts.values().iterator().next().annotations().get("description"))
        .hasSize(4_096);
  }

  @Test
  void signalNamesAndTextsAreBounded() {
    String id = declare("limits-signals", "P3");
    String signals = "/api/incidents/" + id + "/signals/";

    assertThat(refused(signals + "acknowledge", "{\"by\":\"" + "b".repeat(201) + "\"}"))
        .isEqualTo("by");
    assertThat(
            refused(
                signals + "addNote", "{\"by\":\"alice\",\"text\":\"" + "t".repeat(2_001) + "\"}"))
        .isEqualTo("text");
    assertThat(
            refused(
                signals + "assignRole",
                "{\"by\":\"alice\",\"role\":\"SCRIBE\",\"person\":\"" + "p".repeat(201) + "\"}"))
        .isEqualTo("person");
    assertThat(
            refused(
                signals + "reject",
                "{\"actionId\":\"scale-1\",\"approver\":\"alice\",\"reason\":\""
                    + "r".repeat(2_001)
                    + "\"}"))
        .isEqualTo("reason");
    assertThat(
            refused(
                "/api/incidents/" + id + "/approvals",
                "{\"actionId\":\"scale-1\",\"approver\":\"alice\",\"comment\":\""
                    + "c".repeat(2_001)
                    + "\"}"))
        .isEqualTo("comment");
    assertThat(incident(id).state().acknowledged()).isFalse();
  }

  @Test
  void boundsAtTheirLimit_areAccepted() {
    String body =
        alert(
            "LimitsAtTheLimit",
            ",\"" + "n".repeat(128) + "\":\"" + "v".repeat(1_024) + "\"",
            "\"summary\":\"" + "s".repeat(4_096) + "\"");

    HttpResponse<String> response = http.post(AM, body, AUTHORIZATION, BEARER);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    Alert alert =
        await(incidentId("limits", "LimitsAtTheLimit"), s -> s.alerts.size() == 1)
            .alerts
            .values()
            .iterator()
            .next();
    assertThat(alert.annotations().get("summary")).isEqualTo("s".repeat(4_096));
  }

  @Test
  void unknownSignalWithAHugeName_isA404ThatDoesNotRepeatIt() {
    HttpResponse<String> response =
        http.post("/api/incidents/incident-x/signals/" + "s".repeat(5_000), "{\"by\":\"alice\"}");

    assertThat(problem(response, 404).get("detail").asString()).hasSizeLessThan(300);
  }

  @Test
  void overlongPagerDutyWebhookId_isRememberedByItsHash() {
    String body =
        Http.payload("pagerduty-triggered.json")
            .replace("PGR0VU2", "PLONGID")
            .replace("Payments API returning 503", "Payments long webhook id");
    String id = "w".repeat(5_000);

    HttpResponse<String> response =
        http.post(
            "/webhooks/pagerduty",
            body,
            "X-PagerDuty-Signature",
            Http.pagerDutySignature("new-secret", body),
            "X-Webhook-Id",
            id);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    IncidentState state =
        await(incidentId("payments", "Payments long webhook id"), s -> s.alerts.size() == 1);
    assertThat(state.recentDeliveries).allSatisfy(d -> assertThat(d).hasSizeLessThan(100));
  }
}
