package io.incidentresponse.activities.prometheus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * A Prometheus stood up by MockWebServer that answers by query and evaluation time: each answer is
 * a JSON file under {@code src/test/resources/prometheus/}, keyed {@code <query name>@<time>} for
 * instant queries ({@code @now} when the request has no {@code time}) and {@code <query
 * name>@range} for range queries. A request nobody expected is answered 400 bad_data, so a test
 * fails loudly.
 */
final class PrometheusFixture extends Dispatcher {
  private final PrometheusSettings settings;
  private final String service;
  private final String namespace;
  private final Map<String, MockResponse> answers = new HashMap<>();
  final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());

  PrometheusFixture(PrometheusSettings settings, String service, String namespace) {
    this.settings = settings;
    this.service = service;
    this.namespace = namespace;
  }

  PrometheusFixture answer(String key, String resource) {
    return answer(key, 200, resource);
  }

  PrometheusFixture answer(String key, int code, String resource) {
    answers.put(
        key,
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json")
            .body(resource("/prometheus/" + resource))
            .build());
    return this;
  }

  /** Answers the four instant queries at {@code time} from {@code <dir>/<file>-<suffix>.json}. */
  PrometheusFixture all(String dir, String time, String suffix) {
    answer(PrometheusSettings.UP + "@" + time, dir + "/up-" + suffix + ".json");
    answer(PrometheusSettings.REQUEST_RATE + "@" + time, dir + "/request-rate-" + suffix + ".json");
    answer(PrometheusSettings.ERROR_RATIO + "@" + time, dir + "/error-ratio-" + suffix + ".json");
    answer(PrometheusSettings.LATENCY_P95 + "@" + time, dir + "/latency-p95-" + suffix + ".json");
    return this;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    requests.add(request);
    HttpUrl url = request.getUrl();
    String name = nameOf(url.queryParameter("query"));
    String key =
        url.encodedPath().endsWith("/query_range")
            ? name + "@range"
            : name
                + "@"
                + (url.queryParameter("time") == null ? "now" : url.queryParameter("time"));
    MockResponse answer = answers.get(key);
    if (answer != null) {
      return answer;
    }
    return new MockResponse.Builder()
        .code(400)
        .body(
            "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"unexpected request "
                + key
                + "\"}")
        .build();
  }

  private String nameOf(String promql) {
    for (String name : settings.queries().keySet()) {
      if (promql != null && promql.equals(settings.query(name, service, namespace))) {
        return name;
      }
    }
    return "unknown";
  }

  static String resource(String path) {
    try (InputStream in = PrometheusFixture.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
