package io.incidentresponse.workflows.postmortem;

import io.temporal.activity.ActivityInterface;

/**
 * Writes and chases the blameless postmortem. Every method is idempotent per incident: drafting
 * again overwrites the same document (and makes no new git commit when nothing changed); a review
 * invitation or reminder sent again under the same incident and sequence is not posted twice.
 */
@ActivityInterface
public interface PostmortemActivities {

  /**
   * Renders the postmortem from the incident's timeline, findings and {@link
   * PostmortemInput#actionItems()} as Markdown (the runbook's blameless template), publishes it (a
   * directory; a git repository when configured) and posts its link in the incident channel.
   */
  PostmortemDocument draftPostmortem(PostmortemInput input);

  /** Kept for postmortems started before review scheduling: tells the team lead it is overdue. */
  void remindOverdueReview(PostmortemStatus status);

  /** Posts the review invitation with an iCalendar (.ics) file. */
  void scheduleReview(ReviewInvitation invitation);

  /** Reminds about an open review or unassigned action items; escalates when asked to. */
  void remindReview(ReviewReminder reminder);
}
