package io.incidentresponse.workflows.postmortem;

import io.incidentresponse.workflows.incident.IncidentState;
import java.time.Instant;

/**
 * Starts the postmortem of a resolved incident.
 *
 * @param incident the incident's final state, timeline included
 * @param reviewDueAt when the review must have been held
 */
public record PostmortemInput(IncidentState incident, Instant reviewDueAt) {}
