package io.incidentresponse.activities.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The TRACES probe against a Jaeger query API stood up by MockWebServer. */
class JaegerTracesTest {
  private static final String TOKEN = "jaeger-secret-token";
  private static final Instant FROM = Instant.parse("2025-11-26T13:00:00Z");
  private static final Instant TO = Instant.parse("2025-11-26T14:00:00Z");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-11-26T14:00:05Z"), ZoneOffset.UTC);
  private static final DiagnosisRequest REQUEST =
      new DiagnosisRequest("inc-42", "checkout", "shop", Map.of(), FROM, TO);

  private final MockWebServer server = new MockWebServer();
  private final Jaeger jaeger = new Jaeger();

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(jaeger);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * Answers {@code errors} (a search with the error tag), {@code slow} (with minDuration) and
   * {@code services}; anything else is a 400 in Jaeger's shape.
   */
  static final class Jaeger extends Dispatcher {
    final Map<String, MockResponse> answers = new HashMap<>();
    final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());

    Jaeger answer(String key, int code, String resource) {
      answers.put(
          key,
          new MockResponse.Builder()
              .code(code)
              .addHeader("Content-Type", "application/json")
              .body(resource(resource))
              .build());
      return this;
    }

    Jaeger answer(String key, MockResponse response) {
      answers.put(key, response);
      return this;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      requests.add(request);
      HttpUrl url = request.getUrl();
      String key =
          url.encodedPath().equals("/api/services")
              ? "services"
              : url.queryParameter("tags") != null
                  ? "errors"
                  : url.queryParameter("minDuration") != null ? "slow" : "?";
      MockResponse answer = answers.get(key);
      return answer != null
          ? answer
          : new MockResponse.Builder()
              .code(400)
              .body(
                  "{\"data\":null,\"errors\":[{\"code\":400,\"msg\":\"unexpected " + key + "\"}]}")
              .build();
    }
  }

  static String resource(String name) {
    try (InputStream in = JaegerTracesTest.class.getResourceAsStream("/jaeger/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Finding probe() {
    return probe(JaegerSettings.of(server.url("/").toString(), TOKEN));
  }

  private Finding probe(JaegerSettings settings) {
    return new JaegerTraces(settings, new OkHttpClient(), CLOCK).searchTraces(REQUEST);
  }

  private static Consumer<ApplicationFailure> failure(String type, boolean nonRetryable) {
    return f -> {
      assertThat(f.getType()).isEqualTo(type);
      assertThat(f.isNonRetryable()).isEqualTo(nonRetryable);
      assertThat(f.getOriginalMessage()).doesNotContain(TOKEN);
    };
  }

  @Test
  void errorAndSlowTraces_nameTheSpanWhereTheFailureBeganAndTheSlowestSpan() throws Exception {
    jaeger.answer("errors", 200, "error-traces.json").answer("slow", 200, "slow-traces.json");

    Finding finding = probe();

    assertThat(finding.probe()).isEqualTo(DiagnosisProbe.TRACES);
    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    // checkout's own spans failed too, but only because payments did: the innermost failure counts
    assertThat(finding.facts())
        .containsEntry(FindingFacts.TRACE_ERRORS, "3")
        .containsEntry(FindingFacts.TRACE_FAILING_SPAN, "payments POST /charge")
        .containsEntry(FindingFacts.TRACE_FAILING_SERVICE, "payments")
        .containsEntry(FindingFacts.TRACE_SLOWEST_SPAN, "payments POST /charge")
        .containsEntry(FindingFacts.TRACE_SLOWEST_SECONDS, "2.5");
    assertThat(finding.summary())
        .isEqualTo(
            "3 error traces: most fail in payments POST /charge (2x: card processor timeout after"
                + " 1000 ms); 1 slow traces, slowest: payments POST /charge took 2.5 s (2.2 s of"
                + " its own) in trace 9e1d2c3b4a5f6e70 of 3.01 s");
    assertThat(finding.evidence())
        .containsExactly(
            "failed 2x in payments POST /charge: card processor timeout after 1000 ms",
            "failed 1x in checkout GET /cart: redis: connection pool timeout",
            "slowest: payments POST /charge took 2.5 s (2.2 s of its own) in trace"
                + " 9e1d2c3b4a5f6e70 of 3.01 s");

    RecordedRequest errors = jaeger.requests.get(0);
    assertThat(errors.getUrl().encodedPath()).isEqualTo("/api/traces");
    assertThat(errors.getUrl().queryParameter("service")).isEqualTo("checkout");
    assertThat(errors.getUrl().queryParameter("start")).isEqualTo("1764162000000000");
    assertThat(errors.getUrl().queryParameter("end")).isEqualTo("1764165600000000");
    assertThat(errors.getUrl().queryParameter("limit")).isEqualTo("20");
    assertThat(errors.getUrl().queryParameter("tags")).isEqualTo("{\"error\":\"true\"}");
    assertThat(errors.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(jaeger.requests.get(1).getUrl().queryParameter("minDuration")).isEqualTo("1000ms");
    assertThat(jaeger.requests).hasSize(2);
  }

  @Test
  void failuresInTheServiceItself_nameItUnderTheIncidentsServiceName() {
    jaeger.answer("errors", 200, "error-traces.json").answer("slow", 200, "no-traces.json");
    // checkout reports to Jaeger as "payments" here, so the top failing span is the service's own.
    JaegerSettings settings =
        new JaegerSettings(
            server.url("/").toString(), null, null, null, null, Map.of("checkout", "payments"));

    Finding finding = probe(settings);

    assertThat(finding.fact(FindingFacts.TRACE_FAILING_SERVICE)).isEqualTo("checkout");
    assertThat(jaeger.requests.get(0).getUrl().queryParameter("service")).isEqualTo("payments");
    assertThat(finding.facts()).doesNotContainKey(FindingFacts.TRACE_SLOWEST_SPAN);
  }

  @Test
  void nothingFound_forAServiceJaegerKnows_isHealthy() {
    jaeger
        .answer("errors", 200, "no-traces.json")
        .answer("slow", 200, "no-traces.json")
        .answer("services", 200, "services.json");

    Finding finding = probe();

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.summary())
        .isEqualTo("no error traces and none slower than 1 s of checkout in the window");
    assertThat(finding.facts()).isEmpty();
  }

  @Test
  void unknownService_isHealthyAndSaysJaegerDoesNotKnowIt() {
    jaeger
        .answer("errors", 200, "no-traces.json")
        .answer("slow", 200, "no-traces.json")
        .answer("services", 200, "services.json");

    Finding finding =
        probe(
            new JaegerSettings(
                server.url("/").toString(),
                null,
                null,
                null,
                null,
                Map.of("checkout", "shop-checkout")));

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.summary())
        .isEqualTo("Jaeger knows no service shop-checkout: check incident.jaeger.services");
  }

  @Test
  void badRequest_isFinalWithJaegersErrorText() {
    jaeger.answer("errors", 400, "bad-request.json");

    assertThatThrownBy(this::probe)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure("BAD_REQUEST", true)
                .andThen(
                    f ->
                        assertThat(f.getOriginalMessage())
                            .isEqualTo(
                                "Jaeger error traces answered 400: unable to parse param"
                                    + " 'minDuration': time: unknown unit \"x\" in duration"
                                    + " \"1x\"")));
  }

  @Test
  void storageError500_isRetryable() {
    jaeger.answer("errors", 500, "storage-error.json");

    assertThatThrownBy(this::probe)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure("UNAVAILABLE", false)
                .andThen(
                    f ->
                        assertThat(f.getOriginalMessage())
                            .contains("elastic: Error 503 (Service Unavailable)")));
  }

  @Test
  void rateLimited429_isRetryableAfterTheServersDelay() {
    jaeger.answer(
        "errors",
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "7")
            .body("slow down")
            .build());

    assertThatThrownBy(this::probe)
        .isInstanceOfSatisfying(ApplicationFailure.class, failure("RATE_LIMITED", false));
  }

  @Test
  void slowAnswer_timesOutRetryably() {
    jaeger.answer(
        "errors",
        new MockResponse.Builder()
            .code(200)
            .body(resource("no-traces.json"))
            .headersDelay(10, java.util.concurrent.TimeUnit.SECONDS)
            .build());
    JaegerSettings settings =
        new JaegerSettings(
            server.url("/").toString(), TOKEN, null, Duration.ofMillis(300), null, null);

    long started = System.nanoTime();
    assertThatThrownBy(() -> probe(settings))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure("UNAVAILABLE", false)
                .andThen(f -> assertThat(f.getOriginalMessage()).contains("timed out")));
    // The point: the 300 ms call timeout ends it, not Jaeger's 10 s. 5.19 s was measured once at a
    // load average of 30 (a cold client on 2 busy cores), so the bound stays below the delay only.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(9));
  }

  @Test
  void settings_refuseALimitAboveTheMaximumAndNeverPrintTheToken() {
    assertThatThrownBy(() -> new JaegerSettings("http://jaeger:16686", null, 201, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("incident.jaeger.limit");
    assertThatThrownBy(() -> JaegerSettings.of("jaeger:16686", null))
        .hasMessageContaining("incident.jaeger.url");
    assertThat(JaegerSettings.of("http://jaeger:16686", TOKEN).toString()).doesNotContain(TOKEN);
  }
}
