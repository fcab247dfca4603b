package io.incidentresponse.workflows.operation;

import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.RiskClass;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import java.time.Duration;

/**
 * A rollback or a scale outside an incident.
 *
 * @param action what to do: {@code ROLLBACK} (optional {@code revision}) or {@code SCALE} ({@code
 *     replicas}) of the service's Deployment
 * @param requestedBy who asked (the REST API fills in the caller); never one of its approvers
 * @param reason why, for the timeline
 * @param policy the response policy: risk per action type, approvers, approvals required, verified
 *     identity, dry run
 * @param autoRunUpTo the highest risk that runs without approval outside an incident; null: every
 *     operation waits for an approver
 * @param approvalTimeout how long an operation waits for its approvals; then it expires and nothing
 *     runs (default 1 h)
 */
public record OperationRequest(
    ActionProposal action,
    String requestedBy,
    String reason,
    ResponsePolicy policy,
    RiskClass autoRunUpTo,
    Duration approvalTimeout) {

  public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofHours(1);

  public OperationRequest {
    policy = policy == null ? ResponsePolicy.defaults() : policy;
    approvalTimeout =
        approvalTimeout == null || approvalTimeout.isNegative() || approvalTimeout.isZero()
            ? DEFAULT_APPROVAL_TIMEOUT
            : approvalTimeout;
  }
}
