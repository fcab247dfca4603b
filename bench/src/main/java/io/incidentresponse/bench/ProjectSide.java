package io.incidentresponse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * This project as its users meet it: alerts to the starter's Alertmanager webhook (bearer token),
 * the state and the resolve signal through its REST API (an admin API key), and the incidents'
 * histories through the Temporal client.
 */
final class ProjectSide {
  /** The status a delivery that got no answer within the client's timeout is given. */
  static final int TIMED_OUT = 0;

  /**
   * A delivery's answer: the status, the incidents its alerts went to, and the intakes that queued
   * them (empty when every group went to its incident directly).
   */
  record Delivered(int status, List<String> incidentIds, List<String> intakeIds) {
    boolean accepted() {
      return status == 202;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String webhookToken;
  private final String apiKey;
  private final WorkflowClient client;

  ProjectSide(int starterPort, String webhookToken, String apiKey, WorkflowClient client) {
    this.base = "http://127.0.0.1:" + starterPort;
    this.webhookToken = webhookToken;
    this.apiKey = apiKey;
    this.client = client;
  }

  /**
   * POSTs {@code body} to the Alertmanager webhook. A 4xx means the harness sent something wrong
   * (body, credentials) and fails the run; a 5xx is the product's answer under load and is returned
   * for the caller to count.
   */
  Delivered deliver(String body) throws IOException, InterruptedException {
    HttpResponse<String> answer;
    try {
      answer =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/webhooks/alertmanager"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + webhookToken)
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      // no answer within 30 s: the product's answer under load, as a 5xx is
      return new Delivered(TIMED_OUT, List.of(), List.of());
    }
    if (answer.statusCode() >= 400 && answer.statusCode() < 500) {
      throw new IllegalStateException(
          "the starter refused a delivery: " + answer.statusCode() + " " + answer.body());
    }
    List<String> ids = new ArrayList<>();
    Set<String> intakes = new LinkedHashSet<>();
    if (answer.statusCode() == 202) {
      for (JsonNode incident : Alerts.JSON.readTree(answer.body()).path("incidents")) {
        ids.add(incident.path("incidentId").asText());
        if (incident.hasNonNull("intakeId")) {
          intakes.add(incident.path("intakeId").asText());
        }
      }
    }
    return new Delivered(answer.statusCode(), ids, List.copyOf(intakes));
  }

  /** What a state GET asks for: the whole state, or the summary a dashboard polls. */
  enum View {
    FULL(""),
    SUMMARY("?view=summary");

    private final String query;

    View(String query) {
      this.query = query;
    }
  }

  /**
   * GET /api/incidents/{id}, of {@code view} (the state or summary query through the starter); the
   * status it answered, 0 when nothing came back in time. A busy worker answers 504 after the
   * starter's 4 s: that is a measurement (the sample counts, with its time), not a broken harness.
   */
  int state(String id, View view) throws InterruptedException {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/incidents/" + id + view.query))
                  .timeout(Duration.ofSeconds(30))
                  .header("X-API-Key", apiKey)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException noAnswer) {
      return 0;
    }
  }

  /** The commander's resolve through the REST API; fails unless accepted. */
  void resolve(String id) throws IOException, InterruptedException {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/incidents/" + id + "/signals/resolve"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"bench: recovered\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 202) {
      throw new IllegalStateException(
          "resolve of " + id + " answered " + answer.statusCode() + " " + answer.body());
    }
  }

  /** Waits until the incident's workflow has completed (it ends when the incident closes). */
  void awaitClosed(String id, Duration timeout) throws Exception {
    client
        .newUntypedWorkflowStub(id)
        .getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, Object.class);
  }
}
