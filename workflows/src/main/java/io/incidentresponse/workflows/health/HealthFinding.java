package io.incidentresponse.workflows.health;

/**
 * One check of one service.
 *
 * @param check its name, one of {@link HealthChecks}
 * @param status what it found
 * @param detail the figure against the bound ({@code 2.1% >= 1%}), or why it is unknown ({@code not
 *     configured: incident.prometheus.url})
 * @param down this finding alone says the service is down (nothing answers, Prometheus cannot
 *     scrape it, no replica is ready), not merely unhealthy; see {@link HealthChecks#DOWN}
 */
public record HealthFinding(String check, HealthStatus status, String detail, boolean down) {

  public static HealthFinding healthy(String check, String detail) {
    return new HealthFinding(check, HealthStatus.HEALTHY, detail, false);
  }

  /** Unhealthy, but not down: e.g. an error ratio above its bound, or 1 of 3 replicas ready. */
  public static HealthFinding unhealthy(String check, String detail) {
    return new HealthFinding(check, HealthStatus.UNHEALTHY, detail, false);
  }

  /** Unhealthy in a way that means the service is down. */
  public static HealthFinding down(String check, String detail) {
    return new HealthFinding(check, HealthStatus.UNHEALTHY, detail, true);
  }

  public static HealthFinding unknown(String check, String detail) {
    return new HealthFinding(check, HealthStatus.UNKNOWN, detail, false);
  }
}
