package io.incidentresponse.workflows.postmortem;

import io.temporal.activity.ActivityInterface;

/**
 * Writes and chases the blameless postmortem. Both methods are idempotent per incident: drafting
 * again overwrites the same document, reminding again sends nothing new.
 */
@ActivityInterface
public interface PostmortemActivities {

  /** Renders the postmortem draft from the incident's timeline and findings and publishes it. */
  PostmortemDocument draftPostmortem(PostmortemInput input);

  /** Tells the team lead that the review is overdue. */
  void remindOverdueReview(PostmortemStatus status);
}
