package io.incidentresponse.demo;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The service's metrics, named as the project's default PromQL expects: {@code
 * http_requests_total{status}} and the classic histogram {@code http_request_duration_seconds} (its
 * {@code _bucket} series feed the p95 query). Only {@code /checkout} requests are counted, so
 * scrapes and health checks never dilute the error ratio. Each instance has its own registry.
 */
final class CheckoutMetrics {
  static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter requests;
  private final Histogram duration;

  CheckoutMetrics() {
    requests =
        Counter.builder()
            .name("http_requests_total")
            .help("Checkout requests answered, by HTTP status")
            .labelNames("status")
            .withoutExemplars()
            .register(registry);
    // Both series exist from the start, so the error ratio is 0 rather than "no data".
    requests.initLabelValues("200");
    requests.initLabelValues("500");
    duration =
        Histogram.builder()
            .name("http_request_duration_seconds")
            .help("Time to answer a checkout request")
            .classicOnly()
            .withoutExemplars()
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
            .register(registry);
  }

  void record(int status, double seconds) {
    requests.labelValues(Integer.toString(status)).inc();
    duration.observe(seconds);
  }

  /** Writes every metric in the Prometheus text format, version 0.0.4. */
  void write(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }
}
