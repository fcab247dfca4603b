package io.incidentresponse.activities.prometheus;

import io.incidentresponse.workflows.drill.DrillStopCondition;
import io.incidentresponse.workflows.drill.StopCheck;
import io.incidentresponse.workflows.drill.StopCheckRequest;
import java.util.Locale;
import okhttp3.OkHttpClient;

/**
 * A drill's stop conditions as Prometheus instant queries. A condition names a query of the
 * settings ({@code errorRatio}, with the service's overrides) or is PromQL with {@code {service}}
 * and {@code {namespace}}. It trips when any series is above its bound; no data and NaN do not trip
 * it (the service may simply have no traffic). Failures are {@link PrometheusClient}'s.
 */
public final class PrometheusStopCheck {
  private final PrometheusSettings settings;
  private final PrometheusClient prometheus;

  public PrometheusStopCheck(PrometheusSettings settings, OkHttpClient client) {
    this.settings = settings;
    this.prometheus = new PrometheusClient(settings, client);
  }

  public StopCheck check(StopCheckRequest request) {
    String highest = "no data";
    double highestValue = Double.NEGATIVE_INFINITY;
    for (DrillStopCondition condition : request.conditions()) {
      String promql = promql(condition.query(), request.service(), request.namespace());
      double value =
          prometheus.instant(condition.query(), promql, null).values().stream()
              .filter(v -> !v.isNaN())
              .mapToDouble(Double::doubleValue)
              .max()
              .orElse(Double.NaN);
      if (Double.isNaN(value)) {
        continue;
      }
      String seen =
          condition.query()
              + " "
              + format(value)
              + (value > condition.above() ? " above " : " within ")
              + format(condition.above());
      if (value > condition.above()) {
        return new StopCheck(true, seen);
      }
      if (value > highestValue) {
        highestValue = value;
        highest = seen;
      }
    }
    return new StopCheck(false, highest);
  }

  private String promql(String query, String service, String namespace) {
    if (settings.template(service, query) != null) {
      return settings.query(query, service, namespace);
    }
    return query
        .replace("{service}", PrometheusSettings.promqlString(service))
        .replace("{namespace}", PrometheusSettings.promqlString(namespace));
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.3g", value);
  }
}
