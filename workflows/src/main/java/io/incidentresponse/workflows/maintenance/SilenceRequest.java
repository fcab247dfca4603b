package io.incidentresponse.workflows.maintenance;

import java.time.Instant;

/**
 * An Alertmanager silence for a maintenance. Idempotent by {@code maintenanceId}: a retry finds the
 * silence made earlier (its comment names the id) instead of making another.
 */
public record SilenceRequest(
    String maintenanceId,
    String service,
    Instant startsAt,
    Instant endsAt,
    String createdBy,
    String comment) {}
