package io.incidentresponse.workflows.postmortem;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The blameless postmortem of one incident: a child of the incident workflow that outlives it
 * (parent close policy ABANDON). Drafts the document, then waits for the review, reminding the team
 * lead when it is overdue.
 */
@WorkflowInterface
public interface PostmortemWorkflow {

  @WorkflowMethod(name = "Postmortem")
  PostmortemStatus run(PostmortemInput input);

  @SignalMethod(
      description = "The review was held. {\"by\":\"alice\",\"notes\":\"3 action items agreed\"}")
  void markReviewHeld(ReviewHeldRequest request);

  @QueryMethod(description = "Document, due date and whether the review was held.")
  PostmortemStatus status();
}
