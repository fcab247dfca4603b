package io.incidentresponse.activities.traces;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.activities.HttpCalls;
import io.incidentresponse.activities.diagnosis.Probe;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * The TRACES probe: Jaeger's query HTTP API ({@code GET /api/traces}) searched over the window for
 * the service's error traces ({@code tags={"error":"true"}}) and its slow traces ({@code
 * minDuration} = {@link JaegerSettings#slowMinDuration()}), each at most {@link
 * JaegerSettings#limit()}.
 *
 * <ul>
 *   <li>The failing span: in each error trace, the failed spans (tag {@code error=true} or {@code
 *       otel.status_code=ERROR}) that have no failed child, i.e. where the failure began; the one
 *       (service and operation) that appears most often, with its most frequent error message (tag
 *       or span log). Its service may be another than the incident's: a dependency.
 *   <li>The slowest span: in the slow traces, the span with the most time of its own (its duration
 *       less its children's), reported with its whole duration.
 *   <li>ANOMALY when there is an error trace or a slow trace in the window; otherwise HEALTHY. When
 *       both searches find nothing and Jaeger's {@code /api/services} does not list the service,
 *       HEALTHY with "Jaeger knows no service X" (nothing was looked at; the name may need {@code
 *       incident.jaeger.services}).
 *   <li>Failures typed by {@link HttpCalls}: 429, 5xx and timeouts ({@link
 *       JaegerSettings#timeout()}) retryable; another 4xx final, with Jaeger's own error text.
 * </ul>
 */
public final class JaegerTraces implements Probe {
  private static final int MAX_MESSAGE = 200;
  private static final String UNKNOWN = "?";

  private final JaegerSettings settings;
  private final HttpUrl base;
  private final HttpCalls http;
  private final Clock clock;

  public JaegerTraces(JaegerSettings settings, OkHttpClient client, Clock clock) {
    this.settings = settings;
    this.base = HttpUrl.get(settings.url());
    this.http =
        new HttpCalls(
            "Jaeger",
            client
                .newBuilder()
                .callTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .build());
    this.clock = clock;
  }

  @Override
  public Finding inspect(DiagnosisRequest request) {
    return searchTraces(request);
  }

  /** One span of a trace, as far as the probe needs it. */
  record Span(
      String traceId,
      String spanId,
      String parentId,
      String service,
      String operation,
      long durationMicros,
      boolean failed,
      String message) {
    String name() {
      return service + " " + operation;
    }
  }

  public Finding searchTraces(DiagnosisRequest request) {
    String service = settings.jaegerService(request.service());
    Instant end = request.to() != null ? request.to() : clock.instant();
    Instant start = request.from() != null ? request.from() : end.minus(Duration.ofHours(1));
    List<List<Span>> errorTraces =
        traces(
            "error traces",
            search(service, start, end).addQueryParameter("tags", "{\"error\":\"true\"}"));
    List<List<Span>> slowTraces =
        traces(
            "slow traces",
            search(service, start, end)
                .addQueryParameter("minDuration", settings.slowMinDuration().toMillis() + "ms"));
    if (errorTraces.isEmpty() && slowTraces.isEmpty()) {
      boolean known = knows(service);
      return finding(
          FindingOutcome.HEALTHY,
          known
              ? "no error traces and none slower than "
                  + seconds(settings.slowMinDuration().toNanos() / 1000)
                  + " of "
                  + service
                  + " in the window"
              : "Jaeger knows no service " + service + ": check incident.jaeger.services",
          List.of(),
          Map.of());
    }
    Map<String, String> facts = new LinkedHashMap<>();
    List<String> evidence = new ArrayList<>();
    List<String> summary = new ArrayList<>();
    failing(request.service(), service, errorTraces, facts, evidence, summary);
    slowest(slowTraces, facts, evidence, summary);
    return finding(FindingOutcome.ANOMALY, String.join("; ", summary), evidence, facts);
  }

  private HttpUrl.Builder search(String service, Instant start, Instant end) {
    return base.newBuilder()
        .addPathSegments("api/traces")
        .addQueryParameter("service", service)
        .addQueryParameter("start", String.valueOf(micros(start)))
        .addQueryParameter("end", String.valueOf(micros(end)))
        .addQueryParameter("limit", String.valueOf(settings.limit()));
  }

  private List<List<Span>> traces(String what, HttpUrl.Builder url) {
    JsonNode body = http.send(what, request(url.build()));
    List<List<Span>> traces = new ArrayList<>();
    for (JsonNode trace : body.path("data")) {
      if (traces.size() == settings.limit()) {
        break;
      }
      List<Span> spans = spans(trace);
      if (!spans.isEmpty()) {
        traces.add(spans);
      }
    }
    return traces;
  }

  private boolean knows(String service) {
    JsonNode body =
        http.send("services", request(base.newBuilder().addPathSegments("api/services").build()));
    for (JsonNode name : body.path("data")) {
      if (service.equals(name.asText())) {
        return true;
      }
    }
    return false;
  }

  private Request request(HttpUrl url) {
    Request.Builder request = new Request.Builder().url(url).get();
    if (settings.bearerToken() != null && !settings.bearerToken().isBlank()) {
      request.header("Authorization", "Bearer " + settings.bearerToken());
    }
    return request.build();
  }

  /** The failed spans where the failure began, counted by name; the top one in the facts. */
  private static void failing(
      String incidentService,
      String jaegerService,
      List<List<Span>> traces,
      Map<String, String> facts,
      List<String> evidence,
      List<String> summary) {
    if (traces.isEmpty()) {
      return;
    }
    Map<String, Integer> counts = new TreeMap<>();
    Map<String, Map<String, Integer>> messages = new LinkedHashMap<>();
    Map<String, String> services = new LinkedHashMap<>();
    for (List<Span> trace : traces) {
      Set<String> failedParents = new HashSet<>();
      trace.stream().filter(Span::failed).forEach(s -> failedParents.add(s.parentId()));
      for (Span span : trace) {
        if (span.failed() && !failedParents.contains(span.spanId())) {
          counts.merge(span.name(), 1, Integer::sum);
          services.put(span.name(), span.service());
          if (span.message() != null) {
            messages
                .computeIfAbsent(span.name(), n -> new TreeMap<>())
                .merge(span.message(), 1, Integer::sum);
          }
        }
      }
    }
    facts.put(FindingFacts.TRACE_ERRORS, String.valueOf(traces.size()));
    List<Map.Entry<String, Integer>> ranked =
        counts.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .toList();
    if (ranked.isEmpty()) {
      summary.add(traces.size() + " error traces, no span marked failed in them");
      return;
    }
    String top = ranked.get(0).getKey();
    String topService = services.get(top);
    facts.put(FindingFacts.TRACE_FAILING_SPAN, top);
    // The incident's own service under its own name, so the ranking does not take it for another;
    // none when the trace did not say which process ran the span.
    if (!topService.equals(UNKNOWN)) {
      facts.put(
          FindingFacts.TRACE_FAILING_SERVICE,
          topService.equals(jaegerService) ? incidentService : topService);
    }
    String message = mostFrequent(messages.get(top));
    summary.add(
        traces.size()
            + " error traces: most fail in "
            + top
            + " ("
            + ranked.get(0).getValue()
            + "x"
            + (message == null ? "" : ": " + message)
            + ")");
    for (Map.Entry<String, Integer> entry : ranked.stream().limit(5).toList()) {
      String said = mostFrequent(messages.get(entry.getKey()));
      evidence.add(
          "failed "
              + entry.getValue()
              + "x in "
              + entry.getKey()
              + (said == null ? "" : ": " + said));
    }
  }

  /** The span with the most time of its own in the slow traces. */
  private static void slowest(
      List<List<Span>> traces,
      Map<String, String> facts,
      List<String> evidence,
      List<String> summary) {
    Span slowest = null;
    long slowestOwn = -1;
    long slowestTrace = 0;
    for (List<Span> trace : traces) {
      Map<String, Long> children = new LinkedHashMap<>();
      trace.forEach(
          s ->
              children.merge(
                  s.parentId() == null ? "" : s.parentId(), s.durationMicros(), Long::sum));
      long traceDuration = trace.stream().mapToLong(Span::durationMicros).max().orElse(0);
      for (Span span : trace) {
        long own = Math.max(0, span.durationMicros() - children.getOrDefault(span.spanId(), 0L));
        if (own > slowestOwn) {
          slowest = span;
          slowestOwn = own;
          slowestTrace = traceDuration;
        }
      }
    }
    if (slowest == null) {
      return;
    }
    facts.put(FindingFacts.TRACE_SLOWEST_SPAN, slowest.name());
    facts.put(FindingFacts.TRACE_SLOWEST_SECONDS, plainSeconds(slowest.durationMicros()));
    String line =
        "slowest: "
            + slowest.name()
            + " took "
            + seconds(slowest.durationMicros())
            + " ("
            + seconds(slowestOwn)
            + " of its own) in trace "
            + slowest.traceId()
            + " of "
            + seconds(slowestTrace);
    summary.add(traces.size() + " slow traces, " + line);
    evidence.add(line);
  }

  private static String mostFrequent(Map<String, Integer> counts) {
    if (counts == null || counts.isEmpty()) {
      return null;
    }
    return counts.entrySet().stream()
        .max(Comparator.comparingInt(Map.Entry<String, Integer>::getValue))
        .map(Map.Entry::getKey)
        .orElse(null);
  }

  static List<Span> spans(JsonNode trace) {
    Map<String, String> services = new LinkedHashMap<>();
    trace
        .path("processes")
        .properties()
        .forEach(p -> services.put(p.getKey(), p.getValue().path("serviceName").asText(UNKNOWN)));
    List<Span> spans = new ArrayList<>();
    for (JsonNode span : trace.path("spans")) {
      String parent = null;
      for (JsonNode reference : span.path("references")) {
        if (reference.path("spanID").isTextual()) {
          parent = reference.path("spanID").asText();
          break;
        }
      }
      Map<String, String> tags = new LinkedHashMap<>();
      span.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
      boolean failed =
          "true".equalsIgnoreCase(tags.get("error"))
              || "ERROR".equalsIgnoreCase(tags.get("otel.status_code"));
      spans.add(
          new Span(
              span.path("traceID").asText(trace.path("traceID").asText()),
              span.path("spanID").asText(),
              parent,
              services.getOrDefault(span.path("processID").asText(), UNKNOWN),
              span.path("operationName").asText("?"),
              span.path("duration").asLong(0),
              failed,
              failed ? message(tags, span.path("logs")) : null));
    }
    return spans;
  }

  /** What the span says went wrong: a message tag, else a message field of its logs. */
  private static String message(Map<String, String> tags, JsonNode logs) {
    for (String key : List.of("error.message", "exception.message", "otel.status_description")) {
      if (tags.get(key) != null && !tags.get(key).isBlank()) {
        return bounded(tags.get(key));
      }
    }
    for (JsonNode log : logs) {
      for (JsonNode field : log.path("fields")) {
        String key = field.path("key").asText();
        if (key.equals("message")
            || key.equals("exception.message")
            || key.equals("error.object")) {
          return bounded(field.path("value").asText());
        }
      }
    }
    return null;
  }

  private static String bounded(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "…" : line;
  }

  private static long micros(Instant at) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, at);
  }

  /** Microseconds as {@code 2.31 s} or {@code 180 ms}. */
  static String seconds(long micros) {
    if (micros < 1_000_000) {
      return BigDecimal.valueOf(micros, 3).setScale(0, RoundingMode.HALF_UP).toPlainString()
          + " ms";
    }
    return BigDecimal.valueOf(micros, 6)
            .setScale(2, RoundingMode.HALF_UP)
            .stripTrailingZeros()
            .toPlainString()
        + " s";
  }

  private static String plainSeconds(long micros) {
    return BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
  }

  private Finding finding(
      FindingOutcome outcome, String summary, List<String> evidence, Map<String, String> facts) {
    return new Finding(
        DiagnosisProbe.TRACES, outcome, summary, evidence, List.of(), clock.instant(), facts);
  }
}
