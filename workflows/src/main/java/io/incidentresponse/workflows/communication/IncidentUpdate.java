package io.incidentresponse.workflows.communication;

import java.time.Instant;
import java.util.List;

/**
 * The runbook's internal update: Status, Impact, Actions Taken, Next Steps, ETA, next update.
 *
 * @param brief which incident
 * @param status INVESTIGATING, MITIGATING or RESOLVED
 * @param impact user impact in words
 * @param actionsTaken what has been done, oldest first
 * @param nextSteps what happens next
 * @param eta estimated resolution, in words
 * @param nextUpdateAt when the next update is due, or null after resolution
 * @param sequence 1 for the first update of the incident, 2 for the next... (idempotency key)
 */
public record IncidentUpdate(
    IncidentBrief brief,
    String status,
    String impact,
    List<String> actionsTaken,
    List<String> nextSteps,
    String eta,
    Instant nextUpdateAt,
    int sequence) {}
