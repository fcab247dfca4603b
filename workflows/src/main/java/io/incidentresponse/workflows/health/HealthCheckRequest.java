package io.incidentresponse.workflows.health;

import java.util.List;

/**
 * What to check.
 *
 * @param services the services, each checked in parallel (the starter fills in the policy's
 *     services when a person names none)
 * @param namespace their namespace (the policy's default namespace)
 * @param by who asked, or {@code schedule}
 * @param watch what to do about a service that is down; null to only report
 */
public record HealthCheckRequest(
    List<String> services, String namespace, String by, DownServiceWatch watch) {

  public HealthCheckRequest {
    services = services == null ? List.of() : List.copyOf(services);
  }

  public HealthCheckRequest(List<String> services, String namespace, String by) {
    this(services, namespace, by, null);
  }
}
