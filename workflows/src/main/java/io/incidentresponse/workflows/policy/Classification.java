package io.incidentresponse.workflows.policy;

import io.incidentresponse.workflows.incident.Impact;
import io.incidentresponse.workflows.incident.Severity;

/**
 * The outcome of classifying an incident's alerts.
 *
 * @param severity P0-P3
 * @param impact Critical/High/Medium/Low
 * @param service the affected service
 * @param namespace where it runs
 * @param title a one-line title for channel topics and status updates
 * @param reason why this severity, for the timeline
 */
public record Classification(
    Severity severity,
    Impact impact,
    String service,
    String namespace,
    String title,
    String reason) {}
