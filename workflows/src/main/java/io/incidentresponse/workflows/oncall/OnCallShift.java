package io.incidentresponse.workflows.oncall;

import java.time.Instant;

/**
 * Who holds one rotation at an instant, and until when.
 *
 * @param team the team the rotation belongs to
 * @param rotation the rotation's name (e.g. {@code payments-primary})
 * @param person who is on call, or null when nobody is (an empty rotation, a gap in a calendar)
 * @param from when this person's shift started (after overrides are applied)
 * @param until the next hand-off: when the shift ends
 * @param source where the answer came from: {@code rotation}, {@code override} or {@code calendar}
 * @param next who takes over at {@code until}, or null when unknown
 */
public record OnCallShift(
    String team,
    String rotation,
    OnCallPerson person,
    Instant from,
    Instant until,
    String source,
    OnCallPerson next) {}
