package io.incidentresponse.activities.prometheus;

import io.incidentresponse.workflows.closure.ImpactActivities;
import io.incidentresponse.workflows.closure.ImpactAssessment;
import io.incidentresponse.workflows.closure.ImpactRequest;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * Users affected, from the PromQL template named {@value #USERS_AFFECTED} ({@code
 * incident.prometheus.queries.usersAffected}, or per service), evaluated at the resolution time
 * with {@code {window}} replaced by the incident's duration in seconds (e.g. {@code count(count by
 * (user_id) (increase(checkout_failures_total{job="{service}"}[{window}]) > 0))}). Without the
 * template it is not configured, and the workflow asks a person.
 */
public final class PrometheusImpact implements ImpactActivities {
  public static final String USERS_AFFECTED = "usersAffected";

  private final PrometheusSettings settings;
  private final PrometheusClient prometheus;

  public PrometheusImpact(PrometheusSettings settings, OkHttpClient client) {
    this.settings = settings;
    this.prometheus = new PrometheusClient(settings, client);
  }

  @Override
  public ImpactAssessment assessImpact(ImpactRequest request) {
    String promql = settings.query(USERS_AFFECTED, request.service(), request.namespace());
    if (promql == null) {
      throw ExpectedFailures.notConfigured(
          "users affected query (incident.prometheus.queries.usersAffected) is not configured");
    }
    long seconds = Math.max(60, Duration.between(request.from(), request.to()).toSeconds());
    promql = promql.replace("{window}", seconds + "s");
    PrometheusClient.Result result = prometheus.instant(USERS_AFFECTED, promql, request.to());
    double most = Double.NaN;
    for (double value : result.values()) {
      if (!Double.isNaN(value) && !Double.isInfinite(value)) {
        most = Double.isNaN(most) ? value : Math.max(most, value);
      }
    }
    return new ImpactAssessment(
        Double.isNaN(most) ? null : Math.round(most), "Prometheus: " + promql);
  }
}
