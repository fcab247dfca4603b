package io.incidentresponse.activities.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.activities.HttpCalls;
import io.incidentresponse.activities.SettingChecks;
import io.incidentresponse.activities.diagnosis.Probe;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * The ERROR_LOGS probe against Grafana Loki: one {@code GET /loki/api/v1/query_range} with the
 * configured LogQL query ({@link LokiSettings#query()}, the service and namespace filled in),
 * {@code start}/{@code end} in nanoseconds, {@code limit} and {@code direction=backward} (newest
 * first). The lines are grouped by {@link ErrorLineGroups} (numbers and ids masked), so the most
 * frequent messages come with their counts and the pods (stream labels) they came from.
 *
 * <p>ANOMALY when the query returns at least one line that reads as an error; the evidence gives
 * the count ("at least" when the limit was reached), the most frequent messages and the newest
 * lines with their time; facts {@link FindingFacts#LOG_ERRORS} and {@link
 * FindingFacts#LOG_TOP_MESSAGE}. HEALTHY with {@code logs.errors} 0 when there is none. Failures
 * are typed by {@link HttpCalls}: 429 paced, 5xx and timeouts (the whole call is bounded by {@link
 * LokiSettings#timeout()}) UNAVAILABLE, 401/403 INVALID_CREDENTIALS, 400 (Loki's body says why: a
 * LogQL parse error, a limit above its maximum) BAD_REQUEST with that reason; a metric query (a
 * matrix or vector answer) is BAD_REQUEST naming {@code incident.loki.query}. Never sends the token
 * anywhere but the {@code Authorization} header.
 */
public final class LokiLogs implements Probe {
  static final String PATH = "loki/api/v1/query_range";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);
  // Kept per query: more distinct messages than this is noise, counted as "other messages".
  private static final int MAX_DISTINCT = 500;

  private final LokiSettings settings;
  private final HttpUrl base;
  private final HttpCalls http;
  private final Clock clock;

  public LokiLogs(LokiSettings settings, OkHttpClient client) {
    this(settings, client, Clock.systemUTC());
  }

  /** With the clock that stamps {@link Finding#observedAt()}. */
  public LokiLogs(LokiSettings settings, OkHttpClient client, Clock clock) {
    this.settings = settings;
    this.base = settings.url() == null ? null : HttpUrl.parse(settings.url());
    if (base == null) {
      throw ExpectedFailures.notConfigured(
          "Loki URL is not a valid http(s) URL: " + settings.url());
    }
    this.http = new HttpCalls("Loki", client.newBuilder().callTimeout(settings.timeout()).build());
    this.clock = clock;
  }

  @Override
  public Finding inspect(DiagnosisRequest request) {
    return searchLogs(request);
  }

  public Finding searchLogs(DiagnosisRequest request) {
    Instant to = request.to() != null ? request.to() : clock.instant();
    Instant from = request.from() != null ? request.from() : to.minus(Duration.ofHours(1));
    String query = query(request.service(), request.namespace());
    HttpUrl url =
        base.newBuilder()
            .addPathSegments(PATH)
            .addQueryParameter("query", query)
            .addQueryParameter("start", nanos(from))
            .addQueryParameter("end", nanos(to))
            .addQueryParameter("limit", Integer.toString(settings.limit()))
            .addQueryParameter("direction", "backward")
            .build();
    Request.Builder get = new Request.Builder().url(url).get();
    authorize(get);
    JsonNode answer = http.send("query_range", get.build());
    JsonNode data = answer.path("data");
    String type = data.path("resultType").asText("");
    if (!"success".equals(answer.path("status").asText()) || !data.path("result").isArray()) {
      throw ApplicationFailure.newFailure(
          "Loki query_range answered without a result: not a Loki answer? "
              + ErrorLineGroups.oneLine(answer.toString(), 200),
          FailureType.UNAVAILABLE.type());
    }
    if (!"streams".equals(type)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Loki answered a "
              + type
              + " result: incident.loki.query is a metric query, it must select log lines: "
              + query,
          FailureType.BAD_REQUEST.type());
    }
    return finding(request.service(), from, to, data.path("result"));
  }

  /** The LogQL query for {@code service} in {@code namespace} ({@code default} when none). */
  String query(String service, String namespace) {
    String ns = namespace == null || namespace.isBlank() ? "default" : namespace;
    return settings
        .query()
        .replace("{service}", logQlString(service))
        .replace("{namespace}", logQlString(ns));
  }

  /** A value inside a LogQL double-quoted string: a quote in a label cannot end it. */
  static String logQlString(String value) {
    return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  static String nanos(Instant at) {
    return BigInteger.valueOf(at.getEpochSecond())
        .multiply(BILLION)
        .add(BigInteger.valueOf(at.getNano()))
        .toString();
  }

  private void authorize(Request.Builder request) {
    if (settings.tenant() != null) {
      request.header("X-Scope-OrgID", settings.tenant());
    }
    try {
      String token = settings.currentBearerToken();
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      } else if (!SettingChecks.blank(settings.username())) {
        String password = settings.currentPassword();
        request.header(
            "Authorization",
            Credentials.basic(settings.username(), password == null ? "" : password));
      }
    } catch (IllegalStateException unreadable) {
      // A file being rotated may be missing for a moment: retried.
      throw ApplicationFailure.newFailure(
          "Loki credentials: " + unreadable.getMessage(), FailureType.UNAVAILABLE.type());
    }
  }

  private record Line(BigInteger at, String text, String source) {}

  private Finding finding(String service, Instant from, Instant to, JsonNode streams) {
    ErrorLineGroups groups = new ErrorLineGroups(MAX_DISTINCT);
    List<Line> errors = new ArrayList<>();
    int returned = 0;
    for (JsonNode stream : streams) {
      String source = source(stream.path("stream"));
      for (JsonNode value : stream.path("values")) {
        returned++;
        String text = value.path(1).asText("");
        if (groups.add(text, source)) {
          errors.add(new Line(nanosOf(value.path(0).asText()), text, source));
        }
      }
    }
    String window = TIME.format(from) + " and " + TIME.format(to);
    long count = groups.errorLines();
    if (count == 0) {
      String summary = "no error lines for " + service + " in Loki between " + window;
      List<String> evidence =
          returned == 0
              ? List.of()
              : List.of(
                  returned
                      + " line"
                      + (returned == 1 ? "" : "s")
                      + " matched the query, none reads as an error");
      return new Finding(
          DiagnosisProbe.ERROR_LOGS,
          FindingOutcome.HEALTHY,
          summary,
          evidence,
          List.of(),
          clock.instant(),
          Map.of(FindingFacts.LOG_ERRORS, "0"));
    }
    boolean atLeast = returned >= settings.limit();
    String counted = (atLeast ? "at least " : "") + count;
    String lines = counted + " error line" + (count == 1 ? "" : "s") + " for " + service;
    List<String> evidence = new ArrayList<>();
    evidence.add(
        lines
            + " between "
            + window
            + (atLeast
                ? " (the newest "
                    + settings.limit()
                    + " lines read: incident.loki.limit; older ones not counted)"
                : ""));
    List<ErrorLineGroups.Group> top = groups.top(settings.maxGroups());
    top.forEach(g -> evidence.add(g.describe()));
    long others = groups.othersThan(settings.maxGroups());
    if (others > 0) {
      evidence.add(ErrorLineGroups.counted(others, "other messages"));
    }
    errors.stream()
        .sorted(Comparator.comparing(Line::at).reversed())
        .limit(settings.maxSamples())
        .map(
            l ->
                time(l.at())
                    + (l.source().isEmpty() ? "" : " " + l.source())
                    + " "
                    + ErrorLineGroups.oneLine(l.text(), ErrorLineGroups.MAX_MESSAGE))
        .forEach(evidence::add);
    String topMessage = top.get(0).message();
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(FindingFacts.LOG_ERRORS, Long.toString(count));
    facts.put(FindingFacts.LOG_TOP_MESSAGE, topMessage);
    String summary =
        lines + " in the window (Loki); most frequent: " + ErrorLineGroups.oneLine(topMessage, 100);
    return new Finding(
        DiagnosisProbe.ERROR_LOGS,
        FindingOutcome.ANOMALY,
        summary,
        evidence,
        List.of(),
        clock.instant(),
        facts);
  }

  /** Where a stream's lines came from: its pod, else its labels but the common ones. */
  private static String source(JsonNode labels) {
    for (String name : List.of("pod", "pod_name", "k8s_pod_name", "instance", "host")) {
      if (labels.path(name).isTextual()) {
        return labels.path(name).asText();
      }
    }
    List<String> pairs = new ArrayList<>();
    labels
        .properties()
        .forEach(
            e -> {
              if (!List.of("app", "namespace", "service_name", "job").contains(e.getKey())) {
                pairs.add(e.getKey() + "=" + e.getValue().asText());
              }
            });
    return ErrorLineGroups.oneLine(pairs.stream().sorted().collect(Collectors.joining(",")), 80);
  }

  private static BigInteger nanosOf(String text) {
    try {
      return new BigInteger(text);
    } catch (NumberFormatException e) {
      return BigInteger.ZERO;
    }
  }

  private static String time(BigInteger nanos) {
    if (nanos.signum() == 0) {
      return "(no time)";
    }
    BigInteger[] parts = nanos.divideAndRemainder(BILLION);
    return TIME.format(Instant.ofEpochSecond(parts[0].longValue(), parts[1].longValue()));
  }
}
