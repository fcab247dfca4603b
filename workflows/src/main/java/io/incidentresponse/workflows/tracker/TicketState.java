package io.incidentresponse.workflows.tracker;

import io.incidentresponse.workflows.postmortem.ActionItemStatus;

/**
 * Where a ticket stands in the tracker.
 *
 * @param ticket the ticket
 * @param status {@link ActionItemStatus#DONE} or {@link ActionItemStatus#WONT_DO} once the ticket
 *     is closed; null while it is open (the item keeps its own status)
 * @param reason the tracker's words for how it was closed, e.g. {@code closed as not planned in
 *     GitHub #42}; null while open
 */
public record TicketState(TrackerTicket ticket, ActionItemStatus status, String reason) {

  public static TicketState open(TrackerTicket ticket) {
    return new TicketState(ticket, null, null);
  }

  /** The ticket is closed: its status says how. */
  public boolean closed() {
    return status != null;
  }
}
