package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.incident.IncidentState;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * One Alertmanager delivery whose alerts belong to several incidents: the groups go to Temporal
 * side by side, and when Temporal does not accept one of them in time the answer is 503 naming the
 * incidents that did, the others still get their alerts, and the retry completes the delivery
 * without counting anything twice. The slow network is {@link SlowDescribes} (signal-with-starts of
 * chosen incidents reach the server after the 3 s deadline).
 */
class MultiGroupDeliveryIT extends StarterIT {
  private static final Duration DEADLINE = Duration.ofSeconds(3);

  @Autowired SlowDescribes network;

  /**
   * The context's first delivery warms the path (class loading, serializers; on a loaded machine it
   * may take longer than the deadline, and is retried as Alertmanager would), so that only the
   * chosen incidents are late.
   */
  @BeforeEach
  void warm() {
    int status = 0;
    for (int attempt = 0; attempt < 5 && status != 202; attempt++) {
      status =
          http.post("/webhooks/alertmanager", delivery("fan-warm"), AUTHORIZATION, BEARER)
              .statusCode();
    }
    assertThat(status).isEqualTo(202);
  }

  private static String delivery(String... services) {
    List<String> alerts = new ArrayList<>();
    for (String service : services) {
      alerts.add(
          "{\"status\":\"firing\",\"labels\":{\"alertname\":\"FanOut\",\"service\":\""
              + service
              + "\",\"severity\":\"warning\"},\"annotations\":{\"summary\":\"fan out\"},"
              + "\"startsAt\":\""
              + Http.DAY
              + "T14:00:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\",\"fingerprint\":\"fan-"
              + service
              + "\"}");
    }
    return "{\"version\":\"4\",\"groupKey\":\"fan\",\"status\":\"firing\",\"receiver\":\"ir\","
        + "\"alerts\":["
        + String.join(",", alerts)
        + "]}";
  }

  @Test
  void
      oneIncidentUnreachable_is503NamingTheAccepted_theOthersHaveTheirAlerts_andTheRetryCountsOnce() {
    String slow = incidentId("fan-b", "FanOut");
    String quick = incidentId("fan-a", "FanOut");
    network.slowDownStarts(slow);
    String body = delivery("fan-b", "fan-a"); // the unreachable incident first
    try {
      HttpResponse<String> refused =
          http.post("/webhooks/alertmanager", body, AUTHORIZATION, BEARER);

      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      JsonNode problem = json.readTree(refused.body());
      assertThat(problem.get("notAccepted").asInt()).isEqualTo(1);
      assertThat(problem.get("accepted")).hasSize(1);
      assertThat(problem.get("accepted").get(0).get("incidentId").asString()).isEqualTo(quick);
      assertThat(await(quick, s -> s.alerts.containsKey("fan-fan-a")).alertDeliveries).isEqualTo(1);
      assertThat(exists(slow)).as("its start never reached the server in time").isFalse();
    } finally {
      network.speedUpStarts(slow);
    }

    HttpResponse<String> retried = http.post("/webhooks/alertmanager", body, AUTHORIZATION, BEARER);

    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
    assertThat(json.readTree(retried.body()).get("incidents")).hasSize(2);
    assertThat(await(slow, s -> s.alerts.containsKey("fan-fan-b")).alertDeliveries).isEqualTo(1);
    sleep(500);
    IncidentState again = incident(quick).state();
    assertThat(again.alertDeliveries)
        .as("the retry was dropped by the incident that had it")
        .isEqualTo(1);
  }

  @Test
  void threeIncidentsOfOneDelivery_goToTemporalSideBySide() {
    String slowB = incidentId("fan-d", "FanOut");
    String slowC = incidentId("fan-e", "FanOut");
    network.slowDownStarts(slowB);
    network.slowDownStarts(slowC);
    try {
      long started = System.nanoTime();
      HttpResponse<String> refused =
          http.post(
              "/webhooks/alertmanager", delivery("fan-d", "fan-e", "fan-f"), AUTHORIZATION, BEARER);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(json.readTree(refused.body()).get("notAccepted").asInt()).isEqualTo(2);
      // one after another, the two unreachable incidents alone would take two deadlines
      assertThat(took).isLessThan(DEADLINE.multipliedBy(2).minusMillis(500));
    } finally {
      network.speedUpStarts(slowB);
      network.speedUpStarts(slowC);
    }
  }
}
