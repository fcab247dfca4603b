package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.mitigation.ActionStatus;

/**
 * The answer to an approval sent as an update.
 *
 * @param accepted true when this approval changed the action to APPROVED
 * @param actionId the action
 * @param status the action's status after the call
 * @param reason why it was refused, or what happens next
 */
public record ApprovalResult(
    boolean accepted, String actionId, ActionStatus status, String reason) {}
