package io.incidentresponse.workflows.postmortem;

import java.time.Instant;
import java.util.List;

/**
 * Where a postmortem stands.
 *
 * @param incidentId the incident
 * @param document the published draft, or null until drafted
 * @param draftError why the first draft failed for good, or null
 * @param reviewDueAt when the review is due
 * @param reviewHeldAt when it was held, or null
 * @param overdueReminderSent the review was overdue and the team lead was told (the escalation)
 * @param actionItems the action items, in the order they were added
 * @param reviewStartsAt the review slot offered in the invitation, or null (postmortems started
 *     before review scheduling)
 * @param reviewEndsAt end of the review slot, or null
 * @param reviewInvitationSent the invitation was posted
 * @param remindersSentAt when each reminder was sent (the escalation not included)
 * @param escalatedAt when the team lead was told, or null
 * @param missing what keeps the postmortem open, one line each (e.g. {@code AI-2 has no owner});
 *     empty once complete
 * @param events the latest changes, refusals and failures, oldest first (bounded)
 */
public record PostmortemStatus(
    String incidentId,
    PostmortemDocument document,
    String draftError,
    Instant reviewDueAt,
    Instant reviewHeldAt,
    boolean overdueReminderSent,
    List<ActionItem> actionItems,
    Instant reviewStartsAt,
    Instant reviewEndsAt,
    boolean reviewInvitationSent,
    List<Instant> remindersSentAt,
    Instant escalatedAt,
    List<String> missing,
    List<PostmortemEvent> events) {

  public PostmortemStatus {
    actionItems = actionItems == null ? List.of() : List.copyOf(actionItems);
    remindersSentAt = remindersSentAt == null ? List.of() : List.copyOf(remindersSentAt);
    missing = missing == null ? List.of() : List.copyOf(missing);
    events = events == null ? List.of() : List.copyOf(events);
  }

  /** The status as postmortems before review scheduling knew it. */
  public PostmortemStatus(
      String incidentId,
      PostmortemDocument document,
      String draftError,
      Instant reviewDueAt,
      Instant reviewHeldAt,
      boolean overdueReminderSent) {
    this(
        incidentId,
        document,
        draftError,
        reviewDueAt,
        reviewHeldAt,
        overdueReminderSent,
        null,
        null,
        null,
        false,
        null,
        null,
        null,
        null);
  }

  /** The review was held and every action item has an owner and a due date. */
  public boolean complete() {
    return missing.isEmpty() && reviewHeldAt != null;
  }
}
