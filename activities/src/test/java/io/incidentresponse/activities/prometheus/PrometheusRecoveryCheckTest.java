package io.incidentresponse.activities.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentresponse.activities.mitigation.RecoveryCheck.CheckResult;
import io.incidentresponse.workflows.mitigation.VerificationRequest;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Recovery verification against a Prometheus stood up by MockWebServer. */
class PrometheusRecoveryCheckTest {
  private static final VerificationRequest REQUEST =
      new VerificationRequest("inc-42", "checkout", "shop", Map.of());

  private final MockWebServer server = new MockWebServer();
  private PrometheusSettings settings;
  private PrometheusFixture prometheus;

  @BeforeEach
  void start() throws Exception {
    server.start();
    settings = PrometheusSettings.of(server.url("/").toString(), "t0ken");
    prometheus = new PrometheusFixture(settings, "checkout", "shop");
    server.setDispatcher(prometheus);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private List<CheckResult> check() {
    return new PrometheusRecoveryCheck(settings, new OkHttpClient()).check(REQUEST);
  }

  @Test
  void recovered_passesEveryCheck_atPrometheusOwnNow() {
    prometheus.all("healthy", "now", "now");

    List<CheckResult> results = check();

    assertThat(results)
        .containsExactly(
            CheckResult.pass("up", "1 = 1"),
            CheckResult.pass("error ratio", "0.2% < 5%"),
            CheckResult.pass("p95", "180 ms < 1 s"));
    assertThat(prometheus.requests)
        .hasSize(3)
        .allSatisfy(
            r -> {
              assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/query");
              assertThat(r.getUrl().queryParameter("time")).isNull();
              assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer t0ken");
            });
  }

  @Test
  void stillBroken_failsWithTheValuesAgainstTheThresholds() {
    prometheus.all("incident", "now", "now").answer("up@now", "up-partial.json");

    List<CheckResult> results = check();

    assertThat(results)
        .containsExactly(
            CheckResult.fail("up", "0.667 < 1"),
            CheckResult.fail("error ratio", "12.4% >= 5%"),
            CheckResult.fail("p95", "2.31 s >= 1 s"));
    assertThat(results.get(1).line()).isEqualTo("error ratio 12.4% >= 5%: FAILED");
  }

  @Test
  void noData_failsUpAsUnseenButPassesErrorRatioAndLatencyAsNoTraffic() {
    prometheus
        .answer("up@now", "empty-vector.json")
        .answer("errorRatio@now", "empty-vector.json")
        .answer("latencyP95@now", "nan-vector.json");

    assertThat(check())
        .containsExactly(
            CheckResult.unseen("up", "no data"),
            CheckResult.pass("error ratio", "no data: no 5xx or no traffic"),
            CheckResult.pass("p95", "no data: no traffic"));
    // recovery is not shown by a target nobody scrapes
    assertThat(check().get(0).passed()).isFalse();
  }

  @Test
  void prometheusDown_throwsTheTypedFailure() {
    prometheus.answer("up@now", 503, "timeout-503.json");

    assertThatThrownBy(this::check)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo("UNAVAILABLE");
              assertThat(f.isNonRetryable()).isFalse();
            });
  }

  @Test
  void prometheusUnreachable_throwsRetryableUnavailable() {
    server.close();

    assertThatThrownBy(this::check)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo("UNAVAILABLE");
              assertThat(f.getOriginalMessage()).contains("unreachable");
            });
  }
}
