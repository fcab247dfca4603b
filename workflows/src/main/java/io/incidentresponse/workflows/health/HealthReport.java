package io.incidentresponse.workflows.health;

import java.time.Instant;
import java.util.List;

/**
 * What a health check found.
 *
 * @param checkedAt when it finished
 * @param status UNHEALTHY when a service is; else UNKNOWN when one is; else HEALTHY (also UNKNOWN
 *     when there was no service to check)
 * @param services one per service, in the order asked
 * @param incidents what the scheduled run did about services that were down (empty otherwise)
 */
public record HealthReport(
    Instant checkedAt, HealthStatus status, List<ServiceHealth> services, List<String> incidents) {

  public HealthReport {
    services = services == null ? List.of() : List.copyOf(services);
    incidents = incidents == null ? List.of() : List.copyOf(incidents);
  }
}
