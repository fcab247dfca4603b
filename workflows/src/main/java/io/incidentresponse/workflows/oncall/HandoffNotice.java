package io.incidentresponse.workflows.oncall;

import java.util.List;

/**
 * One hand-off reminder to one person.
 *
 * @param handoff the hand-off
 * @param to who is told: its outgoing or its incoming person
 * @param outgoing whether {@code to} is the outgoing person (else the incoming one)
 * @param incidents the open incidents the outgoing person holds, which the incoming person takes
 *     over; empty for a quiet hand-off
 */
public record HandoffNotice(
    Handoff handoff, OnCallPerson to, boolean outgoing, List<OwnedIncident> incidents) {
  public HandoffNotice {
    incidents = incidents == null ? List.of() : List.copyOf(incidents);
  }

  /** A key unique to this notice, the same on every retry: rotation, instant and direction. */
  public String key() {
    return handoff.rotation()
        + "/"
        + handoff.at().getEpochSecond()
        + "/"
        + (outgoing ? "outgoing" : "incoming");
  }
}
