package io.incidentresponse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One starter process seen from outside: its webhooks (the Alertmanager one with its bearer token,
 * as the stack's Alertmanager sends it) and its REST API (with {@link E2e#API_KEY}).
 */
final class StarterApi {
  static final String ALERTMANAGER = "/webhooks/alertmanager";
  static final String JSON_TYPE = "application/json";

  private final int port;
  private final String alertmanagerToken;

  StarterApi(int port, String alertmanagerToken) {
    this.port = port;
    this.alertmanagerToken = alertmanagerToken;
  }

  /** An answer and how long it took, from sending the request to the whole body read. */
  record Answer(int status, String contentType, String retryAfter, String body, Duration took) {
    JsonNode json() {
      try {
        return E2e.JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    boolean problem() {
      return contentType != null && contentType.startsWith("application/problem+json");
    }

    @Override
    public String toString() {
      return status
          + " "
          + contentType
          + (retryAfter == null ? "" : " Retry-After " + retryAfter)
          + " in "
          + took.toMillis()
          + " ms: "
          + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }
  }

  int port() {
    return port;
  }

  /** A firing or resolved delivery to the Alertmanager webhook, with its bearer token. */
  Answer alertmanager(String body) throws IOException, InterruptedException {
    return post(ALERTMANAGER, JSON_TYPE, body);
  }

  CompletableFuture<Answer> alertmanagerAsync(String body) {
    long sent = System.nanoTime();
    return E2e.HTTP
        .sendAsync(request(ALERTMANAGER, JSON_TYPE, body), HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> answer(response, sent));
  }

  Answer post(String path, String contentType, String body)
      throws IOException, InterruptedException {
    long sent = System.nanoTime();
    return answer(
        E2e.HTTP.send(request(path, contentType, body), HttpResponse.BodyHandlers.ofString()),
        sent);
  }

  /** A GET's JSON when it answered 200, else null (not there yet, or not reachable). */
  JsonNode get(String path) {
    try {
      HttpResponse<String> response =
          E2e.HTTP.send(
              HttpRequest.newBuilder(URI.create(url(path)))
                  .timeout(Duration.ofSeconds(20))
                  .header("X-API-Key", E2e.API_KEY)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? E2e.JSON.readTree(response.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  JsonNode state(String id) {
    return get("/api/incidents/" + id);
  }

  String phase(String id) {
    JsonNode state = state(id);
    return state == null ? null : state.path("phase").asText();
  }

  JsonNode firstRow(String filter) {
    JsonNode rows = get("/api/incidents?" + filter);
    return rows != null && rows.isArray() && rows.size() > 0 ? rows.get(0) : null;
  }

  boolean healthy() {
    return E2e.health(port);
  }

  private HttpRequest request(String path, String contentType, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url(path)))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (path.startsWith("/webhooks/alertmanager")) {
      request.header("Authorization", "Bearer " + alertmanagerToken);
    } else if (path.startsWith("/api/")) {
      request.header("X-API-Key", E2e.API_KEY);
    }
    return request.build();
  }

  private static Answer answer(HttpResponse<String> response, long sentNanos) {
    return new Answer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(null),
        response.headers().firstValue("Retry-After").orElse(null),
        response.body(),
        Duration.ofNanos(System.nanoTime() - sentNanos));
  }

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }
}
