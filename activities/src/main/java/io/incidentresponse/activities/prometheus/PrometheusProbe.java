package io.incidentresponse.activities.prometheus;

import static io.incidentresponse.activities.prometheus.PrometheusSettings.ERROR_RATIO;
import static io.incidentresponse.activities.prometheus.PrometheusSettings.LATENCY_P95;
import static io.incidentresponse.activities.prometheus.PrometheusSettings.REQUEST_RATE;
import static io.incidentresponse.activities.prometheus.PrometheusSettings.UP;

import io.incidentresponse.activities.ProbePools;
import io.incidentresponse.activities.diagnosis.Probe;
import io.incidentresponse.activities.prometheus.PrometheusClient.Point;
import io.incidentresponse.activities.prometheus.PrometheusClient.Result;
import io.incidentresponse.activities.prometheus.PrometheusClient.Series;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * The SERVICE_METRICS probe: Prometheus's view of the service. It evaluates the four queries of
 * {@link PrometheusSettings} ({@code up}, request rate, error ratio, p95 latency) at the end of the
 * window and an hour before it, and a range query of the error ratio over the window to find the
 * first moment the ratio crossed its threshold ({@link FindingFacts#ERRORS_RISING_SINCE}).
 *
 * <ul>
 *   <li>ANOMALY when {@code up} is below 1, the error ratio above its threshold, or the p95 above
 *       its threshold ({@code +Inf} included: every request slower than the highest bucket).
 *   <li>A query with no data is evidence ("no data for requestRate", with the PromQL), never a
 *       failure: with the default error-ratio template an empty answer usually just means no 5xx
 *       series exists. A NaN answer (0/0) means no requests in the rate window.
 *   <li>When <em>every</em> query has no data the finding is HEALTHY with the summary "Prometheus
 *       has no data for &lt;service&gt;: check the queries": the probe did look and saw nothing
 *       wrong, but the summary says loudly that it saw nothing at all. UNAVAILABLE is reserved for
 *       the workflow, for a probe that could not look; this one throws (typed by {@link
 *       PrometheusClient}) when Prometheus cannot be reached or rejects a query.
 *   <li>{@link FindingFacts#ERRORS_RISING_SINCE} is the first sample above the threshold. When the
 *       ratio is above it from the first sample of the window on, the crossing happened before the
 *       window: the fact is left out (it would point at the window's start, not at a cause) and the
 *       evidence says "above ... since at least ...".
 *   <li>No proposals: the workflow's hypothesis ranking builds them from the facts.
 * </ul>
 */
public final class PrometheusProbe implements Probe {
  private static final List<String> NAMES = List.of(UP, REQUEST_RATE, ERROR_RATIO, LATENCY_P95);
  private static final Duration HOUR = Duration.ofHours(1);

  /** Prometheus refuses a range query of more than 11,000 points per series. */
  private static final long MAX_POINTS = 10_000;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  /** The key of a query's answer an hour earlier among the queries asked. */
  private static final String EARLIER = "@hour-earlier";

  /** The key of the error ratio's range query among the queries asked. */
  private static final String RANGE = "errorRatio@range";

  /** A probe's queries: the four at the end of the window and an hour before, and the range. */
  private static final int QUERIES_PER_PROBE = 2 * NAMES.size() + 1;

  /**
   * The queries in flight, shared by every probe of the worker: those of 3 incidents diagnosed at
   * once go out together, more wait their turn (never a thread per query under a storm).
   */
  private static final ExecutorService QUERIES =
      ProbePools.bounded("prometheus-probe", 3 * QUERIES_PER_PROBE);

  private final PrometheusSettings settings;
  private final PrometheusClient prometheus;
  private final Clock clock;

  public PrometheusProbe(PrometheusSettings settings, OkHttpClient client) {
    this(settings, client, Clock.systemUTC());
  }

  /** With the clock that stamps {@link Finding#observedAt()}. */
  public PrometheusProbe(PrometheusSettings settings, OkHttpClient client, Clock clock) {
    this.settings = settings;
    this.prometheus = new PrometheusClient(settings, client);
    this.clock = clock;
  }

  @Override
  public Finding inspect(DiagnosisRequest request) {
    return queryMetrics(request);
  }

  private static CompletableFuture<Result> ask(Supplier<Result> query) {
    return CompletableFuture.supplyAsync(query, QUERIES);
  }

  /**
   * The result of the query asked under {@code key}, or its own failure (typed by {@link
   * PrometheusClient}) rethrown; on a failure the probe's queries not yet sent are dropped, so a
   * failing Prometheus does not keep the shared pool busy for a probe that has already given up.
   */
  private static Result answer(Map<String, CompletableFuture<Result>> asked, String key) {
    try {
      return ProbePools.answer(asked.get(key));
    } catch (RuntimeException failed) {
      asked.values().forEach(query -> query.cancel(false));
      throw failed;
    }
  }

  public Finding queryMetrics(DiagnosisRequest request) {
    String service = request.service();
    Instant now = request.to() != null ? request.to() : clock.instant();
    Instant hourEarlier = now.minus(HOUR);
    Set<String> warnings = new LinkedHashSet<>();

    // The eight instant queries and the range query do not depend on each other: asked at once,
    // the probe takes about as long as Prometheus's slowest answer instead of the sum of nine
    // (issue 18: 8 probes of 200 ms finish in about 300 ms, not this one in 9 x its latency).
    Map<String, CompletableFuture<Result>> asked = new LinkedHashMap<>();
    for (String name : NAMES) {
      String promql = settings.query(name, service, request.namespace());
      if (promql != null) {
        asked.put(name, ask(() -> prometheus.instant(name, promql, now)));
        asked.put(name + EARLIER, ask(() -> prometheus.instant(name, promql, hourEarlier)));
      }
    }
    String errorQuery = settings.query(ERROR_RATIO, service, request.namespace());
    Instant from = request.from() != null ? request.from() : now.minus(HOUR);
    boolean ranged = errorQuery != null && from.isBefore(now);
    Duration step = ranged ? step(settings.step(), from, now) : null;
    if (ranged) {
      asked.put(RANGE, ask(() -> prometheus.range(ERROR_RATIO, errorQuery, from, now, step)));
    }

    Map<String, Reading> current = new LinkedHashMap<>();
    Map<String, Reading> earlier = new LinkedHashMap<>();
    for (String name : NAMES) {
      String promql = settings.query(name, service, request.namespace());
      if (promql == null) {
        current.put(name, Reading.off(name));
        earlier.put(name, Reading.off(name));
        continue;
      }
      Result at = answer(asked, name);
      Result before = answer(asked, name + EARLIER);
      warnings.addAll(at.warnings());
      warnings.addAll(before.warnings());
      current.put(name, Reading.of(name, promql, at));
      earlier.put(name, Reading.of(name, promql, before));
    }

    Rising rising = null;
    if (ranged) {
      Result series = answer(asked, RANGE);
      warnings.addAll(series.warnings());
      rising = rising(series, from, step, settings.errorRatioThreshold());
    }

    Map<String, String> facts = new LinkedHashMap<>();
    List<String> evidence = new ArrayList<>();
    List<String> problems = new ArrayList<>();

    Reading up = current.get(UP);
    if (up.hasValue()) {
      facts.put(FindingFacts.UP, up.fact());
      if (up.value() < 1) {
        problems.add("up " + up.shown() + " < 1");
      }
    }
    putFacts(facts, current.get(REQUEST_RATE), FindingFacts.REQUEST_RATE);
    putFacts(facts, earlier.get(REQUEST_RATE), FindingFacts.REQUEST_RATE_BEFORE);
    Reading errors = current.get(ERROR_RATIO);
    putFacts(facts, errors, FindingFacts.ERROR_RATIO);
    putFacts(facts, earlier.get(ERROR_RATIO), FindingFacts.ERROR_RATIO_BEFORE);
    String errorThreshold = Reading.percent(settings.errorRatioThreshold());
    if (errors.hasValue() && errors.value() > settings.errorRatioThreshold()) {
      String since = rising != null && rising.fact() ? " since " + TIME.format(rising.at()) : "";
      problems.add("error ratio " + errors.shown() + " > " + errorThreshold + since);
    }
    Reading latency = current.get(LATENCY_P95);
    putFacts(facts, latency, FindingFacts.LATENCY_P95);
    putFacts(facts, earlier.get(LATENCY_P95), FindingFacts.LATENCY_P95_BEFORE);
    String latencyThreshold = Reading.seconds(settings.latencyP95ThresholdSeconds());
    if (latency.hasValue() && latency.value() > settings.latencyP95ThresholdSeconds()) {
      problems.add(
          "p95 latency " + Reading.format(LATENCY_P95, latency.value()) + " > " + latencyThreshold);
    }
    if (rising != null && rising.fact()) {
      facts.put(FindingFacts.ERRORS_RISING_SINCE, rising.at().toString());
    }

    for (String name : NAMES) {
      Reading now_ = current.get(name);
      if (now_.state() == Reading.State.OFF) {
        continue;
      }
      if (now_.state() == Reading.State.NO_DATA) {
        evidence.add("no data for " + name + " (" + now_.promql() + ")");
        continue;
      }
      String line =
          label(name) + " " + now_.shown() + " (an hour earlier " + earlier.get(name).shown() + ")";
      if (name.equals(ERROR_RATIO)) {
        line += ", threshold " + errorThreshold;
      } else if (name.equals(LATENCY_P95)) {
        line += ", threshold " + latencyThreshold;
      }
      evidence.add(line);
    }
    if (rising != null) {
      evidence.add(rising.line(errorThreshold));
    }
    warnings.forEach(w -> evidence.add("Prometheus warning: " + w));

    Instant observedAt = clock.instant();
    boolean anyData =
        current.values().stream()
            .anyMatch(r -> r.state() == Reading.State.VALUE || r.state() == Reading.State.NAN);
    if (!anyData) {
      return new Finding(
          DiagnosisProbe.SERVICE_METRICS,
          FindingOutcome.HEALTHY,
          "Prometheus has no data for " + service + ": check the queries",
          evidence,
          List.of(),
          observedAt,
          facts);
    }
    if (!problems.isEmpty()) {
      return new Finding(
          DiagnosisProbe.SERVICE_METRICS,
          FindingOutcome.ANOMALY,
          service + ": " + String.join("; ", problems),
          evidence,
          List.of(),
          observedAt,
          facts);
    }
    List<String> shown = new ArrayList<>();
    for (String name : List.of(ERROR_RATIO, LATENCY_P95, REQUEST_RATE, UP)) {
      Reading reading = current.get(name);
      if (reading.hasValue()) {
        shown.add(label(name) + " " + reading.shown());
      }
    }
    return new Finding(
        DiagnosisProbe.SERVICE_METRICS,
        FindingOutcome.HEALTHY,
        service
            + " metrics within thresholds"
            + (shown.isEmpty() ? "" : ": " + String.join(", ", shown)),
        evidence,
        List.of(),
        observedAt,
        facts);
  }

  private static void putFacts(Map<String, String> facts, Reading reading, String key) {
    if (reading.hasValue()) {
      facts.put(key, reading.fact());
    }
  }

  private static String label(String name) {
    return switch (name) {
      case REQUEST_RATE -> "request rate";
      case ERROR_RATIO -> "error ratio";
      case LATENCY_P95 -> "p95 latency";
      default -> name;
    };
  }

  /** {@code step}, coarsened so a long window stays under Prometheus's point limit. */
  public static Duration step(Duration step, Instant from, Instant to) {
    long seconds = Duration.between(from, to).toSeconds();
    long minimum = (seconds + MAX_POINTS - 1) / MAX_POINTS;
    return step.toSeconds() >= minimum ? step : Duration.ofSeconds(minimum);
  }

  /**
   * When the error ratio first went above the threshold in the range, the worst series counting at
   * each step.
   */
  public static Rising rising(Result range, Instant from, Duration step, double threshold) {
    TreeMap<Instant, Double> worst = new TreeMap<>();
    for (Series series : range.series()) {
      for (Point point : series.points()) {
        if (!Double.isNaN(point.value())) {
          worst.merge(point.at(), point.value(), Math::max);
        }
      }
    }
    if (worst.isEmpty()) {
      return new Rising(null, false, worst.size());
    }
    Entry<Instant, Double> first = worst.firstEntry();
    for (Entry<Instant, Double> e : worst.entrySet()) {
      if (e.getValue() > threshold) {
        boolean fromTheStart =
            e.getKey().equals(first.getKey()) && !e.getKey().isAfter(from.plus(step));
        return new Rising(e.getKey(), !fromTheStart, worst.size());
      }
    }
    return new Rising(null, false, worst.size());
  }

  /**
   * The range query's answer.
   *
   * @param at the first sample above the threshold, or null
   * @param fact whether {@code at} is a crossing inside the window (not the window's start)
   * @param samples how many steps had a value
   */
  public record Rising(Instant at, boolean fact, int samples) {
    /** For evidence: since when the ratio was above {@code threshold}, or that it was not. */
    public String line(String threshold) {
      if (samples == 0) {
        return "no error-ratio data over the window";
      }
      if (at == null) {
        return "error ratio stayed at or below " + threshold + " over the window";
      }
      if (!fact) {
        return "error ratio above "
            + threshold
            + " since at least "
            + TIME.format(at)
            + " (the start of the window)";
      }
      return "error ratio above " + threshold + " since " + TIME.format(at);
    }
  }
}
