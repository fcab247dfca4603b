package io.incidentresponse.workflows.drill;

import io.incidentresponse.workflows.incident.Severity;
import java.time.Instant;

/** The drill's incident as the score reads it; a time not reached yet is null. */
public record IncidentTimes(
    String incidentId,
    Severity severity,
    Instant detectedAt,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant mitigatedAt) {}
