package io.incidentresponse.workflows.operation;

import io.incidentresponse.workflows.approval.ApprovalRules;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.failures.Failures;
import io.incidentresponse.workflows.identity.IdentityActivities;
import io.incidentresponse.workflows.identity.IdentityProof;
import io.incidentresponse.workflows.identity.ProofCheck;
import io.incidentresponse.workflows.identity.ProofVerdict;
import io.incidentresponse.workflows.incident.ApprovalResult;
import io.incidentresponse.workflows.incident.ApproveRequest;
import io.incidentresponse.workflows.incident.RejectRequest;
import io.incidentresponse.workflows.incident.TimelineEntry;
import io.incidentresponse.workflows.mitigation.ActionParameters;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.Approval;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.mitigation.MitigationActivities;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import io.incidentresponse.workflows.mitigation.RiskClass;
import io.incidentresponse.workflows.mitigation.VerificationRequest;
import io.incidentresponse.workflows.operation.OperationState.Status;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Proposes the action with the policy's risk, waits for its approvals (or runs it alone when the
 * risk is within {@link OperationRequest#autoRunUpTo()}), runs it once, verifies recovery once.
 */
public class OperationWorkflowImpl implements OperationWorkflow {
  static final int TIMELINE_LIMIT = 200;
  private static final Set<ActionType> TYPES = Set.of(ActionType.ROLLBACK, ActionType.SCALE);

  private final MitigationActivities mitigation =
      Workflow.newActivityStub(MitigationActivities.class, MitigationActivities.RUN_OPTIONS);
  private final MitigationActivities verification =
      Workflow.newActivityStub(MitigationActivities.class, MitigationActivities.CHECK_OPTIONS);
  private final IdentityActivities identity =
      Workflow.newLocalActivityStub(IdentityActivities.class, IdentityActivities.OPTIONS);

  private final OperationState s = new OperationState();
  private ResponsePolicy policy = ResponsePolicy.defaults();

  @Override
  public OperationState run(OperationRequest request) {
    ActionProposal proposal = checked(request.action());
    policy = request.policy();
    RiskClass risk = policy.riskOf(proposal.type(), proposal.risk());
    proposal = proposal.withRisk(risk);
    boolean alone = request.autoRunUpTo() != null && risk.isAtMost(request.autoRunUpTo());
    String requester =
        request.requestedBy() == null || request.requestedBy().isBlank()
            ? "unknown"
            : ApprovalRules.personName(request.requestedBy());
    Instant now = now();
    s.operationId = Workflow.getInfo().getWorkflowId();
    s.service = proposal.target();
    s.reason = request.reason();
    s.dryRun = policy.dryRun();
    s.action =
        new MitigationAction(
            proposal.type().slug() + "-1",
            proposal,
            requester,
            now,
            alone ? ActionStatus.APPROVED : ActionStatus.AWAITING_APPROVAL,
            alone ? TimelineEntry.POLICY : null,
            alone ? now : null,
            alone ? risk + " risk runs without approval outside an incident" : null,
            null);
    if (!alone) {
      s.expiresAt = now.plus(request.approvalTimeout());
    }
    record(
        requester,
        "Requested " + proposal.describe() + " (" + risk + " risk)",
        (alone
                ? "Runs without approval under the policy"
                : ApprovalRules.waitingFor(policy, proposal) + ", until " + s.expiresAt)
            + (request.reason() == null ? "" : "; reason: " + request.reason()));
    if (!alone && !awaitDecision(request)) {
      return finish();
    }
    if (s.action.status() == ActionStatus.APPROVED) {
      runOnce();
    }
    return finish();
  }

  /** False when it expired or was rejected. */
  private boolean awaitDecision(OperationRequest request) {
    boolean decided =
        Workflow.await(
            request.approvalTimeout(), () -> s.action.status() != ActionStatus.AWAITING_APPROVAL);
    if (!decided) {
      s.status = Status.EXPIRED;
      s.action =
          s.action.finished(
              ActionStatus.WITHDRAWN,
              "expired: not approved within " + request.approvalTimeout(),
              now());
      record(
          TimelineEntry.SYSTEM,
          "Expired: not approved within " + request.approvalTimeout(),
          "Nothing runs");
      return false;
    }
    if (s.action.status() == ActionStatus.REJECTED) {
      s.status = Status.REJECTED;
      return false;
    }
    return true;
  }

  private void runOnce() {
    s.status = Status.RUNNING;
    s.action = s.action.withStatus(ActionStatus.RUNNING);
    record(
        s.action.decidedBy(),
        "Running " + s.action.proposal().describe(),
        policy.dryRun() ? "Dry run" : "");
    MitigationRequest run =
        new MitigationRequest(
            s.operationId,
            s.action.id(),
            s.action.proposal(),
            s.action.decidedBy(),
            policy.dryRun(),
            0);
    try {
      MitigationResult result = mitigation.runMitigation(run);
      String summary = result == null ? "done" : result.summary();
      if (result != null) {
        s.before.putAll(result.before() == null ? Map.of() : result.before());
        s.after.putAll(result.after() == null ? Map.of() : result.after());
      }
      s.action = s.action.finished(ActionStatus.SUCCEEDED, summary, now());
      s.status = Status.SUCCEEDED;
      record(
          TimelineEntry.SYSTEM,
          s.action.id() + " succeeded",
          summary + " (before " + s.before + ", after " + s.after + ")");
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      s.action = s.action.finished(ActionStatus.FAILED, Failures.describe(e), now());
      s.status = Status.FAILED;
      record(TimelineEntry.SYSTEM, s.action.id() + " failed", Failures.describe(e));
      return;
    }
    verifyOnce();
  }

  private void verifyOnce() {
    ActionProposal proposal = s.action.proposal();
    try {
      s.verification =
          verification.verifyRecovery(
              new VerificationRequest(
                  s.operationId, proposal.target(), proposal.namespace(), Map.of()));
      record(
          TimelineEntry.SYSTEM,
          s.verification.healthy() ? "Recovery verified" : "Not healthy after the operation",
          s.verification.summary());
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      record(TimelineEntry.SYSTEM, "Recovery not verified", Failures.describe(e));
    }
  }

  private OperationState finish() {
    Workflow.await(Workflow::isEveryHandlerFinished);
    return s;
  }

  /** The action, or BAD_REQUEST: only a rollback or a scale of a named Deployment. */
  private static ActionProposal checked(ActionProposal action) {
    if (action == null
        || !TYPES.contains(action.type())
        || action.target() == null
        || action.target().isBlank()) {
      throw badRequest("an operation is a rollback or a scale of a named service");
    }
    if (action.type() == ActionType.SCALE) {
      String replicas = action.parameters().get(ActionParameters.REPLICAS);
      if (replicas == null || !replicas.matches("[1-9][0-9]{0,4}")) {
        throw badRequest("a scale needs replicas, a whole number from 1");
      }
    }
    String revision = action.parameters().get(ActionParameters.REVISION);
    if (revision != null && !revision.matches("[1-9][0-9]{0,9}")) {
      throw badRequest("revision must be a whole number from 1");
    }
    return action;
  }

  private static ApplicationFailure badRequest(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureType.BAD_REQUEST.type());
  }

  // The approval handlers: the rules are the incident's (ApprovalRules).

  @Override
  public void validateApprove(ApproveRequest request) {
    if (request == null || request.approver() == null || request.approver().isBlank()) {
      throw new IllegalArgumentException("approver is required");
    }
  }

  @Override
  public ApprovalResult approve(ApproveRequest request) {
    return decide(request.approver(), true, request.comment(), request.proof());
  }

  @Override
  public void validateReject(RejectRequest request) {
    if (request == null || request.approver() == null || request.approver().isBlank()) {
      throw new IllegalArgumentException("approver is required");
    }
  }

  @Override
  public ApprovalResult reject(RejectRequest request) {
    return decide(request.approver(), false, request.reason(), request.proof());
  }

  private ApprovalResult decide(String person, boolean approve, String text, IdentityProof proof) {
    String verb = approve ? "approval" : "rejection";
    // a decision sent with the start arrives before the run has proposed the action
    Workflow.await(() -> s.action != null);
    String actionId = s.action.id();
    ProofVerdict verdict = identify(proof, actionId, approve ? "approve" : "reject", person);
    String how = " (" + verdict.method().description() + ")";
    String refusal = ApprovalRules.refusal(policy, person, s.action, approve, verdict);
    if (refusal != null) {
      record(person, "Refused " + verb + how + ": " + refusal, "Nothing runs");
      return result(false, refusal, verdict);
    }
    if (s.action.status() != ActionStatus.AWAITING_APPROVAL) {
      String why =
          s.status == Status.EXPIRED
              ? "expired: nothing runs"
              : "already " + s.action.status() + " by " + s.action.decidedBy();
      record(person, "Ignored " + verb + ": " + why, "Runs at most once");
      return result(false, why, verdict);
    }
    String name = ApprovalRules.personName(person);
    if (!approve) {
      s.action = s.action.decided(ActionStatus.REJECTED, name, now(), text);
      record(person, "Rejected" + how, text == null ? "Nothing runs" : text);
      return result(true, "rejected", verdict);
    }
    s.action = s.action.withApproval(new Approval(name, verdict.method(), now()));
    int required = policy.approvalsRequired(s.action.risk());
    if (s.action.approvals().size() < required) {
      String progress = s.action.approvals().size() + " of " + required + " approvals";
      record(person, "Approved" + how + ", " + progress, "Waiting for another approver");
      return result(true, progress + "; another approver is needed", verdict);
    }
    String approvers =
        String.join(" + ", s.action.approvals().stream().map(Approval::person).toList());
    s.action = s.action.decided(ActionStatus.APPROVED, approvers, now(), text);
    record(
        person,
        "Approved" + how,
        "Runs next; approved by "
            + String.join(" and ", s.action.approvals().stream().map(Approval::describe).toList()));
    return result(true, "approved; it runs once", verdict);
  }

  private ApprovalResult result(boolean accepted, String reason, ProofVerdict verdict) {
    return new ApprovalResult(
        accepted, s.action.id(), s.action.status(), reason, ApprovalRules.identityOf(verdict));
  }

  /** Asserted without a proof; otherwise as the proof checker found. */
  private ProofVerdict identify(
      IdentityProof proof, String actionId, String decision, String person) {
    if (proof == null) {
      return ProofVerdict.asserted("typed into an update");
    }
    try {
      ProofVerdict verdict =
          identity.checkProof(new ProofCheck(proof, s.operationId, actionId, decision, person));
      return verdict == null || verdict.method() == null
          ? ProofVerdict.asserted("the proof checker answered nothing")
          : verdict;
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      return ProofVerdict.asserted("its proof could not be checked: " + Failures.describe(e));
    }
  }

  @Override
  public OperationState state() {
    return s;
  }

  private void record(String actor, String event, String action) {
    s.timeline.add(new TimelineEntry(now(), actor, event, action));
    // refused decisions are not bounded in number: keep the first entry and the latest ones
    while (s.timeline.size() > TIMELINE_LIMIT) {
      s.timeline.remove(1);
    }
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
