package io.incidentresponse.workflows.maintenance;

import io.incidentresponse.workflows.communication.StatusPageRef;
import java.time.Instant;
import java.util.List;

/**
 * A scheduled maintenance on the public status page. Idempotent by {@code maintenanceId}: a retried
 * announcement finds the one made earlier.
 *
 * @param existing the status-page maintenance made earlier; null when announcing
 */
public record MaintenanceNotice(
    String maintenanceId,
    String service,
    List<String> components,
    String title,
    String message,
    Instant startsAt,
    Instant endsAt,
    StatusPageRef existing) {

  public MaintenanceNotice {
    components = components == null ? List.of() : List.copyOf(components);
  }
}
