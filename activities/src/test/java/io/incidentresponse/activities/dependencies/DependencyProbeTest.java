package io.incidentresponse.activities.dependencies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentresponse.activities.oncall.OnCallSettings;
import io.incidentresponse.activities.oncall.Roster;
import io.incidentresponse.activities.oncall.RosterOnCallActivities;
import io.incidentresponse.activities.prometheus.PrometheusSettings;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DEPENDENCIES probe against a Prometheus HTTP API stood up by MockWebServer. */
class DependencyProbeTest {
  private static final String TOKEN = "prom-secret-token";
  private static final Instant FROM = Instant.parse("2025-11-26T13:00:00Z");
  private static final Instant TO = Instant.parse("2025-11-26T14:00:00Z");
  private static final String NOW = "1764165600";
  private static final String HOUR_AGO = "1764162000";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-11-26T14:00:05Z"), ZoneOffset.UTC);
  private static final DiagnosisRequest REQUEST =
      new DiagnosisRequest("inc-42", "checkout", "shop", Map.of(), FROM, TO);
  private static final Pattern JOB = Pattern.compile("job=\"([^\"]+)\"");

  private final MockWebServer server = new MockWebServer();
  private final Answers prometheus = new Answers();

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(prometheus);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * Answers by what a query asks: {@code upstreams} / {@code downstreams} for the Istio discovery
   * queries, {@code <dependency>-error-ratio} / {@code <dependency>-latency-p95} (by the {@code
   * job} label of the default templates) with {@code @now}, {@code @hour-ago} or {@code @range}.
   * Anything else is a 400 bad_data, so an unexpected query fails the test loudly.
   */
  static final class Answers extends Dispatcher {
    final Map<String, MockResponse> answers = new HashMap<>();
    final List<String> asked = Collections.synchronizedList(new ArrayList<>());

    Answers answer(String key, String resource) {
      return answer(key, 200, resource);
    }

    Answers answer(String key, int code, String resource) {
      answers.put(
          key,
          new MockResponse.Builder()
              .code(code)
              .addHeader("Content-Type", "application/json")
              .body(resource(resource))
              .build());
      return this;
    }

    /** The four instant answers of {@code dependency} from its files. */
    Answers dependency(String dependency) {
      for (String metric : List.of("error-ratio", "latency-p95")) {
        answer(dependency + "-" + metric + "@now", dependency + "-" + metric + "-now.json");
        answer(
            dependency + "-" + metric + "@hour-ago", dependency + "-" + metric + "-hour-ago.json");
      }
      return this;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      HttpUrl url = request.getUrl();
      String key = keyOf(url);
      asked.add(key + " " + request.getHeaders().get("Authorization"));
      MockResponse answer = answers.get(key);
      return answer != null
          ? answer
          : new MockResponse.Builder()
              .code(400)
              .body(
                  "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"unexpected "
                      + key
                      + "\"}")
              .build();
    }

    private static String keyOf(HttpUrl url) {
      String query = url.queryParameter("query");
      String what;
      if (query.contains("source_workload=\"checkout\"")) {
        what = "upstreams";
      } else if (query.contains("destination_workload=\"checkout\"")) {
        what = "downstreams";
      } else {
        Matcher job = JOB.matcher(query);
        String dependency = job.find() ? job.group(1) : "?";
        what =
            dependency + (query.contains("histogram_quantile") ? "-latency-p95" : "-error-ratio");
      }
      if (url.encodedPath().endsWith("/query_range")) {
        return what + "@range";
      }
      String time = url.queryParameter("time");
      return what + "@" + (NOW.equals(time) ? "now" : HOUR_AGO.equals(time) ? "hour-ago" : time);
    }
  }

  static String resource(String name) {
    String path = name.startsWith("/") ? name : "/dependencies/" + name;
    try (InputStream in = DependencyProbeTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DependencySettings configured(boolean discovery) {
    Map<String, DependencySettings.Edges> services = new LinkedHashMap<>();
    services.put(
        "checkout",
        new DependencySettings.Edges(
            List.of("payments", "inventory"),
            List.of("storefront"),
            Map.of("payments", "payments-breaker")));
    return new DependencySettings(
        services, discovery ? null : "", null, discovery ? null : "", null, null, null, null);
  }

  /** Team payments lists the payments service; alice holds its only rotation. */
  private static RosterOnCallActivities roster() {
    OnCallSettings settings =
        new OnCallSettings(
            Map.of(
                "alice",
                new OnCallSettings.Person("Alice", "UALICE", "alice@example.com", null, null)),
            Map.of(
                "payments",
                new OnCallSettings.Team(
                    List.of("payments"),
                    "alice",
                    List.of(
                        new OnCallSettings.Rotation(
                            "payments-primary",
                            "WEEKLY",
                            "09:00",
                            null,
                            "UTC",
                            "2025-11-03",
                            List.of("alice"),
                            null,
                            null)))),
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    return new RosterOnCallActivities(Roster.of(settings, new OkHttpClient(), CLOCK), CLOCK);
  }

  private Finding probe(DependencySettings settings, RosterOnCallActivities roster) {
    return new DependencyProbe(
            settings,
            PrometheusSettings.of(server.url("/").toString(), TOKEN),
            new OkHttpClient(),
            roster,
            true,
            CLOCK)
        .analyzeDependencies(REQUEST);
  }

  private void paymentsFailing() {
    prometheus
        .dependency("payments")
        .dependency("inventory")
        .dependency("storefront")
        .answer("payments-error-ratio@range", "payments-error-ratio-range.json");
  }

  @Test
  void failingUpstream_isTheAnomalyWithWhenItsErrorsRoseAndWhoOwnsIt() {
    paymentsFailing();

    Finding finding = probe(configured(false), roster());

    assertThat(finding.probe()).isEqualTo(DiagnosisProbe.DEPENDENCIES);
    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    // storefront's error ratio (40%) is higher, but a failing caller explains less than an upstream
    assertThat(finding.summary())
        .isEqualTo(
            "payments (upstream of checkout) fails: error ratio 0.2% -> 31% since 13:32 UTC;"
                + " owner team payments, on call Alice; also failing: storefront");
    assertThat(finding.facts())
        .containsExactlyEntriesOf(
            orderedMap(
                FindingFacts.DEPENDENCY, "payments",
                FindingFacts.DEPENDENCY_DIRECTION, "upstream",
                FindingFacts.DEPENDENCY_ERROR_RATIO, "0.31",
                FindingFacts.DEPENDENCY_ERROR_RATIO_BEFORE, "0.002",
                FindingFacts.DEPENDENCY_LATENCY_P95, "0.42",
                FindingFacts.DEPENDENCY_LATENCY_P95_BEFORE, "0.18",
                FindingFacts.DEPENDENCY_ERRORS_RISING_SINCE, "2025-11-26T13:32:00Z",
                FindingFacts.DEPENDENCY_OWNER, "team payments, on call Alice"));
    assertThat(finding.evidence())
        .contains(
            "payments (upstream): error ratio 31% (an hour earlier 0.2%), p95 420 ms (an hour"
                + " earlier 180 ms): FAILING",
            "inventory (upstream): error ratio 0.1% (an hour earlier 0.1%), p95 80 ms (an hour"
                + " earlier 70 ms)",
            "storefront (downstream): error ratio 40% (an hour earlier 0.1%), p95 300 ms (an hour"
                + " earlier 200 ms): FAILING",
            "payments: error ratio above 5% since 13:32 UTC");
    assertThat(finding.proposals())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.type()).isEqualTo(ActionType.CIRCUIT_BREAKER);
              assertThat(p.namespace()).isEqualTo("shop");
              assertThat(p.target()).isEqualTo("payments-breaker");
              assertThat(p.parameters()).containsExactlyEntriesOf(Map.of("service", "checkout"));
            });
    assertThat(prometheus.asked).allMatch(a -> a.endsWith("Bearer " + TOKEN));
    // four instant queries per dependency, one range query for the worst: nothing per series
    assertThat(prometheus.asked).hasSize(3 * 4 + 1);
  }

  @Test
  void discoveredUpstreams_areMeasuredBusiestFirstSkippingIstiosUnknown() {
    paymentsFailing();
    prometheus
        .answer("upstreams@now", "upstreams-istio.json")
        .answer("downstreams@now", "empty-vector.json")
        .answer("fraud-error-ratio@now", "empty-vector.json")
        .answer("fraud-error-ratio@hour-ago", "empty-vector.json")
        .answer("fraud-latency-p95@now", "empty-vector.json")
        .answer("fraud-latency-p95@hour-ago", "empty-vector.json");

    Finding finding = probe(configured(true), null);

    assertThat(finding.evidence())
        .anySatisfy(e -> assertThat(e).startsWith("fraud (upstream): error ratio no data"))
        .noneMatch(e -> e.startsWith("unknown"));
    assertThat(prometheus.asked).noneMatch(a -> a.startsWith("unknown"));
    // Without a roster the owner is left out, not guessed.
    assertThat(finding.facts()).doesNotContainKey(FindingFacts.DEPENDENCY_OWNER);
    assertThat(finding.fact(FindingFacts.DEPENDENCY)).isEqualTo("payments");
  }

  @Test
  void healthyDependencies_areHealthyWithoutFacts() {
    prometheus.dependency("inventory");
    DependencySettings settings =
        new DependencySettings(
            Map.of("checkout", new DependencySettings.Edges(List.of("inventory"), null, null)),
            "",
            null,
            "",
            null,
            null,
            null,
            null);

    Finding finding = probe(settings, roster());

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.summary())
        .isEqualTo("dependencies of checkout within thresholds: inventory");
    assertThat(finding.facts()).isEmpty();
    assertThat(finding.proposals()).isEmpty();
  }

  @Test
  void noDependencyKnown_isHealthyAndSaysWhatToConfigure() {
    prometheus
        .answer("upstreams@now", "empty-vector.json")
        .answer("downstreams@now", "empty-vector.json");

    Finding finding = probe(DependencySettings.defaults(), null);

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.summary())
        .isEqualTo(
            "no dependencies known for checkout: configure incident.dependencies.services.checkout"
                + " or a discovery query");
  }

  @Test
  void moreDependenciesThanTheBound_areNamedNotMeasured() {
    prometheus.dependency("inventory");
    DependencySettings settings =
        new DependencySettings(
            Map.of(
                "checkout",
                new DependencySettings.Edges(
                    List.of("inventory", "payments", "fraud"), null, null)),
            "",
            null,
            "",
            null,
            null,
            null,
            1);

    Finding finding = probe(settings, null);

    assertThat(finding.evidence())
        .contains("2 more not measured (incident.dependencies.max-dependencies 1)");
    assertThat(prometheus.asked).noneMatch(a -> a.startsWith("payments") || a.startsWith("fraud"));
  }

  @Test
  void badQuery_isAFinalBadRequestNamingTheDependency() {
    prometheus.answer("payments-error-ratio@now", 400, "/prometheus/bad-data.json");

    assertThatThrownBy(() -> probe(configured(false), null))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo("BAD_REQUEST");
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .contains("errorRatio of payments")
                  .contains("parse error")
                  .doesNotContain(TOKEN);
            });
  }

  @Test
  void prometheusUnavailable_isRetryable() {
    prometheus.answer("payments-error-ratio@now", 503, "/prometheus/timeout-503.json");

    assertThatThrownBy(() -> probe(configured(false), null))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo("UNAVAILABLE");
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getOriginalMessage()).contains("503").doesNotContain(TOKEN);
            });
  }

  @Test
  void settings_refuseABoundBelowOne() {
    assertThatThrownBy(() -> new DependencySettings(null, null, null, null, null, null, null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("incident.dependencies.max-dependencies");
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
