package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.incident.Phase;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Exact redeliveries (Alertmanager re-sending a group, PagerDuty retrying) are answered 202 with
 * {@code "duplicate": true} and the same incidents, and never reach the incident's history.
 */
class RedeliveryIT extends StarterIT {

  private static String alerts(String alertname, int count) {
    StringBuilder alerts = new StringBuilder();
    String startsAt = Instant.now().minusSeconds(120).toString();
    for (int i = 0; i < count; i++) {
      alerts
          .append(i == 0 ? "" : ",")
          .append("{\"status\":\"firing\",\"labels\":{\"alertname\":\"")
          .append(alertname)
          .append("\",\"service\":\"redelivery\",\"pod\":\"pod-")
          .append(i)
          .append("\"},\"startsAt\":\"")
          .append(startsAt)
          .append("\",\"fingerprint\":\"")
          .append(alertname)
          .append('-')
          .append(i)
          .append("\"}");
    }
    return "{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"ir\",\"alerts\":["
        + alerts
        + "]}";
  }

  private long historyBytes(String workflowId) {
    return client.fetchHistory(workflowId).getHistory().getSerializedSize();
  }

  @Test
  void threeRedeliveriesOf200Alerts_addUnder5PercentToTheHistory() {
    String body = alerts("Redelivered", 200);
    String id = incidentId("redelivery", "Redelivered");
    HttpResponse<String> first = http.post("/webhooks/alertmanager", body, AUTHORIZATION, BEARER);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    assertThat(json.readTree(first.body()).get("duplicate").asBoolean()).isFalse();
    await(id, s -> s.alerts.size() == 200 && s.phase == Phase.MITIGATING);
    sleep(500);
    long before = historyBytes(id);

    List<JsonNode> answers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> again = http.post("/webhooks/alertmanager", body, AUTHORIZATION, BEARER);
      assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
      answers.add(json.readTree(again.body()));
    }
    sleep(500);
    long after = historyBytes(id);

    System.out.printf(
        "redelivery: history %d bytes after the delivery, %d after three redeliveries (+%.2f%%)%n",
        before, after, 100.0 * (after - before) / before);
    assertThat(after - before).isLessThan(before / 20);
    JsonNode incidents = json.readTree(first.body()).get("incidents");
    for (JsonNode answer : answers) {
      assertThat(answer.get("duplicate").asBoolean()).isTrue();
      assertThat(answer.get("incidents")).isEqualTo(incidents);
      assertThat(answer.get("alerts").asInt()).isEqualTo(200);
    }
    assertThat(http.get("/actuator/prometheus").body())
        .containsPattern("incident_alerts_duplicates_total\\{source=\"alertmanager\"\\} [3-9]");
  }

  @Test
  void concurrentIdenticalDeliveries_reachTemporalOnce() {
    String body = alerts("RedeliveredConcurrently", 20);
    String id = incidentId("redelivery", "RedeliveredConcurrently");

    List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      posts.add(
          CompletableFuture.supplyAsync(
              () -> http.post("/webhooks/alertmanager", body, AUTHORIZATION, BEARER)));
    }
    int duplicates = 0;
    for (CompletableFuture<HttpResponse<String>> post : posts) {
      HttpResponse<String> response = post.join();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      duplicates += json.readTree(response.body()).get("duplicate").asBoolean() ? 1 : 0;
    }

    assertThat(writes.calls()).containsOnlyOnce("signalWithStart " + id);
    assertThat(duplicates).isEqualTo(5);
  }

  @Test
  void pagerDutyRetryWithTheSameWebhookId_isADuplicate() {
    String body =
        Http.payload("pagerduty-triggered.json")
            .replace("PGR0VU2", "PREDELIV")
            .replace("Payments API returning 503", "Payments redelivered");
    String signature = Http.pagerDutySignature("new-secret", body);

    HttpResponse<String> first =
        http.post(
            "/webhooks/pagerduty", body, "X-PagerDuty-Signature", signature, "X-Webhook-Id", "r1");
    HttpResponse<String> retry =
        http.post(
            "/webhooks/pagerduty", body, "X-PagerDuty-Signature", signature, "X-Webhook-Id", "r1");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
    assertThat(json.readTree(retry.body()).get("duplicate").asBoolean()).isTrue();
    assertThat(json.readTree(retry.body()).get("incidents"))
        .isEqualTo(json.readTree(first.body()).get("incidents"));
  }
}
