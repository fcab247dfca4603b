package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.mitigation.ActionStatus;

/**
 * The answer to an approval sent as an update.
 *
 * @param accepted true when this approval changed the action to APPROVED
 * @param actionId the action
 * @param status the action's status after the call
 * @param reason why it was refused, or what happens next
 * @param identity how the incident established the approver's identity, as its timeline says it
 *     (e.g. {@code verified: Slack}, {@code asserted: a name typed into a signal}); null in runs
 *     from before approvals recorded it
 */
public record ApprovalResult(
    boolean accepted, String actionId, ActionStatus status, String reason, String identity) {

  public ApprovalResult(boolean accepted, String actionId, ActionStatus status, String reason) {
    this(accepted, actionId, status, reason, null);
  }
}
