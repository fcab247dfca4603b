package io.incidentresponse.activities.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SERVICE_METRICS probe against a Prometheus HTTP API stood up by MockWebServer. */
class PrometheusProbeTest {
  private static final String TOKEN = "prom-secret-token";
  private static final Instant FROM = Instant.parse("2025-11-26T13:00:00Z");
  private static final Instant TO = Instant.parse("2025-11-26T14:00:00Z");
  private static final String NOW = "1764165600";
  private static final String HOUR_AGO = "1764162000";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-11-26T14:00:05Z"), ZoneOffset.UTC);
  private static final DiagnosisRequest REQUEST =
      new DiagnosisRequest("inc-42", "checkout", "shop", Map.of("job", "checkout"), FROM, TO);

  private final MockWebServer server = new MockWebServer();
  private PrometheusSettings settings;
  private PrometheusFixture prometheus;

  @BeforeEach
  void start() throws Exception {
    server.start();
    use(PrometheusSettings.of(server.url("/").toString(), TOKEN));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void use(PrometheusSettings settings) {
    this.settings = settings;
    prometheus = new PrometheusFixture(settings, "checkout", "shop");
    server.setDispatcher(prometheus);
  }

  private Finding probe() {
    return probe(new OkHttpClient());
  }

  private Finding probe(OkHttpClient client) {
    return new PrometheusProbe(settings, client, CLOCK).queryMetrics(REQUEST);
  }

  /** The {@code time} of each instant query of {@code promql} among {@code requests}. */
  private static List<String> instantTimes(List<RecordedRequest> requests, String promql) {
    return requests.stream()
        .map(RecordedRequest::getUrl)
        .filter(url -> url.encodedPath().endsWith("/api/v1/query"))
        .filter(url -> promql.equals(url.queryParameter("query")))
        .map(url -> url.queryParameter("time"))
        .toList();
  }

  /** The one range query among {@code requests}. */
  private static HttpUrl rangeQuery(List<RecordedRequest> requests) {
    List<HttpUrl> ranges =
        requests.stream()
            .map(RecordedRequest::getUrl)
            .filter(url -> url.encodedPath().endsWith("/api/v1/query_range"))
            .toList();
    assertThat(ranges).hasSize(1);
    return ranges.get(0);
  }

  private void incidentAnswers() {
    prometheus
        .all("incident", NOW, "now")
        .all("incident", HOUR_AGO, "hour-ago")
        .answer("errorRatio@range", "incident/error-ratio-range.json");
  }

  private static Consumer<ApplicationFailure> failure(String type, boolean nonRetryable) {
    return f -> {
      assertThat(f.getType()).isEqualTo(type);
      assertThat(f.isNonRetryable()).isEqualTo(nonRetryable);
      assertThat(f.getOriginalMessage()).doesNotContain(TOKEN);
    };
  }

  @Test
  void incident_isAnAnomalyWithValuesAgainstAnHourEarlierAndWhenErrorsRose() {
    incidentAnswers();

    Finding finding = probe();

    assertThat(finding.probe()).isEqualTo(DiagnosisProbe.SERVICE_METRICS);
    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.summary())
        .isEqualTo("checkout: error ratio 12.4% > 5% since 13:42 UTC; p95 latency 2.31 s > 1 s");
    assertThat(finding.evidence())
        .containsExactly(
            "up 1 (an hour earlier 1)",
            "request rate 85.3 req/s (an hour earlier 121 req/s)",
            "error ratio 12.4% (an hour earlier 0.3%), threshold 5%",
            "p95 latency 2.31 s (an hour earlier 182 ms), threshold 1 s",
            "error ratio above 5% since 13:42 UTC");
    assertThat(finding.facts())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                FindingFacts.UP, "1",
                FindingFacts.REQUEST_RATE, "85.3",
                FindingFacts.REQUEST_RATE_BEFORE, "120.5",
                FindingFacts.ERROR_RATIO, "0.124",
                FindingFacts.ERROR_RATIO_BEFORE, "0.003",
                FindingFacts.LATENCY_P95, "2.31",
                FindingFacts.LATENCY_P95_BEFORE, "0.182",
                FindingFacts.ERRORS_RISING_SINCE, "2025-11-26T13:42:00Z"));
    assertThat(finding.proposals()).isEmpty();
    assertThat(finding.observedAt()).isEqualTo(CLOCK.instant());
  }

  @Test
  void allNineQueries_areInFlightAtOnce_soTheProbeTakesOneAnswersTimeNotNine() {
    incidentAnswers();
    int queries = 9;
    CountDownLatch allAsked = new CountDownLatch(queries);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    server.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            allAsked.countDown();
            // one after another, the first query would wait here alone until the deadline
            allAsked.await(5, TimeUnit.SECONDS);
            inFlight.decrementAndGet();
            return prometheus.dispatch(request);
          }
        });

    Finding finding = probe();

    assertThat(mostInFlight.get()).isEqualTo(queries);
    assertThat(finding.summary())
        .isEqualTo("checkout: error ratio 12.4% > 5% since 13:42 UTC; p95 latency 2.31 s > 1 s");
  }

  @Test
  void incident_sendsInstantQueriesAtBothTimesAndOneRangeQueryWithTheToken() {
    incidentAnswers();

    probe();

    // asked at once: in no particular order
    List<RecordedRequest> requests = prometheus.requests;
    assertThat(requests).hasSize(9).allMatch(r -> r.getMethod().equals("GET"));
    String errorRatio =
        "sum(rate(http_requests_total{job=\"checkout\",status=~\"5..\"}[5m]))"
            + " / sum(rate(http_requests_total{job=\"checkout\"}[5m]))";
    assertThat(instantTimes(requests, "avg(up{job=\"checkout\"})"))
        .containsExactlyInAnyOrder(NOW, HOUR_AGO);
    assertThat(instantTimes(requests, errorRatio)).containsExactlyInAnyOrder(NOW, HOUR_AGO);
    assertThat(
            instantTimes(
                requests,
                "histogram_quantile(0.95, sum by (le)"
                    + " (rate(http_request_duration_seconds_bucket{job=\"checkout\"}[5m])))"))
        .containsExactlyInAnyOrder(NOW, HOUR_AGO);
    HttpUrl range = rangeQuery(requests);
    assertThat(range.queryParameter("query")).isEqualTo(errorRatio);
    assertThat(range.queryParameter("start")).isEqualTo(HOUR_AGO);
    assertThat(range.queryParameter("end")).isEqualTo(NOW);
    assertThat(range.queryParameter("step")).isEqualTo("60");
    assertThat(requests)
        .allSatisfy(
            r -> assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN));
  }

  @Test
  void healthy_saysSoWithTheValuesAndNoRisingFact() {
    prometheus
        .all("healthy", NOW, "now")
        .all("healthy", HOUR_AGO, "hour-ago")
        .answer("errorRatio@range", "healthy/error-ratio-range.json");

    Finding finding = probe();

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.summary())
        .isEqualTo(
            "checkout metrics within thresholds: error ratio 0.2%, p95 latency 180 ms,"
                + " request rate 118 req/s, up 1");
    assertThat(finding.evidence()).contains("error ratio stayed at or below 5% over the window");
    assertThat(finding.facts()).doesNotContainKey(FindingFacts.ERRORS_RISING_SINCE);
    assertThat(finding.fact(FindingFacts.ERROR_RATIO)).isEqualTo("0.002");
  }

  @Test
  void targetsDown_isAnAnomaly() {
    prometheus
        .all("healthy", NOW, "now")
        .all("healthy", HOUR_AGO, "hour-ago")
        .answer("up@" + NOW, "up-partial.json")
        .answer("errorRatio@range", "healthy/error-ratio-range.json");

    Finding finding = probe();

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.summary()).isEqualTo("checkout: up 0.667 < 1");
    assertThat(finding.fact(FindingFacts.UP)).isEqualTo("0.6666666666666666");
    assertThat(finding.evidence()).contains("up 0.667 (an hour earlier 1)");
  }

  @Test
  void severalSeries_theWorstCounts() {
    prometheus
        .all("healthy", NOW, "now")
        .all("healthy", HOUR_AGO, "hour-ago")
        .answer("up@" + NOW, "up-by-instance.json")
        .answer("errorRatio@range", "healthy/error-ratio-range.json");

    Finding finding = probe();

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.fact(FindingFacts.UP)).isEqualTo("0");
  }

  @Test
  void aQueryWithNoData_isEvidenceNotAFailure() {
    prometheus
        .all("healthy", NOW, "now")
        .all("healthy", HOUR_AGO, "hour-ago")
        .answer("requestRate@" + NOW, "empty-vector.json")
        .answer("errorRatio@" + HOUR_AGO, "empty-vector.json")
        .answer("errorRatio@range", "healthy/error-ratio-range.json");

    Finding finding = probe();

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.evidence())
        .contains(
            "no data for requestRate (sum(rate(http_requests_total{job=\"checkout\"}[5m])))",
            "error ratio 0.2% (an hour earlier no data), threshold 5%");
    assertThat(finding.facts())
        .doesNotContainKeys(FindingFacts.REQUEST_RATE, FindingFacts.ERROR_RATIO_BEFORE)
        .containsKey(FindingFacts.REQUEST_RATE_BEFORE);
  }

  @Test
  void noDataAtAll_isHealthyButSaysToCheckTheQueries() {
    for (String name : settings.queries().keySet()) {
      prometheus.answer(name + "@" + NOW, "empty-vector.json");
      prometheus.answer(name + "@" + HOUR_AGO, "empty-vector.json");
    }
    prometheus.answer("errorRatio@range", "empty-matrix.json");

    Finding finding = probe();

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.summary())
        .isEqualTo("Prometheus has no data for checkout: check the queries");
    assertThat(finding.evidence())
        .contains(
            "no data for up (avg(up{job=\"checkout\"}))", "no error-ratio data over the window");
    assertThat(finding.facts()).isEmpty();
  }

  @Test
  void nanAndInfinity_areHandled() {
    prometheus
        .all("healthy", NOW, "now")
        .all("healthy", HOUR_AGO, "hour-ago")
        .answer("errorRatio@" + NOW, "nan-vector.json")
        .answer("latencyP95@" + NOW, "inf-vector.json")
        .answer("errorRatio@range", "healthy/error-ratio-range.json");

    Finding finding = probe();

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.summary())
        .isEqualTo("checkout: p95 latency +Inf s (above the highest histogram bucket) > 1 s");
    assertThat(finding.evidence())
        .contains("error ratio NaN (no requests) (an hour earlier 0.3%), threshold 5%");
    assertThat(finding.facts()).doesNotContainKey(FindingFacts.ERROR_RATIO);
    assertThat(Double.parseDouble(finding.fact(FindingFacts.LATENCY_P95))).isInfinite();
  }

  @Test
  void errorsAboveFromTheStartOfTheWindow_giveNoRisingFact() {
    incidentAnswers();
    prometheus.answer("errorRatio@range", "error-ratio-range-above-from-start.json");

    Finding finding = probe();

    assertThat(finding.facts()).doesNotContainKey(FindingFacts.ERRORS_RISING_SINCE);
    assertThat(finding.summary()).startsWith("checkout: error ratio 12.4% > 5" + "%; ");
    assertThat(finding.evidence())
        .contains("error ratio above 5% since at least 13:00 UTC (the start of the window)");
  }

  @Test
  void perServiceTemplates_fillServiceAndNamespace_andABlankTemplateIsSkipped() {
    use(
        new PrometheusSettings(
            server.url("/prom/").toString(),
            null,
            Map.of("latencyP95", ""),
            Map.of(
                "checkout",
                Map.of("up", "scalar(min(up{namespace=\"{namespace}\",service=\"{service}\"}))")),
            0.01,
            2.0,
            Duration.ofSeconds(30)));
    prometheus
        .all("healthy", NOW, "now")
        .all("healthy", HOUR_AGO, "hour-ago")
        .answer("up@" + NOW, "scalar.json")
        .answer("errorRatio@range", "healthy/error-ratio-range.json");

    Finding finding = probe();

    List<RecordedRequest> requests = prometheus.requests;
    assertThat(requests).hasSize(7);
    assertThat(instantTimes(requests, "scalar(min(up{namespace=\"shop\",service=\"checkout\"}))"))
        .containsExactlyInAnyOrder(NOW, HOUR_AGO);
    assertThat(requests)
        .allMatch(r -> r.getUrl().encodedPath().startsWith("/prom/api/v1/query"))
        .allMatch(r -> r.getHeaders().get("Authorization") == null);
    assertThat(rangeQuery(requests).queryParameter("step")).isEqualTo("30");
    assertThat(requests)
        .noneMatch(r -> r.getUrl().queryParameter("query").contains("histogram_quantile"));
    assertThat(finding.fact(FindingFacts.UP)).isEqualTo("1");
    assertThat(finding.facts()).doesNotContainKey(FindingFacts.LATENCY_P95);
    assertThat(finding.evidence())
        .contains("error ratio 0.2% (an hour earlier 0.3%), threshold 1%");
  }

  @Test
  void prometheusWarnings_areEvidence() {
    prometheus
        .all("healthy", NOW, "now")
        .all("healthy", HOUR_AGO, "hour-ago")
        .answer("up@" + NOW, "warnings.json")
        .answer("errorRatio@range", "healthy/error-ratio-range.json");

    assertThat(probe().evidence())
        .anySatisfy(line -> assertThat(line).startsWith("Prometheus warning: PromQL info: metric"));
  }

  @Test
  void badData_isAFinalBadRequestNamingTheQuery() {
    prometheus.answer("up@" + NOW, 400, "bad-data.json");

    assertThatThrownBy(this::probe)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure("BAD_REQUEST", true)
                .andThen(
                    f ->
                        assertThat(f.getOriginalMessage())
                            .contains("query up (avg(up{job=\"checkout\"}))")
                            .contains("400")
                            .contains("parse error: unexpected")));
  }

  @Test
  void unprocessable422_isAFinalBadRequest() {
    prometheus.answer("up@" + NOW, 422, "execution-error-200.json");

    assertThatThrownBy(this::probe)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure("BAD_REQUEST", true)
                .andThen(f -> assertThat(f.getOriginalMessage()).contains("too many samples")));
  }

  @Test
  void statusErrorInA200Body_isAFailureToo() {
    prometheus.answer("up@" + NOW, 200, "execution-error-200.json");

    assertThatThrownBy(this::probe)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure("BAD_REQUEST", true)
                .andThen(
                    f ->
                        assertThat(f.getOriginalMessage())
                            .contains("query up")
                            .contains("execution")
                            .contains("too many samples")));
  }

  @Test
  void unavailable503_isRetryable() {
    prometheus.answer("up@" + NOW, 503, "timeout-503.json");

    assertThatThrownBy(this::probe)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure("UNAVAILABLE", false)
                .andThen(
                    f ->
                        assertThat(f.getOriginalMessage())
                            .contains("503")
                            .contains("query timed out in expression evaluation")));
  }

  @Test
  void unauthorized401_andForbidden403_areFinalInvalidCredentials() {
    // the probe's queries go out at once: every one of a probe's is refused alike
    AtomicInteger refusal = new AtomicInteger(401);
    server.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder()
                .code(refusal.get())
                .body(refusal.get() == 401 ? "Unauthorized\n" : "Forbidden\n")
                .build();
          }
        });

    assertThatThrownBy(this::probe)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure("INVALID_CREDENTIALS", true)
                .andThen(f -> assertThat(f.getOriginalMessage()).contains("401")));
    refusal.set(403);
    assertThatThrownBy(this::probe)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure("INVALID_CREDENTIALS", true)
                .andThen(f -> assertThat(f.getOriginalMessage()).contains("403")));
  }

  @Test
  void notFound404_isFinal() {
    server.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder().code(404).body("404 page not found\n").build();
          }
        });

    assertThatThrownBy(this::probe)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure("NOT_FOUND", true)
                .andThen(f -> assertThat(f.getOriginalMessage()).contains("404 page not found")));
  }

  @Test
  void malformedJson_isRetryableUnavailable() {
    server.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder()
                .code(200)
                .body("<html><body>Sign in to continue</body></html>")
                .build();
          }
        });

    assertThatThrownBy(this::probe)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure("UNAVAILABLE", false)
                .andThen(
                    f ->
                        assertThat(f.getOriginalMessage())
                            .contains("not JSON")
                            .contains("Sign in to continue")));
  }

  @Test
  void jsonThatIsNotThePrometheusApi_isRetryableUnavailable() {
    prometheus.answer("up@" + NOW, 200, "not-prometheus.json");

    assertThatThrownBy(this::probe)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure("UNAVAILABLE", false)
                .andThen(
                    f -> assertThat(f.getOriginalMessage()).contains("not the Prometheus API")));
  }

  @Test
  void slowAnswer_timesOutAsRetryableUnavailable() {
    server.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder()
                .headersDelay(2, TimeUnit.SECONDS)
                .body(PrometheusFixture.resource("/prometheus/healthy/up-now.json"))
                .build();
          }
        });
    OkHttpClient impatient = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(200)).build();

    assertThatThrownBy(() -> probe(impatient))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure("UNAVAILABLE", false)
                .andThen(f -> assertThat(f.getOriginalMessage()).contains("timed out")));
  }

  @Test
  void settings_defaultsAndNoTokenInToString() {
    PrometheusSettings defaults = PrometheusSettings.of("http://prometheus:9090/", TOKEN);

    assertThat(defaults.url()).isEqualTo("http://prometheus:9090");
    assertThat(defaults.configured()).isTrue();
    assertThat(PrometheusSettings.of(" ", null).configured()).isFalse();
    assertThat(defaults.errorRatioThreshold()).isEqualTo(0.05);
    assertThat(defaults.latencyP95ThresholdSeconds()).isEqualTo(1.0);
    assertThat(defaults.step()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.queries())
        .containsOnlyKeys("up", "requestRate", "errorRatio", "latencyP95");
    assertThat(defaults.query("up", "a\"b", "ns")).isEqualTo("avg(up{job=\"a\\\"b\"})");
    assertThat(defaults.toString()).doesNotContain(TOKEN).contains("bearerToken=(set)");
  }
}
