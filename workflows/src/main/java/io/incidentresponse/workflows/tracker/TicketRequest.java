package io.incidentresponse.workflows.tracker;

import io.incidentresponse.workflows.postmortem.ActionItem;
import java.time.Instant;

/**
 * The ticket to open for one action item.
 *
 * @param incidentId the incident; with the item's id, the ticket's stable identity
 * @param incidentTitle the incident's title, for the ticket's text
 * @param item the item as it stands
 * @param postmortem where the postmortem document is, or null
 * @param requestedAt when the postmortem first asked for this ticket (workflow time, the same on
 *     every retry): a ticket made by an earlier attempt is looked for from shortly before it
 */
public record TicketRequest(
    String incidentId,
    String incidentTitle,
    ActionItem item,
    String postmortem,
    Instant requestedAt) {}
