package io.incidentresponse.workflows.oncall;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Who is on call, asked from outside the worker ({@code GET /api/oncall}, {@code incidentctl
 * oncall}): one {@link OnCallActivities#whoIsOnCall} call, so the starter, which has no roster,
 * asks the worker's. A workflow per question, short-lived, so each answer is in the history.
 *
 * <p>Fails with a non-retryable {@code NOT_FOUND} application failure when a team is asked that the
 * roster does not have (a configured team always has at least one rotation, so a team asked and no
 * shift answered means an unknown team).
 */
@WorkflowInterface
public interface OnCallLookupWorkflow {
  String TYPE = "OnCallLookup";

  /** The id prefix of lookups the REST API starts. */
  String ID_PREFIX = "oncall-lookup-";

  /**
   * @param query the team (null for all) and the instant; null {@code at} is the workflow's now
   */
  @WorkflowMethod(name = TYPE)
  OnCallAnswer run(OnCallQuery query);
}
