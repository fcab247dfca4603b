package io.incidentresponse.workflows.communication;

/**
 * A message for leadership: a P0/P1 opened or resolved, or nobody acknowledged in time.
 *
 * @param brief which incident
 * @param reason why leadership is told now
 * @param kind a stable key of the notice ("opened", "unacknowledged", "resolved"), for idempotency
 */
public record LeadershipNotice(IncidentBrief brief, String reason, String kind) {}
