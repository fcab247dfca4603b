package io.incidentresponse.workflows.drill;

import io.incidentresponse.workflows.incident.Severity;
import java.time.Instant;

/**
 * An incident that opened for a service while a drill ran on it, as the starter tells the drill.
 *
 * @param incidentId the incident's workflow id
 * @param openedAt when the starter opened it
 * @param severity its severity at opening
 * @param drill true when it was marked as the drill's incident (opened by an alert during the
 *     drill); false for a real one (declared by a person), which stops the drill
 */
public record DrillIncident(
    String incidentId, Instant openedAt, Severity severity, boolean drill) {}
