package io.incidentresponse.workflows.postmortem;

import java.time.Instant;

/**
 * One line of the postmortem's own log, e.g. {@code AI-2 updated by carol} or {@code Reminder 1 not
 * sent: NOT_CONFIGURED: chat (Slack) is not configured}.
 *
 * @param at workflow time
 * @param event what happened
 */
public record PostmortemEvent(Instant at, String event) {}
