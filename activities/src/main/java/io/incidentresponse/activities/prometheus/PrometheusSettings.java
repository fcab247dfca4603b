package io.incidentresponse.activities.prometheus;

import static io.incidentresponse.activities.SettingChecks.baseUrl;
import static io.incidentresponse.activities.SettingChecks.positive;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to reach Prometheus and what to ask it.
 *
 * @param url base URL of the Prometheus HTTP API (or a compatible one: Thanos, Mimir,
 *     VictoriaMetrics with its Prometheus path prefix), e.g. {@code http://prometheus:9090}; the
 *     integration is configured when it is not blank
 * @param bearerToken sent as {@code Authorization: Bearer} when not blank; optional; never printed
 * @param queries PromQL templates by name: {@value #UP}, {@value #REQUEST_RATE}, {@value
 *     #ERROR_RATIO} and {@value #LATENCY_P95}. {@code {service}} and {@code {namespace}} are
 *     replaced by the incident's service and namespace (escaped for a PromQL string). A name left
 *     out keeps its default (see {@link #DEFAULT_QUERIES}); a blank template switches that query
 *     off. {@code up} should give 1 when every target is up (the share that is up otherwise),
 *     {@code requestRate} requests per second, {@code errorRatio} the 5xx share of requests (0..1),
 *     {@code latencyP95} seconds.
 * @param services per-service overrides: service name to templates by the same names; a name the
 *     override leaves out falls back to {@code queries}
 * @param errorRatioThreshold the error ratio above which the service is unhealthy, a share (0.05 =
 *     5%); default 0.05
 * @param latencyP95ThresholdSeconds the p95 latency above which the service is unhealthy, seconds;
 *     default 1.0
 * @param step resolution of the range query that finds when the error ratio crossed its threshold;
 *     default 60 s
 */
public record PrometheusSettings(
    String url,
    String bearerToken,
    Map<String, String> queries,
    Map<String, Map<String, String>> services,
    Double errorRatioThreshold,
    Double latencyP95ThresholdSeconds,
    Duration step) {

  public static final String UP = "up";
  public static final String REQUEST_RATE = "requestRate";
  public static final String ERROR_RATIO = "errorRatio";
  public static final String LATENCY_P95 = "latencyP95";

  /** The templates used for every name the settings leave out. */
  public static final Map<String, String> DEFAULT_QUERIES =
      defaults(
          UP,
          "avg(up{job=\"{service}\"})",
          REQUEST_RATE,
          "sum(rate(http_requests_total{job=\"{service}\"}[5m]))",
          ERROR_RATIO,
          "sum(rate(http_requests_total{job=\"{service}\",status=~\"5..\"}[5m]))"
              + " / sum(rate(http_requests_total{job=\"{service}\"}[5m]))",
          LATENCY_P95,
          "histogram_quantile(0.95, sum by (le)"
              + " (rate(http_request_duration_seconds_bucket{job=\"{service}\"}[5m])))");

  public PrometheusSettings {
    url = baseUrl("incident.prometheus.url", url);
    Map<String, String> merged = new LinkedHashMap<>(DEFAULT_QUERIES);
    if (queries != null) {
      merged.putAll(queries);
    }
    queries = java.util.Collections.unmodifiableMap(merged);
    Map<String, Map<String, String>> perService = new LinkedHashMap<>();
    if (services != null) {
      services.forEach((service, templates) -> perService.put(service, Map.copyOf(templates)));
    }
    services = java.util.Collections.unmodifiableMap(perService);
    errorRatioThreshold = errorRatioThreshold == null ? 0.05 : errorRatioThreshold;
    latencyP95ThresholdSeconds =
        latencyP95ThresholdSeconds == null ? 1.0 : latencyP95ThresholdSeconds;
    step = positive("incident.prometheus.step", step, Duration.ofSeconds(60));
  }

  /**
   * Settings with the default queries, thresholds and step. A factory, not a constructor: Spring's
   * binder needs the canonical constructor to be the only one.
   */
  public static PrometheusSettings of(String url, String bearerToken) {
    return new PrometheusSettings(url, bearerToken, null, null, null, null, null);
  }

  /** Configured when the URL is set. */
  public boolean configured() {
    return !blank(url);
  }

  /** The template named {@code name} for {@code service}; null or blank when switched off. */
  public String template(String service, String name) {
    Map<String, String> override = services.get(service);
    if (override != null && override.containsKey(name)) {
      return override.get(name);
    }
    return queries.get(name);
  }

  /** The PromQL of {@code name} for the service, or null when that query is switched off. */
  public String query(String name, String service, String namespace) {
    String template = template(service, name);
    if (blank(template)) {
      return null;
    }
    return template
        .replace("{service}", promqlString(service))
        .replace("{namespace}", promqlString(namespace));
  }

  /** Escapes a value for the inside of a double-quoted PromQL string. */
  public static String promqlString(String value) {
    return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static Map<String, String> defaults(String... namesAndTemplates) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndTemplates.length; i += 2) {
      map.put(namesAndTemplates[i], namesAndTemplates[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "PrometheusSettings[url="
        + url
        + ", bearerToken="
        + (blank(bearerToken) ? "(none)" : "(set)")
        + ", queries="
        + queries
        + ", services="
        + services
        + ", errorRatioThreshold="
        + errorRatioThreshold
        + ", latencyP95ThresholdSeconds="
        + latencyP95ThresholdSeconds
        + ", step="
        + step
        + "]";
  }
}
