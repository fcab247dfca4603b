package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.incident.IncidentState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An alert storm: 5,000 firing alerts in 50 concurrent Alertmanager deliveries across 3 services
 * make exactly 3 incidents holding every alert. The throughput is printed, not asserted. A delivery
 * answered 503 (Temporal did not answer the starter in time, on a loaded machine) is sent again as
 * Alertmanager does; the alerts it carried are still counted once.
 */
class AlertStormIT extends StarterIT {
  private static final String[] SERVICES = {"storm-cart", "storm-search", "storm-auth"};
  private static final int REQUESTS = 50;
  private static final int ALERTS_PER_REQUEST = 100;

  private static String delivery(int request) {
    StringBuilder alerts = new StringBuilder();
    for (int i = 0; i < ALERTS_PER_REQUEST; i++) {
      int n = request * ALERTS_PER_REQUEST + i;
      String service = SERVICES[n % SERVICES.length];
      alerts
          .append(i == 0 ? "" : ",")
          .append("{\"status\":\"firing\",\"labels\":{\"alertname\":\"PodCrashLooping\",")
          .append("\"service\":\"")
          .append(service)
          .append("\",\"severity\":\"critical\",\"pod\":\"")
          .append(service)
          .append("-")
          .append(n)
          .append("\"},\"annotations\":{\"summary\":\"pod crash looping\"},")
          .append(
              "\"startsAt\":\"" + Http.DAY + "T14:00:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\",")
          .append("\"generatorURL\":\"http://prometheus/graph\",\"fingerprint\":\"storm-")
          .append(n)
          .append("\"}");
    }
    return "{\"version\":\"4\",\"groupKey\":\"storm\",\"status\":\"firing\",\"receiver\":\"ir\","
        + "\"alerts\":["
        + alerts
        + "]}";
  }

  @Test
  void stormOf5000AlertsIn50ConcurrentRequests_makesExactly3IncidentsHoldingEveryAlert() {
    HttpClient httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long started = System.nanoTime();
    List<HttpRequest> requests = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int r = 0; r < REQUESTS; r++) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/alertmanager"))
              .timeout(Duration.ofSeconds(120))
              .header("Content-Type", "application/json")
              .header(AUTHORIZATION, BEARER)
              .POST(HttpRequest.BodyPublishers.ofString(delivery(r)))
              .build();
      requests.add(request);
      responses.add(httpClient.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    Set<String> runs = new HashSet<>();
    for (int r = 0; r < REQUESTS; r++) {
      HttpResponse<String> first = responses.get(r).join();
      HttpRequest request = requests.get(r);
      HttpResponse<String> response =
          first.statusCode() != 503
              ? first
              : retriedWhileUnavailable(
                  () -> httpClient.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      for (JsonNode delivery : json.readTree(response.body()).get("incidents")) {
        runs.add(delivery.get("incidentId").asString() + "/" + delivery.get("runId").asString());
      }
    }
    double accepted = (System.nanoTime() - started) / 1e9;

    assertThat(runs).as("one run per service, never two").hasSize(3);
    int total = 0;
    int alerts = REQUESTS * ALERTS_PER_REQUEST;
    for (int k = 0; k < SERVICES.length; k++) {
      // alert n goes to service n % 3
      int expected = (alerts - k + SERVICES.length - 1) / SERVICES.length;
      IncidentState state =
          await(incidentId(SERVICES[k], "PodCrashLooping"), s -> s.alerts.size() == expected);
      assertThat(state.alertDeliveries).isEqualTo(expected);
      total += state.alerts.size();
    }
    assertThat(total).isEqualTo(REQUESTS * ALERTS_PER_REQUEST);
    double joined = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "alert storm: %d alerts in %d concurrent requests accepted in %.2f s (%.0f alerts/s),"
            + " all attached after %.2f s%n",
        REQUESTS * ALERTS_PER_REQUEST,
        REQUESTS,
        accepted,
        REQUESTS * ALERTS_PER_REQUEST / accepted,
        joined);
  }
}
