package io.incidentresponse.workflows.oncall;

import java.time.Instant;
import java.util.List;

/**
 * What one run of the hand-off reminders did.
 *
 * @param after the covered window's exclusive start
 * @param until its inclusive end
 * @param handoffs the hand-offs found in it
 * @param sent the notices sent, as {@code person: rotation outgoing|incoming}
 * @param problems the notices that could not be sent, with why
 */
public record HandoffReminderResult(
    Instant after, Instant until, int handoffs, List<String> sent, List<String> problems) {}
