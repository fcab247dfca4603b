package io.incidentresponse.workflows.oncall;

/**
 * The person an escalation level resolved to, and how.
 *
 * @param level the level's label, as asked
 * @param person who is paged, or null when the roster has nobody for the level (then {@code
 *     problem} says why and the page goes to the level as before: PagerDuty's escalation policy)
 * @param how how the person was found, for the timeline (e.g. {@code rotation payments-primary,
 *     weekly hand-off Mon 09:00 Europe/Berlin}, {@code override until 2026-12-01T09:00Z}, {@code
 *     role cto})
 * @param pagerDutyEscalationPolicyId the PagerDuty escalation policy for this level when the roster
 *     maps the level to one instead of a person, or null
 * @param problem why nobody was found, or null
 */
public record EscalationTarget(
    String level,
    OnCallPerson person,
    String how,
    String pagerDutyEscalationPolicyId,
    String problem) {}
