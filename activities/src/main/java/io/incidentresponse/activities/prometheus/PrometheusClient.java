package io.incidentresponse.activities.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.activities.HttpCalls;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * The Prometheus HTTP API: instant queries ({@code GET /api/v1/query}) and range queries ({@code
 * GET /api/v1/query_range}). Vector, scalar and matrix results are read into {@link Series}; the
 * special values {@code NaN}, {@code +Inf} and {@code -Inf} become the matching doubles. An empty
 * result is a {@link Result} without series ("no data"), not a failure.
 *
 * <p>Failures are typed by {@link HttpCalls}; on top of that, Prometheus's own error answer ({@code
 * {"status":"error","errorType":"bad_data","error":"..."}}, with 400 or 422, or even with 200) is a
 * non-retryable BAD_REQUEST that names the query, so a mis-configured PromQL template is visible
 * rather than retried; a {@code "status":"error"} of another type in a 2xx body is a retryable
 * UNAVAILABLE.
 */
public final class PrometheusClient {
  private final HttpUrl base;
  private final String bearerToken;
  private final HttpCalls http;

  public PrometheusClient(PrometheusSettings settings, OkHttpClient client) {
    HttpUrl parsed = settings.url() == null ? null : HttpUrl.parse(settings.url());
    if (parsed == null) {
      throw ExpectedFailures.notConfigured(
          "Prometheus URL is not a valid http(s) URL: " + settings.url());
    }
    this.base = parsed;
    this.bearerToken = settings.bearerToken();
    this.http = new HttpCalls("Prometheus", client);
  }

  /**
   * Evaluates {@code promql} at {@code time} ({@code null}: Prometheus's own now).
   *
   * @param name the query's name, for messages
   */
  public Result instant(String name, String promql, Instant time) {
    HttpUrl.Builder url = api("query").addQueryParameter("query", promql);
    if (time != null) {
      url.addQueryParameter("time", timestamp(time));
    }
    return call(name, promql, url.build());
  }

  /** Evaluates {@code promql} over [start, end] every {@code step}. */
  public Result range(String name, String promql, Instant start, Instant end, Duration step) {
    HttpUrl url =
        api("query_range")
            .addQueryParameter("query", promql)
            .addQueryParameter("start", timestamp(start))
            .addQueryParameter("end", timestamp(end))
            .addQueryParameter("step", seconds(step))
            .build();
    return call(name, promql, url);
  }

  private HttpUrl.Builder api(String endpoint) {
    return base.newBuilder().addPathSegments("api/v1").addPathSegment(endpoint);
  }

  private Result call(String name, String promql, HttpUrl url) {
    Request.Builder request = new Request.Builder().url(url).get();
    if (!PrometheusSettings.blank(bearerToken)) {
      request.header("Authorization", "Bearer " + bearerToken);
    }
    String what = "query " + name + " (" + promql + ")";
    // A 400 bad_data or 422 execution answer is a final BAD_REQUEST whose message names the query
    // and carries Prometheus's error text (HttpCalls reads the "error" field).
    JsonNode body = http.send(what, request.build());
    String status = body.path("status").asText("");
    if ("error".equals(status)) {
      String errorType = body.path("errorType").asText("");
      String message =
          "Prometheus "
              + what
              + " answered status error ("
              + errorType
              + "): "
              + body.path("error").asText("");
      if ("bad_data".equals(errorType) || "execution".equals(errorType)) {
        throw ApplicationFailure.newNonRetryableFailure(message, FailureType.BAD_REQUEST.type());
      }
      throw ApplicationFailure.newFailure(message, FailureType.UNAVAILABLE.type());
    }
    if (!"success".equals(status) || !body.path("data").isObject()) {
      throw ApplicationFailure.newFailure(
          "Prometheus " + what + " answered without a status or data: not the Prometheus API?",
          FailureType.UNAVAILABLE.type());
    }
    return parse(body);
  }

  static Result parse(JsonNode body) {
    JsonNode data = body.path("data");
    String type = data.path("resultType").asText("");
    JsonNode result = data.path("result");
    List<Series> series = new ArrayList<>();
    switch (type) {
      case "vector" -> {
        for (JsonNode item : result) {
          JsonNode value = item.path("value");
          if (value.isArray() && value.size() == 2) {
            series.add(new Series(labels(item), List.of(point(value))));
          }
        }
      }
      case "matrix" -> {
        for (JsonNode item : result) {
          List<Point> points = new ArrayList<>();
          for (JsonNode value : item.path("values")) {
            points.add(point(value));
          }
          if (!points.isEmpty()) {
            series.add(new Series(labels(item), points));
          }
        }
      }
      case "scalar" -> {
        if (result.isArray() && result.size() == 2) {
          series.add(new Series(Map.of(), List.of(point(result))));
        }
      }
      default -> {
        // "string" results and native-histogram-only series carry no number to judge.
      }
    }
    List<String> warnings = new ArrayList<>();
    body.path("warnings").forEach(w -> warnings.add(w.asText()));
    return new Result(type, series, warnings);
  }

  private static Map<String, String> labels(JsonNode item) {
    Map<String, String> labels = new LinkedHashMap<>();
    item.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  private static Point point(JsonNode pair) {
    BigDecimal seconds = pair.get(0).decimalValue();
    Instant at =
        Instant.ofEpochMilli(
            seconds.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
    return new Point(at, value(pair.get(1).asText()));
  }

  /** Prometheus's sample value strings: decimals, {@code NaN}, {@code +Inf}, {@code -Inf}. */
  static double value(String text) {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          yield Double.NaN;
        }
      }
    };
  }

  /** Unix seconds with millisecond precision, the API's own timestamp form. */
  static String timestamp(Instant at) {
    return BigDecimal.valueOf(at.toEpochMilli(), 3).stripTrailingZeros().toPlainString();
  }

  private static String seconds(Duration step) {
    return BigDecimal.valueOf(step.toMillis(), 3).stripTrailingZeros().toPlainString();
  }

  /**
   * One query's answer.
   *
   * @param resultType {@code vector}, {@code matrix}, {@code scalar} or {@code string}
   * @param series the series; empty means no data
   * @param warnings Prometheus's warnings, if any
   */
  public record Result(String resultType, List<Series> series, List<String> warnings) {
    public Result {
      series = List.copyOf(series);
      warnings = List.copyOf(warnings);
    }

    public boolean empty() {
      return series.isEmpty();
    }

    /** Every sample's value across the series (one each for a vector). */
    public List<Double> values() {
      List<Double> values = new ArrayList<>();
      for (Series s : series) {
        for (Point p : s.points()) {
          values.add(p.value());
        }
      }
      return values;
    }
  }

  /** One series: its labels and its samples in time order. */
  public record Series(Map<String, String> metric, List<Point> points) {
    public Series {
      metric = Map.copyOf(metric);
      points = List.copyOf(points);
    }
  }

  /** One sample. */
  public record Point(Instant at, double value) {}
}
