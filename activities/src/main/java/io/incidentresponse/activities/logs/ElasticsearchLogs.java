package io.incidentresponse.activities.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.activities.HttpCalls;
import io.incidentresponse.activities.diagnosis.Probe;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The ERROR_LOGS probe: one {@code POST /<index>/_search} for the service's error lines in the
 * window. The query is a bool filter (the service term, the error levels, the time range), sorted
 * newest first, {@code size} {@link ElasticsearchSettings#maxSamples()}, with a {@code terms}
 * aggregation on the message keyword for the most frequent messages and {@code track_total_hits}
 * for an exact count.
 *
 * <p>ANOMALY when there is at least one error line; the evidence gives the total, the most frequent
 * messages with their counts and the newest samples with their time; facts {@link
 * FindingFacts#LOG_ERRORS} and {@link FindingFacts#LOG_TOP_MESSAGE}. Messages are cut at {@value
 * #MAX_MESSAGE} characters. Failures are typed by {@link HttpCalls}: a missing concrete index is
 * NOT_FOUND (a pattern that matches nothing is simply no error lines); a search Elasticsearch
 * rejects (a text field to aggregate on, a wrong field type) is BAD_REQUEST with its reason.
 */
public final class ElasticsearchLogs implements Probe {
  static final int MAX_MESSAGE = ErrorLineGroups.MAX_MESSAGE;
  static final String TOP_MESSAGES = "top_messages";

  private static final MediaType JSON = MediaType.get("application/json");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final ElasticsearchSettings settings;
  private final HttpUrl base;
  private final HttpCalls http;
  private final Clock clock;
  private final ObjectMapper mapper = new ObjectMapper();

  public ElasticsearchLogs(ElasticsearchSettings settings, OkHttpClient client) {
    this(settings, client, Clock.systemUTC());
  }

  /** With the clock that stamps {@link Finding#observedAt()}. */
  public ElasticsearchLogs(ElasticsearchSettings settings, OkHttpClient client, Clock clock) {
    this.settings = settings;
    this.base = settings.url() == null ? null : HttpUrl.parse(settings.url());
    if (base == null) {
      throw ExpectedFailures.notConfigured(
          "Elasticsearch URL is not a valid http(s) URL: " + settings.url());
    }
    this.http = new HttpCalls("Elasticsearch", client);
    this.clock = clock;
  }

  @Override
  public Finding inspect(DiagnosisRequest request) {
    return searchLogs(request);
  }

  public Finding searchLogs(DiagnosisRequest request) {
    Instant to = request.to() != null ? request.to() : clock.instant();
    Instant from = request.from() != null ? request.from() : to.minus(Duration.ofHours(1));
    HttpUrl url =
        base.newBuilder().addPathSegment(settings.index()).addPathSegment("_search").build();
    Request.Builder post =
        new Request.Builder()
            .url(url)
            .post(RequestBody.create(query(request.service(), from, to).toString(), JSON));
    authorize(post);
    JsonNode answer = http.send("search of " + settings.index(), post.build());
    if (!answer.path("hits").isObject()) {
      throw ApplicationFailure.newFailure(
          "Elasticsearch search of "
              + settings.index()
              + " answered without hits: not a _search answer?",
          FailureType.UNAVAILABLE.type());
    }
    return finding(request.service(), from, to, answer);
  }

  /** The search body. */
  ObjectNode query(String service, Instant from, Instant to) {
    ObjectNode body = mapper.createObjectNode();
    body.put("size", settings.maxSamples());
    body.put("track_total_hits", true);
    ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
    filter.addObject().putObject("term").put(settings.serviceField(), service);
    ArrayNode levels = filter.addObject().putObject("terms").putArray(settings.levelField());
    settings.errorLevels().forEach(levels::add);
    filter
        .addObject()
        .putObject("range")
        .putObject(settings.timestampField())
        .put("gte", from.toString())
        .put("lte", to.toString())
        .put("format", "strict_date_optional_time");
    body.putArray("sort").addObject().putObject(settings.timestampField()).put("order", "desc");
    body.putObject("aggs")
        .putObject(TOP_MESSAGES)
        .putObject("terms")
        .put("field", settings.messageAggregationField())
        .put("size", settings.maxGroups());
    return body;
  }

  private void authorize(Request.Builder request) {
    if (!ElasticsearchSettings.blank(settings.apiKey())) {
      request.header("Authorization", "ApiKey " + settings.apiKey());
    } else if (!ElasticsearchSettings.blank(settings.username())) {
      request.header(
          "Authorization",
          Credentials.basic(
              settings.username(), settings.password() == null ? "" : settings.password()));
    }
  }

  private Finding finding(String service, Instant from, Instant to, JsonNode answer) {
    JsonNode hits = answer.path("hits");
    JsonNode total = hits.path("total");
    // ES 7+: {"value": n, "relation": "eq"}; ES 6 and OpenSearch with rest_total_hits_as_int: n.
    long count = total.isObject() ? total.path("value").asLong() : total.asLong();
    boolean atLeast = "gte".equals(total.path("relation").asText());
    String window = TIME.format(from) + " and " + TIME.format(to);

    List<String> evidence = new ArrayList<>();
    Map<String, String> facts = new LinkedHashMap<>();
    if (answer.path("timed_out").asBoolean(false)) {
      evidence.add("the search timed out in Elasticsearch: the counts may be low");
    }
    int failedShards = answer.path("_shards").path("failed").asInt(0);
    if (failedShards > 0) {
      evidence.add(
          failedShards
              + " of "
              + answer.path("_shards").path("total").asInt()
              + " shards failed: the counts may be low ("
              + truncate(answer.at("/_shards/failures/0/reason/reason").asText("no reason given"))
              + ")");
    }
    if (count == 0) {
      return new Finding(
          DiagnosisProbe.ERROR_LOGS,
          FindingOutcome.HEALTHY,
          "no error lines for " + service + " in " + settings.index() + " between " + window,
          evidence,
          List.of(),
          clock.instant(),
          Map.of(FindingFacts.LOG_ERRORS, "0"));
    }

    facts.put(FindingFacts.LOG_ERRORS, Long.toString(count));
    String counted = (atLeast ? "at least " : "") + count;
    evidence.add(
        counted
            + " error line"
            + (count == 1 ? "" : "s")
            + " for "
            + service
            + " between "
            + window);

    String top = null;
    JsonNode buckets = answer.path("aggregations").path(TOP_MESSAGES).path("buckets");
    for (JsonNode bucket : buckets) {
      String message = truncate(bucket.path("key").asText());
      if (top == null) {
        top = message;
      }
      evidence.add(ErrorLineGroups.counted(bucket.path("doc_count").asLong(), message));
    }
    long others =
        answer.path("aggregations").path(TOP_MESSAGES).path("sum_other_doc_count").asLong(0);
    if (others > 0) {
      evidence.add(ErrorLineGroups.counted(others, "other messages"));
    }

    for (JsonNode hit : hits.path("hits")) {
      JsonNode source = hit.path("_source");
      String message = truncate(text(field(source, settings.messageField())));
      if (top == null && !message.isEmpty()) {
        top = message;
      }
      String at = time(text(field(source, settings.timestampField())));
      String level = text(field(source, settings.levelField()));
      evidence.add(
          at
              + (level.isEmpty() ? "" : " [" + level + "]")
              + " "
              + (message.isEmpty() ? "(no message)" : message));
    }
    if (top != null) {
      facts.put(FindingFacts.LOG_TOP_MESSAGE, top);
    }
    String summary =
        counted
            + " error line"
            + (count == 1 ? "" : "s")
            + " for "
            + service
            + " in the window"
            + (top == null ? "" : "; most frequent: " + truncate(top, 100));
    return new Finding(
        DiagnosisProbe.ERROR_LOGS,
        FindingOutcome.ANOMALY,
        summary,
        evidence,
        List.of(),
        clock.instant(),
        facts);
  }

  /**
   * A possibly dotted field of a {@code _source}: {@code log.level} may be stored as the key {@code
   * "log.level"} or as {@code {"log":{"level":...}}} or a mix of the two.
   */
  static JsonNode field(JsonNode source, String dotted) {
    if (source == null || !source.isObject()) {
      return null;
    }
    if (source.has(dotted)) {
      return source.get(dotted);
    }
    int dot = dotted.indexOf('.');
    while (dot > 0) {
      JsonNode inner = source.get(dotted.substring(0, dot));
      if (inner != null) {
        JsonNode found = field(inner, dotted.substring(dot + 1));
        if (found != null) {
          return found;
        }
      }
      dot = dotted.indexOf('.', dot + 1);
    }
    return null;
  }

  private static String text(JsonNode node) {
    if (node == null || node.isNull()) {
      return "";
    }
    if (node.isArray()) {
      return node.isEmpty() ? "" : text(node.get(0));
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }

  /** An ISO timestamp as {@code 13:59:58 UTC}; anything else as it is. */
  private static String time(String value) {
    if (value.isEmpty()) {
      return "(no time)";
    }
    try {
      return TIME.format(Instant.parse(value));
    } catch (RuntimeException notIso) {
      try {
        return TIME.format(java.time.OffsetDateTime.parse(value).toInstant());
      } catch (RuntimeException notOffset) {
        return value;
      }
    }
  }

  static String truncate(String message) {
    return truncate(message, MAX_MESSAGE);
  }

  private static String truncate(String message, int max) {
    return ErrorLineGroups.oneLine(message, max);
  }
}
