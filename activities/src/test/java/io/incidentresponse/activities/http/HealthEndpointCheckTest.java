package io.incidentresponse.activities.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.incidentresponse.activities.mitigation.RecoveryCheck.CheckResult;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.mitigation.VerificationRequest;
import io.temporal.failure.ApplicationFailure;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The health-endpoint recovery check against MockWebServer. */
class HealthEndpointCheckTest {
  private static final VerificationRequest REQUEST =
      new VerificationRequest("inc-1", "checkout", "shop", Map.of());

  private final MockWebServer service = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    service.start();
  }

  @AfterEach
  void stop() {
    service.close();
  }

  private HealthEndpointCheck check(Duration maxLatency) {
    String template = "http://127.0.0.1:" + service.getPort() + "/{namespace}/{service}/health";
    return new HealthEndpointCheck(
        new HealthCheckSettings(template, Map.of(), maxLatency), new OkHttpClient());
  }

  @Test
  void check_given200Fast_passesWithTheLatency() throws Exception {
    service.enqueue(new MockResponse.Builder().code(200).body("{\"status\":\"UP\"}").build());

    List<CheckResult> results = check(Duration.ofSeconds(1)).check(REQUEST);

    assertThat(results).hasSize(1);
    assertThat(results.get(0).name()).isEqualTo("health endpoint");
    assertThat(results.get(0).passed()).isTrue();
    assertThat(results.get(0).detail()).matches("200 in \\d+ ms < 1000 ms");
    assertThat(service.takeRequest().getUrl().encodedPath()).isEqualTo("/shop/checkout/health");
  }

  @Test
  void check_given503_fails() {
    service.enqueue(new MockResponse.Builder().code(503).body("down").build());

    CheckResult result = check(Duration.ofSeconds(1)).check(REQUEST).get(0);

    assertThat(result.passed()).isFalse();
    assertThat(result.detail()).startsWith("503 in ");
    assertThat(result.line()).endsWith(": FAILED");
  }

  @Test
  void check_givenSlowAnswer_failsOnLatency() {
    service.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("ok")
            .headersDelay(600, TimeUnit.MILLISECONDS)
            .build());

    CheckResult result = check(Duration.ofMillis(200)).check(REQUEST).get(0);

    assertThat(result.passed()).isFalse();
    assertThat(result.detail()).matches("200 in \\d+ ms >= 200 ms");
  }

  @Test
  void check_givenClosedPort_isAFailedCheckNotAnError() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    HealthEndpointCheck check =
        new HealthEndpointCheck(
            new HealthCheckSettings(
                null, Map.of("checkout", "http://127.0.0.1:" + closed + "/health"), null),
            new OkHttpClient());

    CheckResult result = check.check(REQUEST).get(0);

    assertThat(result.passed()).isFalse();
    assertThat(result.detail()).startsWith("unreachable: ");
  }

  @Test
  void check_givenPerServiceUrl_winsOverTheTemplate() throws Exception {
    service.enqueue(new MockResponse.Builder().code(204).build());
    HealthEndpointCheck check =
        new HealthEndpointCheck(
            new HealthCheckSettings(
                "http://{service}.{namespace}.invalid/health",
                Map.of("checkout", service.url("/custom/ready").toString()),
                null),
            new OkHttpClient());

    CheckResult result = check.check(REQUEST).get(0);

    assertThat(result.passed()).isTrue();
    assertThat(service.takeRequest().getUrl().encodedPath()).isEqualTo("/custom/ready");
  }

  @Test
  void check_givenNoUrlForTheService_failsAsNotConfigured() {
    HealthEndpointCheck check =
        new HealthEndpointCheck(
            new HealthCheckSettings(null, Map.of("search", "http://search/health"), null),
            new OkHttpClient());

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> check.check(REQUEST));

    assertThat(failure.getType()).isEqualTo(FailureType.NOT_CONFIGURED.type());
    assertThat(failure.isNonRetryable()).isTrue();
  }
}
