package io.incidentresponse.activities.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ERROR_LOGS probe against a Loki {@code query_range} stood up by MockWebServer. */
class LokiLogsTest {
  private static final String TOKEN = "glc_eyJvIjoiMTIzNDU2IiwibiI6ImluY2lkZW50LXJlYWRlciJ9";
  private static final Instant FROM = Instant.parse("2025-03-14T13:15:00Z");
  private static final Instant TO = Instant.parse("2025-03-14T14:15:00Z");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-03-14T14:15:05Z"), ZoneOffset.UTC);
  private static final DiagnosisRequest REQUEST =
      new DiagnosisRequest("INC-42", "checkout", "shop", Map.of(), FROM, TO);
  private static final String PAYMENT_FAILED =
      "ERROR <n> --- [checkout] [nio-<n>-exec-<n>] c.e.shop.checkout.PaymentClient : Payment call"
          + " failed for order <n>: Connection refused: payments.shop.svc/<n>:<n>";

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private LokiSettings settings(String token, Integer limit, Duration timeout) {
    return new LokiSettings(
        server.url("/").toString(),
        "team-shop",
        token,
        null,
        null,
        null,
        null,
        null,
        limit,
        timeout,
        null,
        null);
  }

  private LokiSettings withToken() {
    return settings(TOKEN, null, null);
  }

  private Finding search(LokiSettings settings) {
    return new LokiLogs(settings, new OkHttpClient(), CLOCK).searchLogs(REQUEST);
  }

  private void answer(int code, String body) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json; charset=UTF-8")
            .body(body)
            .build());
  }

  static String resource(String name) {
    try (InputStream in = LokiLogsTest.class.getResourceAsStream("/loki/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Consumer<ApplicationFailure> failure(
      FailureType type, boolean nonRetryable, String... fragments) {
    return f -> {
      assertThat(f.getType()).isEqualTo(type.type());
      assertThat(f.isNonRetryable()).isEqualTo(nonRetryable);
      assertThat(f.getOriginalMessage()).contains(fragments).doesNotContain(TOKEN);
    };
  }

  @Test
  void errorLinesOfSeveralStreams_areGroupedWithCountsPodsAndNewestSamples() {
    answer(200, resource("query-range-errors.json"));

    Finding finding = search(withToken());

    assertThat(finding.probe()).isEqualTo(DiagnosisProbe.ERROR_LOGS);
    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.facts())
        .containsExactly(
            Map.entry(FindingFacts.LOG_ERRORS, "7"),
            Map.entry(FindingFacts.LOG_TOP_MESSAGE, PAYMENT_FAILED));
    assertThat(finding.summary())
        .startsWith(
            "7 error lines for checkout in the window (Loki); most frequent: ERROR <n> ---");
    List<String> evidence = finding.evidence();
    assertThat(evidence.get(0))
        .isEqualTo("7 error lines for checkout between 13:15:00 UTC and 14:15:00 UTC");
    assertThat(evidence.get(1))
        .isEqualTo(
            "4 × " + PAYMENT_FAILED + " (checkout-7d9f5c6b8-q8w2n, checkout-7d9f5c6b8-x2k4p)");
    assertThat(evidence.get(2)).startsWith("1 × ERROR <n> --- [checkout] [nio-<n>-exec-<n>] o.a.c");
    assertThat(evidence.get(3))
        .isEqualTo(
            "1 × ERROR <n> --- [checkout] [ main] o.s.boot.SpringApplication : Application run"
                + " failed (checkout-7d9f5c6b8-x2k4p)");
    // A JSON line is grouped on its level, message and error; its INFO neighbour is no error.
    assertThat(evidence.get(4))
        .isEqualTo(
            "1 × [ERROR] Order <n> failed: java.net.ConnectException: Connection refused"
                + " (checkout-7d9f5c6b8-h3j6k)");
    assertThat(evidence.subList(5, 10))
        .satisfiesExactly(
            e -> assertThat(e).startsWith("14:13:07 UTC checkout-7d9f5c6b8-x2k4p 2025-03-14T14"),
            e -> assertThat(e).startsWith("14:13:06 UTC checkout-7d9f5c6b8-q8w2n "),
            e -> assertThat(e).startsWith("14:13:05 UTC checkout-7d9f5c6b8-q8w2n "),
            e -> assertThat(e).startsWith("14:13:04 UTC checkout-7d9f5c6b8-q8w2n "),
            e -> assertThat(e).startsWith("14:13:02 UTC checkout-7d9f5c6b8-q8w2n "));
    assertThat(evidence).hasSize(10);
    assertThat(finding.observedAt()).isEqualTo(CLOCK.instant());
  }

  @Test
  void query_isOneGetWithLogQlNanosecondWindowLimitDirectionTenantAndToken() throws Exception {
    answer(200, resource("query-range-empty.json"));

    search(withToken());

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/loki/api/v1/query_range");
    assertThat(request.getUrl().queryParameter("query"))
        .isEqualTo(
            "{namespace=\"shop\", app=\"checkout\"} |~ \"(?i)(error|exception|fatal|panic)\"");
    assertThat(request.getUrl().queryParameter("start")).isEqualTo("1741958100000000000");
    assertThat(request.getUrl().queryParameter("end")).isEqualTo("1741961700000000000");
    assertThat(request.getUrl().queryParameter("limit")).isEqualTo("2000");
    assertThat(request.getUrl().queryParameter("direction")).isEqualTo("backward");
    assertThat(request.getHeaders().get("X-Scope-OrgID")).isEqualTo("team-shop");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void aServiceNameWithAQuote_cannotEndTheLogQlString() throws Exception {
    answer(200, resource("query-range-empty.json"));

    new LokiLogs(withToken(), new OkHttpClient(), CLOCK)
        .searchLogs(new DiagnosisRequest("INC-42", "x\"} or {app=~\".+", null, Map.of(), FROM, TO));

    assertThat(server.takeRequest().getUrl().queryParameter("query"))
        .startsWith("{namespace=\"default\", app=\"x\\\"} or {app=~\\\".+\"} |~ ");
  }

  @Test
  void basicAuthPasswordFromAFile_isReadAtQueryTime(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("loki-password");
    Files.writeString(file, "s3cr3t-from-file\n");
    LokiSettings settings =
        new LokiSettings(
            server.url("/").toString(),
            null,
            null,
            null,
            "123456",
            null,
            file.toString(),
            null,
            null,
            null,
            null,
            null);
    answer(200, resource("query-range-empty.json"));

    search(settings);

    RecordedRequest request = server.takeRequest();
    assertThat(request.getHeaders().get("Authorization"))
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("123456:s3cr3t-from-file".getBytes(StandardCharsets.UTF_8)));
    assertThat(request.getHeaders().get("X-Scope-OrgID")).isNull();
    assertThat(settings.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void anEmptyResult_isHealthyWithZeroErrors() {
    answer(200, resource("query-range-empty.json"));

    Finding finding = search(withToken());

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.summary())
        .isEqualTo("no error lines for checkout in Loki between 13:15:00 UTC and 14:15:00 UTC");
    assertThat(finding.facts()).containsExactly(Map.entry(FindingFacts.LOG_ERRORS, "0"));
  }

  @Test
  void reachingTheLimit_saysAtLeastAndWhichSettingBoundsIt() {
    answer(200, resource("query-range-errors.json"));

    Finding finding = search(settings(TOKEN, 8, null));

    assertThat(finding.summary()).startsWith("at least 7 error lines for checkout");
    assertThat(finding.evidence().get(0))
        .isEqualTo(
            "at least 7 error lines for checkout between 13:15:00 UTC and 14:15:00 UTC (the newest"
                + " 8 lines read: incident.loki.limit; older ones not counted)");
  }

  @Test
  void badLogQl_isNonRetryableBadRequestQuotingLokisReason() {
    answer(400, "parse error at line 1, col 34: syntax error: unexpected IDENTIFIER\n");

    assertThatThrownBy(() -> search(withToken()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure(
                FailureType.BAD_REQUEST,
                true,
                "Loki query_range answered 400: parse error at line 1, col 34: syntax error:"
                    + " unexpected IDENTIFIER"));
  }

  @Test
  void aMetricQuery_isNonRetryableBadRequestNamingTheSetting() {
    answer(200, resource("query-range-matrix.json"));

    assertThatThrownBy(() -> search(withToken()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure(FailureType.BAD_REQUEST, true, "matrix", "incident.loki.query"));
  }

  @Test
  void wrongToken_isNonRetryableInvalidCredentialsWithoutTheToken() {
    answer(401, "no org id\n");

    assertThatThrownBy(() -> search(withToken()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure(FailureType.INVALID_CREDENTIALS, true, "Loki query_range answered 401"));
  }

  @Test
  void forbidden_isNonRetryableInvalidCredentials() {
    answer(403, "{\"status\":\"error\",\"error\":\"access denied to tenant team-shop\"}");

    assertThatThrownBy(() -> search(withToken()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure(FailureType.INVALID_CREDENTIALS, true, "access denied to tenant team-shop"));
  }

  @Test
  void tooManyRequests_isRetriedAfterLokisDelay() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "7")
            .body("too many outstanding requests\n")
            .build());

    assertThatThrownBy(() -> search(withToken()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              failure(FailureType.RATE_LIMITED, false, "too many outstanding requests").accept(f);
              assertThat(f.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(7));
            });
  }

  @Test
  void aServerError_isRetryableUnavailable() {
    answer(503, "upstream connect error or disconnect/reset before headers\n");

    assertThatThrownBy(() -> search(withToken()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure(FailureType.UNAVAILABLE, false, "Loki query_range answered 503"));
  }

  @Test
  void aSlowLoki_timesOutAtTheConfiguredTimeoutAsRetryableUnavailable() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(resource("query-range-empty.json"))
            .headersDelay(3, java.util.concurrent.TimeUnit.SECONDS)
            .build());

    long start = System.nanoTime();
    assertThatThrownBy(() -> search(settings(TOKEN, null, Duration.ofMillis(300))))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure(FailureType.UNAVAILABLE, false, "Loki query_range timed out"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aTenThousandCharacterLine_isCutInEvidenceAndFacts() {
    String huge = "FATAL " + "y".repeat(10_000);
    answer(
        200,
        """
        {"status":"success","data":{"resultType":"streams","result":[
          {"stream":{"app":"checkout","namespace":"shop","pod":"checkout-1"},
           "values":[["1741961587013877120","%s"]]}],"stats":{}}}
        """
            .formatted(huge));

    Finding finding = search(withToken());

    assertThat(finding.facts().get(FindingFacts.LOG_TOP_MESSAGE))
        .hasSize(ErrorLineGroups.MAX_MESSAGE + 1);
    assertThat(finding.evidence()).allMatch(e -> e.length() < 300);
    assertThat(finding.summary().length()).isLessThan(200);
  }

  @Test
  void settings_refuseAQueryWithoutTheServiceAndNeverPrintTheToken() {
    assertThatThrownBy(
            () ->
                new LokiSettings(
                    "http://loki:3100",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    "{app=\"x\"}",
                    null,
                    null,
                    null,
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("incident.loki.query must contain {service}");
    assertThatThrownBy(
            () ->
                new LokiSettings(
                    "http://loki:3100",
                    null,
                    null,
                    "/nonexistent/token",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("incident.loki.bearer-token-file");
    assertThat(withToken().toString()).contains("bearerToken=(set)").doesNotContain(TOKEN);
  }
}
