package io.incidentresponse.workflows.actionitems;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Postmortem action items across incidents, asked from outside the worker ({@code GET
 * /api/action-items}, {@code incidentctl items list}): one read of the incident history store,
 * which only the worker reaches. A workflow per question, short-lived, so each answer is in the
 * history. A store that stays down fails the run with its retryable {@code UNAVAILABLE} after two
 * attempts: a person is waiting.
 */
@WorkflowInterface
public interface ActionItemListWorkflow {
  String TYPE = "ActionItemList";

  /** The id prefix of listings the REST API starts. */
  String ID_PREFIX = "action-items-";

  @WorkflowMethod(name = TYPE)
  ActionItemPage run(ActionItemFilter filter);
}
