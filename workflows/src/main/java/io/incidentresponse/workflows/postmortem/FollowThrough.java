package io.incidentresponse.workflows.postmortem;

import java.time.Instant;
import java.util.List;

/**
 * What a postmortem that follows its action items after the review carries into its next run when
 * it continues as new; the items themselves travel in {@link PostmortemInput#actionItems()}.
 *
 * @param reviewHeldAt when the review was held
 * @param reviewStartsAt the review slot that was offered, or null
 * @param reviewEndsAt its end, or null
 * @param reviewInvitationSent the invitation was posted
 * @param document the published document, or null
 * @param draftError why the first draft failed, or null
 * @param remindersSentAt the review reminders sent
 * @param escalatedAt when the review was escalated, or null
 * @param noticeSequence the last notice's sequence (the idempotency key of the next one follows it)
 * @param itemNotices which item reminders were sent, per item
 * @param events the latest events
 * @param runs how many runs came before this one
 * @param tickets the items' tickets in the issue tracker; empty without one (and in runs from
 *     before it)
 * @param ticketsReadAt when the tickets were last read back, or null
 */
public record FollowThrough(
    Instant reviewHeldAt,
    Instant reviewStartsAt,
    Instant reviewEndsAt,
    boolean reviewInvitationSent,
    PostmortemDocument document,
    String draftError,
    List<Instant> remindersSentAt,
    Instant escalatedAt,
    int noticeSequence,
    List<ItemNotices> itemNotices,
    List<PostmortemEvent> events,
    int runs,
    List<ItemTicket> tickets,
    Instant ticketsReadAt) {

  public FollowThrough {
    remindersSentAt = remindersSentAt == null ? List.of() : List.copyOf(remindersSentAt);
    itemNotices = itemNotices == null ? List.of() : List.copyOf(itemNotices);
    events = events == null ? List.of() : List.copyOf(events);
    tickets = tickets == null ? List.of() : List.copyOf(tickets);
  }
}
