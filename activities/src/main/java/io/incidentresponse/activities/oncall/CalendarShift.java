package io.incidentresponse.activities.oncall;

import io.incidentresponse.workflows.oncall.OnCallPerson;
import java.time.Instant;

/**
 * One occurrence of a calendar event: a shift.
 *
 * @param person the person it names, or null when it matched nobody
 * @param from start
 * @param until end (exclusive)
 * @param uid the event's UID, for what it is
 */
record CalendarShift(OnCallPerson person, Instant from, Instant until, String uid) {}
