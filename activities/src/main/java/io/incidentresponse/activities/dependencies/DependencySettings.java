package io.incidentresponse.activities.dependencies;

import static io.incidentresponse.activities.SettingChecks.atLeast;
import static io.incidentresponse.activities.SettingChecks.blank;

import io.incidentresponse.activities.prometheus.PrometheusSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which services each service depends on, and how Prometheus measures them ({@code
 * incident.dependencies.*}). The DEPENDENCIES probe runs when Prometheus is configured ({@code
 * incident.prometheus.url}); it takes its thresholds and step from there.
 *
 * <p>Templates are PromQL with the placeholders {@code {service}} (the incident's service), {@code
 * {namespace}} and {@code {dependency}}, each replaced escaped for a PromQL string. A template left
 * out takes its default; a blank one switches that query off.
 *
 * @param services service name to its dependencies as configured: {@code upstreams} (what it
 *     calls), {@code downstreams} (who calls it), {@code breakers} (dependency name to the name of
 *     the circuit breaker that guards the service's calls to it, on the service's admin endpoint)
 * @param upstreamsQuery finds what the service calls from metrics with caller/callee labels; each
 *     series is one upstream named by {@code upstreamLabel}, the busiest first. Default: Istio's
 *     {@value #ISTIO_UPSTREAMS}
 * @param upstreamLabel the label naming the upstream in {@code upstreamsQuery}'s series; default
 *     {@code destination_workload}
 * @param downstreamsQuery finds who calls the service, likewise; default {@value
 *     #ISTIO_DOWNSTREAMS}
 * @param downstreamLabel the label naming the caller; default {@code source_workload}
 * @param errorRatioQuery a dependency's error ratio (0..1). Default: the dependency measured like
 *     an incident's service, i.e. {@code incident.prometheus.queries.errorRatio} (or {@code
 *     incident.prometheus.services.<dependency>.errorRatio}) with {@code {service}} = the
 *     dependency. For the calls between the two with Istio: {@value #ISTIO_EDGE_ERROR_RATIO}
 * @param latencyP95Query a dependency's p95 latency in seconds; default as for {@code
 *     errorRatioQuery}, from {@code latencyP95}
 * @param maxDependencies at most this many dependencies are measured per probe (configured ones
 *     first, then discovered ones, busiest first); the rest are named as not measured. Default 8
 */
public record DependencySettings(
    Map<String, Edges> services,
    String upstreamsQuery,
    String upstreamLabel,
    String downstreamsQuery,
    String downstreamLabel,
    String errorRatioQuery,
    String latencyP95Query,
    Integer maxDependencies) {

  static final String PREFIX = "incident.dependencies";

  public static final String ISTIO_UPSTREAMS =
      "sum by (destination_workload) (rate(istio_requests_total{reporter=\"source\","
          + "source_workload=\"{service}\",source_workload_namespace=\"{namespace}\"}[1h]))";

  public static final String ISTIO_DOWNSTREAMS =
      "sum by (source_workload) (rate(istio_requests_total{reporter=\"destination\","
          + "destination_workload=\"{service}\",destination_workload_namespace=\"{namespace}\"}[1h]))";

  /** An example for {@code errorRatioQuery}: the 5xx share of the service's calls to it. */
  public static final String ISTIO_EDGE_ERROR_RATIO =
      "sum(rate(istio_requests_total{reporter=\"source\",source_workload=\"{service}\","
          + "destination_workload=\"{dependency}\",response_code=~\"5..\"}[5m]))"
          + " / sum(rate(istio_requests_total{reporter=\"source\",source_workload=\"{service}\","
          + "destination_workload=\"{dependency}\"}[5m]))";

  /**
   * One service's dependencies as configured.
   *
   * @param upstreams what the service calls
   * @param downstreams who calls the service
   * @param breakers dependency to the circuit breaker on the service's calls to it
   */
  public record Edges(
      List<String> upstreams, List<String> downstreams, Map<String, String> breakers) {
    public Edges {
      upstreams = names(upstreams);
      downstreams = names(downstreams);
      breakers = breakers == null ? Map.of() : Map.copyOf(breakers);
    }

    private static List<String> names(List<String> names) {
      List<String> kept = new ArrayList<>();
      if (names != null) {
        for (String name : names) {
          if (!blank(name) && !kept.contains(name.strip())) {
            kept.add(name.strip());
          }
        }
      }
      return List.copyOf(kept);
    }
  }

  public DependencySettings {
    Map<String, Edges> edges = new LinkedHashMap<>();
    if (services != null) {
      services.forEach(
          (service, e) -> edges.put(service, e == null ? new Edges(null, null, null) : e));
    }
    services = Collections.unmodifiableMap(edges);
    upstreamsQuery = upstreamsQuery == null ? ISTIO_UPSTREAMS : upstreamsQuery;
    upstreamLabel = blank(upstreamLabel) ? "destination_workload" : upstreamLabel.strip();
    downstreamsQuery = downstreamsQuery == null ? ISTIO_DOWNSTREAMS : downstreamsQuery;
    downstreamLabel = blank(downstreamLabel) ? "source_workload" : downstreamLabel.strip();
    maxDependencies = atLeast(PREFIX + ".max-dependencies", maxDependencies, 1, 8);
  }

  /** Nothing configured: the defaults (discovery through Istio's metrics). */
  public static DependencySettings defaults() {
    return new DependencySettings(null, null, null, null, null, null, null, null);
  }

  /** The configured dependencies of {@code service}; none when it is not listed. */
  public Edges edges(String service) {
    Edges edges = services.get(service);
    return edges == null ? new Edges(null, null, null) : edges;
  }

  /** A discovery template with its placeholders filled, or null when it is switched off. */
  String discovery(String template, String service, String namespace) {
    return fill(template, service, namespace, null);
  }

  /**
   * The PromQL of {@code name} ({@link PrometheusSettings#ERROR_RATIO} or {@link
   * PrometheusSettings#LATENCY_P95}) for {@code dependency}, or null when switched off.
   */
  String query(
      PrometheusSettings prometheus,
      String name,
      String service,
      String namespace,
      String dependency) {
    String own = PrometheusSettings.ERROR_RATIO.equals(name) ? errorRatioQuery : latencyP95Query;
    if (own == null) {
      return prometheus.query(name, dependency, namespace);
    }
    return fill(own, service, namespace, dependency);
  }

  private static String fill(String template, String service, String namespace, String dependency) {
    if (blank(template)) {
      return null;
    }
    return template
        .replace("{service}", PrometheusSettings.promqlString(service))
        .replace("{namespace}", PrometheusSettings.promqlString(namespace))
        .replace("{dependency}", PrometheusSettings.promqlString(dependency));
  }
}
