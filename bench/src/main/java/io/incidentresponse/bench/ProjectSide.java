package io.incidentresponse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Okio;

/**
 * This project as its users meet it: alerts to the starter's Alertmanager webhook (bearer token),
 * the state and the resolve signal through its REST API (an admin API key), and the incidents'
 * histories through the Temporal client.
 *
 * <p>The HTTP caller is meant to cost what a real client (Alertmanager is a Go process elsewhere)
 * costs, since it runs on the cores the system under test runs on and its CPU was counted against
 * the project (issue 18: 6.1 ms per one-alert request with {@code java.net.http}, against 1.7 ms
 * for the raw side's direct SDK call): OkHttp's blocking call on the caller's own thread (no
 * selector thread and hand-offs per request), one keep-alive pool with an idle connection per
 * caller, URLs and headers built once, bodies sent as the bytes they were encoded to.
 */
final class ProjectSide {
  /** The status a delivery that got no answer within the client's timeout is given. */
  static final int TIMED_OUT = 0;

  private static final MediaType JSON = MediaType.get("application/json");
  private static final Duration ANSWER_LIMIT = Duration.ofSeconds(30);
  private static final RequestBody RESOLVE_BODY =
      RequestBody.create("{\"note\":\"bench: recovered\"}".getBytes(StandardCharsets.UTF_8), JSON);

  /**
   * A delivery's answer: the status, the incidents its alerts went to, and the intakes that queued
   * them (empty when every group went to its incident directly).
   */
  record Delivered(int status, List<String> incidentIds, List<String> intakeIds) {
    boolean accepted() {
      return status == 202;
    }
  }

  private final LongAdder connections = new LongAdder();
  private final OkHttpClient http;
  private final HttpUrl webhook;
  private final HttpUrl incidents;
  private final Headers webhookHeaders;
  private final Headers apiHeaders;
  private final WorkflowClient client;

  /** {@code callers}: how many threads call at once, each kept one idle connection. */
  ProjectSide(
      int starterPort, String webhookToken, String apiKey, WorkflowClient client, int callers) {
    this.http =
        new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(Math.max(1, callers), 5, TimeUnit.MINUTES))
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(ANSWER_LIMIT)
            .callTimeout(ANSWER_LIMIT)
            .eventListener(
                new EventListener() {
                  @Override
                  public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
                    connections.increment();
                  }
                })
            .build();
    HttpUrl base = HttpUrl.get("http://127.0.0.1:" + starterPort + "/");
    this.webhook = base.newBuilder().addPathSegments("webhooks/alertmanager").build();
    this.incidents = base.newBuilder().addPathSegments("api/incidents").build();
    this.webhookHeaders = Headers.of("Authorization", "Bearer " + webhookToken);
    this.apiHeaders = Headers.of("X-API-Key", apiKey);
    this.client = client;
  }

  /** TCP connections the HTTP caller has opened so far: a kept-alive pool opens about one each. */
  long connectionsOpened() {
    return connections.sum();
  }

  /** As {@link #deliver(byte[])} of {@code body} in UTF-8. */
  Delivered deliver(String body) throws IOException {
    return deliver(body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * POSTs {@code body} (JSON) to the Alertmanager webhook. A 4xx means the harness sent something
   * wrong (body, credentials) and fails the run; a 5xx is the product's answer under load and is
   * returned for the caller to count.
   */
  Delivered deliver(byte[] body) throws IOException {
    Request request =
        new Request.Builder()
            .url(webhook)
            .headers(webhookHeaders)
            .post(RequestBody.create(body, JSON))
            .build();
    try (Response answer = http.newCall(request).execute()) {
      int status = answer.code();
      if (status >= 400 && status < 500) {
        throw new IllegalStateException(
            "the starter refused a delivery: " + status + " " + answer.body().string());
      }
      List<String> ids = new ArrayList<>();
      Set<String> intakes = new LinkedHashSet<>();
      if (status == 202) {
        for (JsonNode incident :
            Alerts.JSON.readTree(answer.body().byteStream()).path("incidents")) {
          ids.add(incident.path("incidentId").asText());
          if (incident.hasNonNull("intakeId")) {
            intakes.add(incident.path("intakeId").asText());
          }
        }
      } else {
        discard(answer);
      }
      return new Delivered(status, ids, List.copyOf(intakes));
    } catch (InterruptedIOException e) {
      // no answer within 30 s: the product's answer under load, as a 5xx is
      return new Delivered(TIMED_OUT, List.of(), List.of());
    }
  }

  /** What a state GET asks for: the whole state, or the summary a dashboard polls. */
  enum View {
    FULL(null),
    SUMMARY("summary");

    private final String name;

    View(String name) {
      this.name = name;
    }
  }

  /**
   * GET /api/incidents/{id}, of {@code view} (the state or summary query through the starter); the
   * status it answered, 0 when nothing came back in time. A busy worker answers 504 after the
   * starter's 4 s: that is a measurement (the sample counts, with its time), not a broken harness.
   */
  int state(String id, View view) {
    HttpUrl.Builder url = incidents.newBuilder().addPathSegment(id);
    if (view.name != null) {
      url.addQueryParameter("view", view.name);
    }
    Request request = new Request.Builder().url(url.build()).headers(apiHeaders).get().build();
    try (Response answer = http.newCall(request).execute()) {
      // read to the end: an answer left unread would cost the connection its keep-alive
      discard(answer);
      return answer.code();
    } catch (IOException noAnswer) {
      return 0;
    }
  }

  /** The commander's resolve through the REST API; fails unless accepted. */
  void resolve(String id) throws IOException {
    Request request =
        new Request.Builder()
            .url(
                incidents
                    .newBuilder()
                    .addPathSegment(id)
                    .addPathSegments("signals/resolve")
                    .build())
            .headers(apiHeaders)
            .post(RESOLVE_BODY)
            .build();
    try (Response answer = http.newCall(request).execute()) {
      if (answer.code() != 202) {
        throw new IllegalStateException(
            "resolve of " + id + " answered " + answer.code() + " " + answer.body().string());
      }
      discard(answer);
    }
  }

  /** Waits until the incident's workflow has completed (it ends when the incident closes). */
  void awaitClosed(String id, Duration timeout) throws Exception {
    client
        .newUntypedWorkflowStub(id)
        .getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, Object.class);
  }

  private static void discard(Response answer) throws IOException {
    answer.body().source().readAll(Okio.blackhole());
  }
}
