package io.incidentresponse.workflows.oncall;

import java.time.Instant;

/**
 * Which person an escalation level means for an incident, at the moment it is paged.
 *
 * @param incidentId the incident (for logs)
 * @param service the incident's service
 * @param team the service's team from the policy ({@code ServiceProfile.team}), or null when the
 *     policy names none (the roster may map services to teams itself)
 * @param level the escalation level's label from the policy: a rotation name, {@code
 *     primary-oncall} / {@code secondary-oncall} (the team's first / second rotation), {@code
 *     team-lead}, or a role ({@code engineering-manager}, {@code cto}, {@code security-lead},
 *     {@code platform-lead}, or any role the roster defines)
 * @param levelIndex the level's position, 0 for the first responder
 * @param at when the page goes out
 */
public record EscalationTargetRequest(
    String incidentId, String service, String team, String level, int levelIndex, Instant at) {}
