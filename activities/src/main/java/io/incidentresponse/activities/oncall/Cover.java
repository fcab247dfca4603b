package io.incidentresponse.activities.oncall;

import io.incidentresponse.workflows.oncall.OnCallPerson;
import java.time.Instant;

/**
 * An override: {@code person} holds the rotation in {@code [from, until)}.
 *
 * @param order its place in the configuration; the higher wins where two overlap
 */
record Cover(int order, OnCallPerson person, Instant from, Instant until) {
  boolean covers(Instant at) {
    return !at.isBefore(from) && at.isBefore(until);
  }
}
