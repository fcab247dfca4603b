package io.incidentresponse.workflows.operation;

import io.incidentresponse.workflows.incident.ApprovalResult;
import io.incidentresponse.workflows.incident.ApproveRequest;
import io.incidentresponse.workflows.incident.RejectRequest;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A rollback or scale outside an incident, under the same guardrails and approval policy as inside
 * one: its risk from the policy, approvals by the policy's approvers or a verified approver role
 * (never the requester; as many as the policy asks; a verified identity where it demands one), a
 * deadline after which it expires and nothing runs, the run at most once through the mitigation
 * activity (idempotency key: the operation id), and recovery verified once after it. Workflow id
 * {@code operation-<service>-<n>}.
 */
@WorkflowInterface
public interface OperationWorkflow {
  String TYPE = "Operation";

  /** The id prefix of operations. */
  String ID_PREFIX = "operation-";

  @WorkflowMethod(name = TYPE)
  OperationState run(OperationRequest request);

  @UpdateMethod(
      description =
          "Approve the operation: {\"approver\":\"alice\",\"comment\":\"go\"}. Answers accepted,"
              + " or why it was refused.")
  ApprovalResult approve(ApproveRequest request);

  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(ApproveRequest request);

  @UpdateMethod(
      description = "Reject the operation: {\"approver\":\"alice\",\"reason\":\"not now\"}.")
  ApprovalResult reject(RejectRequest request);

  @UpdateValidatorMethod(updateName = "reject")
  void validateReject(RejectRequest request);

  @QueryMethod(description = "The action, its approvals, outcome, before/after and timeline.")
  OperationState state();
}
