package io.incidentresponse.workflows.health;

/**
 * One check of one service.
 *
 * @param check its name, one of {@link HealthChecks}
 * @param status what it found
 * @param detail the figure against the bound ({@code 2.1% >= 1%}), or why it is unknown ({@code not
 *     configured: incident.prometheus.url})
 */
public record HealthFinding(String check, HealthStatus status, String detail) {

  public static HealthFinding healthy(String check, String detail) {
    return new HealthFinding(check, HealthStatus.HEALTHY, detail);
  }

  public static HealthFinding unhealthy(String check, String detail) {
    return new HealthFinding(check, HealthStatus.UNHEALTHY, detail);
  }

  public static HealthFinding unknown(String check, String detail) {
    return new HealthFinding(check, HealthStatus.UNKNOWN, detail);
  }
}
