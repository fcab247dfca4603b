package io.incidentresponse.workflows.health;

/**
 * What one check, one service or a whole health check found. UNKNOWN means nobody could look (the
 * check is not configured, or the system it asks could not be reached): it is neither healthy nor
 * down, and it never opens an incident.
 */
public enum HealthStatus {
  HEALTHY,
  UNHEALTHY,
  UNKNOWN;

  /** The worse of the two: UNHEALTHY over UNKNOWN over HEALTHY. */
  public HealthStatus worst(HealthStatus other) {
    if (this == UNHEALTHY || other == UNHEALTHY) {
      return UNHEALTHY;
    }
    return this == UNKNOWN || other == UNKNOWN ? UNKNOWN : HEALTHY;
  }
}
