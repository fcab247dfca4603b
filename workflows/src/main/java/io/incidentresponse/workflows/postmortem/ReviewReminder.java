package io.incidentresponse.workflows.postmortem;

import java.time.Instant;
import java.util.List;

/**
 * A reminder that the review or its action items are still open, or (with {@code escalation}) the
 * notice to the team lead that the review is overdue.
 *
 * @param incidentId the incident
 * @param title the incident's title
 * @param channelId Slack channel to post in, or null for the alerts channel
 * @param reviewDueAt when the review is due
 * @param reviewHeld whether the review was held (then only action items are missing)
 * @param missing what is still missing, one line each (e.g. {@code AI-2 has no owner})
 * @param recipient who is reminded (the facilitator, or the team lead on escalation)
 * @param sequence 1 for the first reminder, 2 for the second...; used as the idempotency key
 * @param escalation true for the overdue escalation to the team lead
 * @param documentLocation where the draft is, or null
 * @param followUp null for a notice about the review; after the review, what this notice about
 *     action items is: {@code DUE_SOON} to the owner, {@code OVERDUE} to the team lead
 */
public record ReviewReminder(
    String incidentId,
    String title,
    String channelId,
    Instant reviewDueAt,
    boolean reviewHeld,
    List<String> missing,
    String recipient,
    int sequence,
    boolean escalation,
    String documentLocation,
    FollowUp followUp) {

  /** What a notice about action items after the review says. */
  public enum FollowUp {
    /** To the owner, before the due date. */
    DUE_SOON,
    /** To the team lead (or the facilitator), after the due date and weekly while overdue. */
    OVERDUE
  }
}
