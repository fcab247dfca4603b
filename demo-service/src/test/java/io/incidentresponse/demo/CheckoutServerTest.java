package io.incidentresponse.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.incidentresponse.activities.http.CircuitBreakerMitigator;
import io.incidentresponse.activities.http.CircuitBreakerSettings;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The demo service over real HTTP, started on a free port. */
class CheckoutServerTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private CheckoutServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void start(DemoSettings settings) throws Exception {
    server = CheckoutServer.start(settings, RandomGenerator.of("L64X128MixRandom"));
  }

  private HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, null, null);
  }

  private List<Integer> checkouts(int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i -> {
              try {
                return get("/checkout").statusCode();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  @Test
  void metrics_countCheckoutsByStatusWithADurationHistogram_inPrometheusTextFormat()
      throws Exception {
    start(DemoSettings.forTest(0));
    checkouts(3);
    send("POST", "/admin/failure-rate", "{\"rate\":1}", null);
    checkouts(2);
    get("/health");

    HttpResponse<String> metrics = get("/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    assertThat(metrics.body().lines())
        .contains(
            "# TYPE http_requests_total counter",
            "http_requests_total{status=\"200\"} 3.0",
            "http_requests_total{status=\"500\"} 2.0",
            "# TYPE http_request_duration_seconds histogram",
            "http_request_duration_seconds_bucket{le=\"0.005\"} 5",
            "http_request_duration_seconds_bucket{le=\"+Inf\"} 5",
            "http_request_duration_seconds_count 5");
    // health checks and scrapes are not checkouts: they never dilute the error ratio
    assertThat(metrics.body()).doesNotContain("status=\"404\"");
  }

  @Test
  void metrics_beforeAnyRequest_showBothStatusSeriesAtZero() throws Exception {
    start(DemoSettings.forTest(0));

    assertThat(get("/metrics").body().lines())
        .contains(
            "http_requests_total{status=\"200\"} 0.0", "http_requests_total{status=\"500\"} 0.0");
  }

  @Test
  void failureRate_changedAtRunTime_byJsonBodyOrQuery_changesTheAnswers() throws Exception {
    start(DemoSettings.forTest(0));
    assertThat(checkouts(5)).containsOnly(200);

    HttpResponse<String> raised = send("POST", "/admin/failure-rate", "{\"rate\": 1.0}", null);
    assertThat(raised.statusCode()).isEqualTo(200);
    assertThat(raised.body()).contains("\"rate\":1.0");
    assertThat(checkouts(5)).containsOnly(500);

    assertThat(send("POST", "/admin/failure-rate?rate=0", null, null).statusCode()).isEqualTo(200);
    assertThat(checkouts(5)).containsOnly(200);
    assertThat(get("/admin/failure-rate").body()).contains("\"rate\":0.0");
  }

  @Test
  void failureRate_outOfRangeOrMissing_isA400AndLeavesTheRate() throws Exception {
    start(DemoSettings.forTest(0.25));

    assertThat(send("POST", "/admin/failure-rate", "{\"rate\":1.5}", null).statusCode())
        .isEqualTo(400);
    assertThat(send("POST", "/admin/failure-rate", "{\"other\":1}", null).statusCode())
        .isEqualTo(400);
    assertThat(send("POST", "/admin/failure-rate?rate=abc", null, null).statusCode())
        .isEqualTo(400);
    assertThat(server.failureRate()).isEqualTo(0.25);
  }

  @Test
  void circuitBreaker_getAndPut_answerTheStateShape_andAnOpenBreakerDegradesInsteadOfFailing()
      throws Exception {
    start(DemoSettings.forTest(1));
    assertThat(checkouts(3)).containsOnly(500);

    assertThat(get("/admin/circuit-breakers/payments").body()).contains("{\"state\":\"closed\"}");
    HttpResponse<String> put =
        send("PUT", "/admin/circuit-breakers/payments", "{\"state\":\"open\"}", null);
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(put.body()).contains("{\"state\":\"open\"}");
    assertThat(get("/admin/circuit-breakers/payments").body()).contains("{\"state\":\"open\"}");

    HttpResponse<String> degraded = get("/checkout");
    assertThat(degraded.statusCode()).isEqualTo(200);
    assertThat(degraded.body()).contains("\"degraded\":true");
    assertThat(get("/admin/circuit-breakers").body()).contains("\"payments\":{\"state\":\"open\"}");
  }

  @Test
  void circuitBreaker_unknownNameIs404_andAnotherStateIs400() throws Exception {
    start(DemoSettings.forTest(0));

    assertThat(get("/admin/circuit-breakers/inventory").statusCode()).isEqualTo(404);
    assertThat(
            send("PUT", "/admin/circuit-breakers/inventory", "{\"state\":\"open\"}", null)
                .statusCode())
        .isEqualTo(404);
    assertThat(
            send("PUT", "/admin/circuit-breakers/payments", "{\"state\":\"half\"}", null)
                .statusCode())
        .isEqualTo(400);
    assertThat(get("/admin/circuit-breakers/payments").body()).contains("\"closed\"");
  }

  @Test
  void circuitBreakerMitigator_ofTheProject_opensTheBreakerOnce_thenFindsItAlreadyOpen()
      throws Exception {
    start(
        new DemoSettings(
            0, 1, 0, Duration.ZERO, Duration.ZERO, List.of("payments"), "admin-secret"));
    CircuitBreakerMitigator mitigator =
        new CircuitBreakerMitigator(
            new CircuitBreakerSettings(
                "http://127.0.0.1:" + server.port() + "/admin/circuit-breakers/{breaker}",
                "admin-secret"),
            new OkHttpClient());
    MitigationRequest request =
        new MitigationRequest(
            "incident-checkout-1",
            "circuit-breaker-1",
            new ActionProposal(
                ActionType.CIRCUIT_BREAKER,
                "shop",
                "payments",
                Map.of(CircuitBreakerMitigator.SERVICE, "checkout"),
                null,
                "payments failing"),
            "alice",
            false,
            0);

    MitigationResult first = mitigator.run(request);
    MitigationResult again = mitigator.run(request);

    assertThat(first.before()).containsEntry("state", "closed");
    assertThat(first.after()).containsEntry("state", "open");
    assertThat(again.summary()).contains("already open");
    assertThat(get("/checkout").statusCode()).isEqualTo(200);
  }

  @Test
  void circuitBreakerMitigator_withAWrongToken_isRefusedAsInvalidCredentials() throws Exception {
    start(
        new DemoSettings(
            0, 0, 0, Duration.ZERO, Duration.ZERO, List.of("payments"), "admin-secret"));
    CircuitBreakerMitigator mitigator =
        new CircuitBreakerMitigator(
            new CircuitBreakerSettings(
                "http://127.0.0.1:" + server.port() + "/admin/circuit-breakers/{breaker}", "wrong"),
            new OkHttpClient());

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                mitigator.run(
                    new MitigationRequest(
                        "incident-checkout-1",
                        "circuit-breaker-1",
                        new ActionProposal(
                            ActionType.CIRCUIT_BREAKER,
                            "shop",
                            "payments",
                            Map.of(CircuitBreakerMitigator.SERVICE, "checkout"),
                            null,
                            "payments failing"),
                        "alice",
                        false,
                        0)));

    assertThat(failure.getType()).isEqualTo(FailureType.INVALID_CREDENTIALS.type());
    assertThat(send("GET", "/admin/circuit-breakers/payments", null, "admin-secret").body())
        .contains("\"closed\"");
  }

  @Test
  void adminEndpoints_withATokenSet_refuseMissingOrWrongBearer() throws Exception {
    start(new DemoSettings(0, 0, 0, Duration.ZERO, Duration.ZERO, null, "admin-secret"));

    assertThat(send("POST", "/admin/failure-rate?rate=1", null, null).statusCode()).isEqualTo(401);
    assertThat(send("POST", "/admin/failure-rate?rate=1", null, "nope").statusCode())
        .isEqualTo(401);
    assertThat(server.failureRate()).isZero();
    assertThat(send("POST", "/admin/failure-rate?rate=1", null, "admin-secret").statusCode())
        .isEqualTo(200);
    assertThat(server.failureRate()).isEqualTo(1.0);
    // the service's own endpoints stay open
    assertThat(get("/health").statusCode()).isEqualTo(200);
    assertThat(get("/metrics").statusCode()).isEqualTo(200);
  }
}
