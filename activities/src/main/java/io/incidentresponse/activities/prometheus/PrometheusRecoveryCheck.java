package io.incidentresponse.activities.prometheus;

import static io.incidentresponse.activities.prometheus.PrometheusSettings.ERROR_RATIO;
import static io.incidentresponse.activities.prometheus.PrometheusSettings.LATENCY_P95;
import static io.incidentresponse.activities.prometheus.PrometheusSettings.UP;

import io.incidentresponse.activities.mitigation.RecoveryCheck;
import io.incidentresponse.workflows.mitigation.VerificationRequest;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * Recovery verification against Prometheus, evaluated at Prometheus's own "now" (no {@code time}
 * parameter, so the worker's clock does not matter):
 *
 * <ul>
 *   <li>{@code up}: passes at 1 ({@code 1 = 1}); below 1 fails ({@code 0.67 < 1}); <b>no data
 *       fails</b> ("no data"): a service whose targets are not even scraped has not shown it is
 *       back (a health check reports it as unknown: nothing says it is down either).
 *   <li>{@code error ratio}: passes below the threshold ({@code 0.2% < 5%}); <b>no data or NaN
 *       passes</b> ("no data: no 5xx or no traffic"): with the default template an empty answer
 *       means no 5xx series exists and NaN means no requests, and {@code up} already catches a
 *       service that is down.
 *   <li>{@code p95}: passes below the threshold ({@code 180 ms < 1 s}); no data or NaN passes ("no
 *       data: no traffic"), for the same reason.
 * </ul>
 *
 * A query whose template is blank is not checked. Prometheus unreachable or rejecting a query
 * throws the typed failure of {@link PrometheusClient}, which the router reports as "could not
 * look".
 */
public final class PrometheusRecoveryCheck implements RecoveryCheck {
  private final PrometheusSettings settings;
  private final PrometheusClient prometheus;

  public PrometheusRecoveryCheck(PrometheusSettings settings, OkHttpClient client) {
    this.settings = settings;
    this.prometheus = new PrometheusClient(settings, client);
  }

  @Override
  public List<CheckResult> check(VerificationRequest request) {
    List<CheckResult> results = new ArrayList<>();
    Reading up = read(UP, request);
    if (up != null) {
      results.add(
          switch (up.state()) {
            case VALUE ->
                up.value() >= 1
                    ? CheckResult.pass("up", up.shown() + " = 1")
                    : CheckResult.fail("up", up.shown() + " < 1");
            case NAN -> CheckResult.unseen("up", "NaN");
            default -> CheckResult.unseen("up", "no data");
          });
    }
    Reading errors = read(ERROR_RATIO, request);
    if (errors != null) {
      String threshold = Reading.percent(settings.errorRatioThreshold());
      results.add(
          errors.hasValue()
              ? compare(
                  "error ratio",
                  errors.value() < settings.errorRatioThreshold(),
                  errors.shown(),
                  threshold)
              : CheckResult.pass("error ratio", "no data: no 5xx or no traffic"));
    }
    Reading latency = read(LATENCY_P95, request);
    if (latency != null) {
      String threshold = Reading.seconds(settings.latencyP95ThresholdSeconds());
      results.add(
          latency.hasValue()
              ? compare(
                  "p95",
                  latency.value() < settings.latencyP95ThresholdSeconds(),
                  Reading.format(LATENCY_P95, latency.value()),
                  threshold)
              : CheckResult.pass("p95", "no data: no traffic"));
    }
    return results;
  }

  private static CheckResult compare(String name, boolean below, String value, String threshold) {
    return below
        ? CheckResult.pass(name, value + " < " + threshold)
        : CheckResult.fail(name, value + " >= " + threshold);
  }

  /** The reading now, or null when the template is switched off. */
  private Reading read(String name, VerificationRequest request) {
    String promql = settings.query(name, request.service(), request.namespace());
    if (promql == null) {
      return null;
    }
    return Reading.of(name, promql, prometheus.instant(name, promql, null));
  }
}
