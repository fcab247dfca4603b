package io.incidentresponse.workflows.postmortem;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The blameless postmortem of one incident: a child of the incident workflow that outlives it
 * (parent close policy ABANDON). Drafts the document, schedules the review on a business day before
 * it is due, reminds while the review or the action items are open (by default at day 3 and day 6
 * after resolution), escalates to the team lead when still open (day 8), and completes with its
 * final {@link PostmortemStatus} when the review was held and every action item has an owner and a
 * due date.
 *
 * <p>Postmortems started before review scheduling keep their old course: draft, one reminder to the
 * team lead when the review is overdue, complete when it is held; they refuse action items.
 */
@WorkflowInterface
public interface PostmortemWorkflow {

  @WorkflowMethod(name = "Postmortem")
  PostmortemStatus run(PostmortemInput input);

  @SignalMethod(
      description = "The review was held. {\"by\":\"alice\",\"notes\":\"3 action items agreed\"}")
  void markReviewHeld(ReviewHeldRequest request);

  /** Adds an item (ids AI-1, AI-2...); a bad request is refused in the status events. */
  @SignalMethod(
      description =
          "Add an action item; action and by are required. {\"action\":\"Alert on connection pool"
              + " saturation\",\"owner\":\"carol\",\"dueDate\":\"2026-12-10\",\"by\":\"alice\"}")
  void addActionItem(ActionItemRequest request);

  /** Updates an item; null fields keep their value. A bad request is refused in the events. */
  @SignalMethod(
      description =
          "Update an action item; id and by are required, missing fields keep their value."
              + " {\"id\":\"AI-2\",\"owner\":\"carol\",\"by\":\"carol\"}")
  void updateActionItem(ActionItemRequest request);

  /**
   * Adds ({@code id} null) or updates an item and answers with the result. The validator rejects a
   * bad request before anything is written, with a message naming the field.
   */
  @UpdateMethod(
      description =
          "Add (no id) or update (id) an action item; answers with the item or why it was refused."
              + " {\"id\":\"AI-2\",\"dueDate\":\"2026-12-10\",\"by\":\"carol\"}")
  ActionItemResult changeActionItem(ActionItemRequest request);

  @UpdateValidatorMethod(updateName = "changeActionItem")
  void validateChangeActionItem(ActionItemRequest request);

  @QueryMethod(
      description =
          "Document, review slot, action items, reminders sent, escalation and what is missing.")
  PostmortemStatus status();
}
