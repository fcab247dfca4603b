package io.incidentresponse.activities.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ERROR_LOGS probe against an Elasticsearch {@code _search} stood up by MockWebServer. */
class ElasticsearchLogsTest {
  private static final String API_KEY =
      "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";
  private static final Instant FROM = Instant.parse("2025-11-26T13:00:00Z");
  private static final Instant TO = Instant.parse("2025-11-26T14:00:00Z");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-11-26T14:00:05Z"), ZoneOffset.UTC);
  private static final DiagnosisRequest REQUEST =
      new DiagnosisRequest("inc-42", "checkout", "shop", Map.of(), FROM, TO);

  private final MockWebServer server = new MockWebServer();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ElasticsearchSettings withApiKey() {
    return ElasticsearchSettings.of(server.url("/").toString(), null, null, API_KEY);
  }

  private Finding search(ElasticsearchSettings settings) {
    return search(settings, new OkHttpClient());
  }

  private Finding search(ElasticsearchSettings settings, OkHttpClient client) {
    return new ElasticsearchLogs(settings, client, CLOCK).searchLogs(REQUEST);
  }

  private void answer(int code, String resource) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json")
            .body(resource("/elasticsearch/" + resource))
            .build());
  }

  private static String resource(String path) {
    try (InputStream in = ElasticsearchLogsTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Consumer<ApplicationFailure> failure(
      String type, boolean nonRetryable, String... fragments) {
    return f -> {
      assertThat(f.getType()).isEqualTo(type);
      assertThat(f.isNonRetryable()).isEqualTo(nonRetryable);
      assertThat(f.getOriginalMessage()).contains(fragments).doesNotContain(API_KEY);
    };
  }

  @Test
  void errors_areAnAnomalyWithTotalTopMessagesAndNewestSamples() {
    answer(200, "search-errors.json");

    Finding finding = search(withApiKey());

    assertThat(finding.probe()).isEqualTo(DiagnosisProbe.ERROR_LOGS);
    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.summary())
        .isEqualTo(
            "1234 error lines for checkout in the window; most frequent: Payment provider call"
                + " failed: Connection refused: payments.shop.svc:8080");
    assertThat(finding.facts())
        .containsExactly(
            Map.entry(FindingFacts.LOG_ERRORS, "1234"),
            Map.entry(
                FindingFacts.LOG_TOP_MESSAGE,
                "Payment provider call failed: Connection refused: payments.shop.svc:8080"));
    List<String> evidence = finding.evidence();
    assertThat(evidence.get(0))
        .isEqualTo("1234 error lines for checkout between 13:00:00 UTC and 14:00:00 UTC");
    assertThat(evidence.subList(1, 3))
        .containsExactly(
            "812 × Payment provider call failed: Connection refused: payments.shop.svc:8080",
            "301 × Circuit breaker 'payments' is OPEN and does not permit further calls");
    assertThat(evidence.get(3))
        .startsWith("79 × Unhandled exception processing POST /api/checkout:")
        .endsWith("…")
        .hasSize("79 × ".length() + ElasticsearchLogs.MAX_MESSAGE + 1)
        .doesNotContain("\n");
    assertThat(evidence.get(4)).isEqualTo("42 × other messages");
    assertThat(evidence.get(5))
        .isEqualTo(
            "13:59:58 UTC [error] Payment provider call failed: Connection refused:"
                + " payments.shop.svc:8080");
    // "log.level" stored as a dotted key rather than nested: still read
    assertThat(evidence.get(6))
        .startsWith("13:59:57 UTC [ERROR] Unhandled exception")
        .endsWith("…");
    assertThat(evidence.get(8)).startsWith("13:59:55 UTC [fatal] Circuit breaker");
    assertThat(evidence).hasSize(10);
    assertThat(finding.proposals()).isEmpty();
    assertThat(finding.observedAt()).isEqualTo(CLOCK.instant());
  }

  @Test
  void search_isOnePostWithTheFilterSortSizeAggregationAndApiKey() throws Exception {
    answer(200, "search-errors.json");

    search(withApiKey());

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/logs-*/_search");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("ApiKey " + API_KEY);
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    JsonNode body = json.readTree(request.getBody().utf8());
    assertThat(body)
        .isEqualTo(
            json.readTree(
                """
                {
                  "size": 5,
                  "track_total_hits": true,
                  "query": {"bool": {"filter": [
                    {"term": {"service.name": "checkout"}},
                    {"terms": {"log.level": ["error", "fatal", "ERROR"]}},
                    {"range": {"@timestamp": {
                      "gte": "2025-11-26T13:00:00Z",
                      "lte": "2025-11-26T14:00:00Z",
                      "format": "strict_date_optional_time"}}}
                  ]}},
                  "sort": [{"@timestamp": {"order": "desc"}}],
                  "aggs": {"top_messages": {"terms": {"field": "message.keyword", "size": 5}}}
                }
                """));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void customFieldsIndexAndBasicAuth_areUsed() throws Exception {
    answer(200, "search-empty.json");
    ElasticsearchSettings settings =
        new ElasticsearchSettings(
            server.url("/es/").toString(),
            "incident-response",
            "s3cret",
            null,
            "app-logs",
            "time",
            "severity",
            "msg",
            "msg.raw",
            "kubernetes.labels.app",
            List.of("ERR", "CRIT"),
            3,
            10);

    search(settings);

    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/es/app-logs/_search");
    assertThat(request.getHeaders().get("Authorization"))
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("incident-response:s3cret".getBytes(StandardCharsets.UTF_8)));
    JsonNode body = json.readTree(request.getBody().utf8());
    assertThat(body.path("size").asInt()).isEqualTo(3);
    assertThat(body.at("/query/bool/filter/0/term/kubernetes.labels.app").asText())
        .isEqualTo("checkout");
    assertThat(body.at("/query/bool/filter/1/terms/severity").toString())
        .isEqualTo("[\"ERR\",\"CRIT\"]");
    assertThat(body.at("/query/bool/filter/2/range/time/gte").asText())
        .isEqualTo("2025-11-26T13:00:00Z");
    assertThat(body.at("/sort/0/time/order").asText()).isEqualTo("desc");
    assertThat(body.at("/aggs/top_messages/terms/field").asText()).isEqualTo("msg.raw");
    assertThat(body.at("/aggs/top_messages/terms/size").asInt()).isEqualTo(10);
    assertThat(settings.toString()).doesNotContain("s3cret").doesNotContain("incident-response");
  }

  @Test
  void noErrorLines_isHealthy() {
    answer(200, "search-empty.json");

    Finding finding = search(withApiKey());

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.summary())
        .isEqualTo("no error lines for checkout in logs-* between 13:00:00 UTC and 14:00:00 UTC");
    assertThat(finding.fact(FindingFacts.LOG_ERRORS)).isEqualTo("0");
    assertThat(finding.evidence()).isEmpty();
  }

  @Test
  void timedOutSearchWithAFailedShard_saysTheCountsMayBeLow() {
    answer(200, "search-partial.json");

    Finding finding = search(withApiKey());

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.fact(FindingFacts.LOG_ERRORS)).isEqualTo("3");
    assertThat(finding.evidence())
        .contains(
            "the search timed out in Elasticsearch: the counts may be low",
            "1 of 3 shards failed: the counts may be low ([es-data-2][10.1.4.7:9300] Node not"
                + " connected)");
  }

  @Test
  void unknownIndex_isNotFound() {
    answer(404, "index-not-found-404.json");

    assertThatThrownBy(() -> search(withApiKey()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure("NOT_FOUND", true, "404", "index_not_found_exception", "no such index"));
  }

  @Test
  void badCredentials_401And403_areFinal() {
    answer(401, "unauthenticated-401.json");
    answer(403, "forbidden-403.json");

    assertThatThrownBy(() -> search(withApiKey()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure("INVALID_CREDENTIALS", true, "401", "security_exception"));
    assertThatThrownBy(() -> search(withApiKey()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure("INVALID_CREDENTIALS", true, "403", "is unauthorized for user"));
  }

  @Test
  void unavailable503_isRetryable() {
    answer(503, "unavailable-503.json");

    assertThatThrownBy(() -> search(withApiKey()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, failure("UNAVAILABLE", false, "503", "all shards failed"));
  }

  @Test
  void aggregationOnATextField_isAFinalBadRequest() {
    answer(400, "fielddata-400.json");

    assertThatThrownBy(() -> search(withApiKey()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, failure("BAD_REQUEST", true, "400", "Fielddata is disabled"));
  }

  @Test
  void malformedJson_isRetryableUnavailable() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("<html><head><title>502 Bad Gateway</title></head></html>")
            .build());

    assertThatThrownBy(() -> search(withApiKey()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, failure("UNAVAILABLE", false, "not JSON", "502 Bad Gateway"));
  }

  @Test
  void jsonWithoutHits_isRetryableUnavailable() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(
                "{\"name\":\"es-1\",\"cluster_name\":\"logs\",\"tagline\":\"You Know, for Search\"}")
            .build());

    assertThatThrownBy(() -> search(withApiKey()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, failure("UNAVAILABLE", false, "without hits"));
  }

  @Test
  void slowAnswer_timesOutAsRetryableUnavailable() {
    server.enqueue(
        new MockResponse.Builder()
            .headersDelay(2, TimeUnit.SECONDS)
            .body(resource("/elasticsearch/search-empty.json"))
            .build());
    OkHttpClient impatient = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(200)).build();

    assertThatThrownBy(() -> search(withApiKey(), impatient))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, failure("UNAVAILABLE", false, "timed out"));
  }

  @Test
  void settings_defaults() {
    ElasticsearchSettings defaults = ElasticsearchSettings.of("http://es:9200/", "u", "p", null);

    assertThat(defaults.url()).isEqualTo("http://es:9200");
    assertThat(defaults.configured()).isTrue();
    assertThat(defaults.index()).isEqualTo("logs-*");
    assertThat(defaults.timestampField()).isEqualTo("@timestamp");
    assertThat(defaults.levelField()).isEqualTo("log.level");
    assertThat(defaults.messageField()).isEqualTo("message");
    assertThat(defaults.messageAggregationField()).isEqualTo("message.keyword");
    assertThat(defaults.serviceField()).isEqualTo("service.name");
    assertThat(defaults.errorLevels()).containsExactly("error", "fatal", "ERROR");
    assertThat(defaults.maxSamples()).isEqualTo(5);
    assertThat(defaults.maxGroups()).isEqualTo(5);
    assertThat(ElasticsearchSettings.of(null, null, null, null).configured()).isFalse();
    assertThat(ElasticsearchSettings.of("http://es:9200", null, null, API_KEY).toString())
        .doesNotContain(API_KEY);
  }
}
