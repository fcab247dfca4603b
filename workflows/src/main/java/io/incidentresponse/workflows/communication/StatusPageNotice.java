package io.incidentresponse.workflows.communication;

import java.time.Instant;

/**
 * Public status-page text, from the runbook's external template.
 *
 * @param brief which incident
 * @param existing the status-page incident to update or resolve, or null to open one
 * @param component the affected status-page component, or null
 * @param userImpact what users may experience
 * @param message the full external message
 * @param nextUpdateAt when the next public update is due, or null
 */
public record StatusPageNotice(
    IncidentBrief brief,
    StatusPageRef existing,
    String component,
    String userImpact,
    String message,
    Instant nextUpdateAt) {}
