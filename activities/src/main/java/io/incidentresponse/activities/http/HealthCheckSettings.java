package io.incidentresponse.activities.http;

import static io.incidentresponse.activities.SettingChecks.positive;

import java.time.Duration;
import java.util.Map;

/**
 * Where a service's health endpoint is.
 *
 * @param urlTemplate URL with {@code {service}} and {@code {namespace}} placeholders, e.g. {@code
 *     http://{service}.{namespace}.svc.cluster.local:8080/health}
 * @param urls per-service URLs that win over the template (service name to URL)
 * @param maxLatency an answer slower than this fails the check; default 1 s
 */
public record HealthCheckSettings(
    String urlTemplate, Map<String, String> urls, Duration maxLatency) {

  public HealthCheckSettings {
    urls = urls == null ? Map.of() : Map.copyOf(urls);
    maxLatency =
        positive("incident.verification.health.max-latency", maxLatency, Duration.ofSeconds(1));
  }

  /** Configured when there is a template or at least one per-service URL. */
  public boolean configured() {
    return (urlTemplate != null && !urlTemplate.isBlank()) || !urls.isEmpty();
  }

  /** The service's health URL, or null when neither an override nor the template gives one. */
  public String urlFor(String service, String namespace) {
    String url = service == null ? null : urls.get(service);
    if (url != null && !url.isBlank()) {
      return url;
    }
    if (urlTemplate == null || urlTemplate.isBlank() || service == null || service.isBlank()) {
      return null;
    }
    if (urlTemplate.contains("{namespace}") && (namespace == null || namespace.isBlank())) {
      return null;
    }
    return urlTemplate
        .replace("{service}", service)
        .replace("{namespace}", namespace == null ? "" : namespace);
  }
}
