package io.incidentresponse.activities.oncall;

import io.incidentresponse.workflows.oncall.OnCallPerson;
import java.time.Instant;

/**
 * One stretch of a schedule during which the same turn holds: a rotation's turn, a calendar event
 * (or the gap between two), an override.
 *
 * @param id what the stretch is, equal for every instant of it (e.g. the turn's number)
 * @param person who is on call, or null
 * @param from start, or null when it has always been so
 * @param until end (exclusive), or null when it never ends
 * @param source {@code rotation}, {@code calendar} or {@code override}
 */
record Slot(Object id, OnCallPerson person, Instant from, Instant until, String source) {}
