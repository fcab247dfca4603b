package io.incidentresponse.workflows.postmortem;

import io.incidentresponse.workflows.tracker.TrackerTicket;
import java.time.Instant;

/**
 * An action item's ticket in the issue tracker, as the postmortem knows it.
 *
 * @param itemId the item
 * @param requestedAt when the ticket was first asked for (kept for every retry: the tracker is
 *     searched from shortly before it for a ticket an earlier attempt made)
 * @param ticket the ticket, or null while it is being opened or when opening failed
 * @param problem the last failure opening or reading it, or null; reported once, not at every poll
 */
public record ItemTicket(String itemId, Instant requestedAt, TrackerTicket ticket, String problem) {

  ItemTicket withTicket(TrackerTicket opened) {
    return new ItemTicket(itemId, requestedAt, opened, null);
  }

  ItemTicket withProblem(String failure) {
    return new ItemTicket(itemId, requestedAt, ticket, failure);
  }

  /** Opening it failed: it is tried again when the tickets are next read. */
  boolean openFailed() {
    return ticket == null && problem != null;
  }
}
