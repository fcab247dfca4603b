package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.approval.ApprovalRules;
import io.incidentresponse.workflows.failures.Failures;
import io.incidentresponse.workflows.identity.IdentityProof;
import io.incidentresponse.workflows.identity.ProofCheck;
import io.incidentresponse.workflows.identity.ProofVerdict;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.Approval;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * All of approval in one place: who is waited for, the approval and rejection of an action (signal
 * or update), who may make them (the policy's approvers, or a verified approver role; never the
 * requester; as many different approvers as the policy asks; a verified identity where it demands
 * one), and how each approver's identity was established, checked through {@link
 * io.incidentresponse.workflows.identity.IdentityActivities} when a proof came with it. An approved
 * action is run by {@link Mitigation}.
 */
final class Approvals extends IncidentStep {

  Approvals(IncidentContext ctx) {
    super(ctx);
  }

  String waitingFor(ActionProposal proposal) {
    if (ctx.verifiedApprovals) {
      return ApprovalRules.waitingFor(policy, proposal);
    }
    List<String> approvers = policy.approvers().getOrDefault(proposal.risk(), List.of());
    return approvers.isEmpty()
        ? "No approver is configured for "
            + proposal.risk()
            + " risk: it cannot run until the"
            + " policy names one"
        : "Waiting for approval by one of " + approvers;
  }

  /**
   * A person's approval or rejection. {@code verdict} says how their identity was established; it
   * is null in runs from before {@link IncidentContext#VERIFIED_APPROVALS_CHANGE}, which only
   * checked the policy's list of approvers.
   */
  ApprovalResult decide(
      String actionId, String person, boolean approve, String text, ProofVerdict verdict) {
    String verb = approve ? "approval" : "rejection";
    int index = ctx.indexOf(actionId);
    if (index < 0) {
      record(person, "Refused " + verb + " of unknown action " + actionId, "Nothing runs");
      publish();
      return new ApprovalResult(false, actionId, null, "no action '" + actionId + "'");
    }
    MitigationAction action = s.actions.get(index);
    String refusal =
        verdict == null ? oldRefusal(person, action) : refusal(person, action, approve, verdict);
    if (refusal != null) {
      record(person, "Refused " + verb + " of " + actionId + ": " + refusal, "Nothing runs");
      publish();
      return new ApprovalResult(false, actionId, action.status(), refusal, identityOf(verdict));
    }
    if (s.phase.isOver() && action.status() == ActionStatus.AWAITING_APPROVAL) {
      String why = "the incident is " + s.phase + ": nothing runs any more";
      record(person, "Refused " + verb + " of " + actionId + ": " + why, "Nothing runs");
      publish();
      return new ApprovalResult(false, actionId, action.status(), why);
    }
    if (action.status() != ActionStatus.AWAITING_APPROVAL) {
      String why = "already " + action.status() + " by " + action.decidedBy();
      record(person, "Ignored " + verb + " of " + actionId + ": " + why, "Runs at most once");
      publish();
      return new ApprovalResult(false, actionId, action.status(), why);
    }
    if (verdict == null) {
      action =
          action.decided(
              approve ? ActionStatus.APPROVED : ActionStatus.REJECTED,
              personName(person),
              now(),
              text);
      s.actions.set(index, action);
      record(
          person,
          (approve ? "Approved " : "Rejected ") + actionId + ": " + action.proposal().describe(),
          approve ? "Runs next" : text == null ? "" : text);
      publish();
      return new ApprovalResult(
          true, actionId, action.status(), approve ? "approved; it runs once" : "rejected");
    }
    String how = " (" + verdict.method().description() + ")";
    if (!approve) {
      action = action.decided(ActionStatus.REJECTED, personName(person), now(), text);
      s.actions.set(index, action);
      record(
          person,
          "Rejected " + actionId + how + ": " + action.proposal().describe(),
          text == null ? "" : text);
      publish();
      return new ApprovalResult(true, actionId, action.status(), "rejected", identityOf(verdict));
    }
    action = action.withApproval(new Approval(personName(person), verdict.method(), now()));
    int required = policy.approvalsRequired(action.risk());
    if (action.approvals().size() < required) {
      s.actions.set(index, action);
      String progress = action.approvals().size() + " of " + required + " approvals";
      record(
          person,
          "Approved " + actionId + how + ", " + progress + ": " + action.proposal().describe(),
          "Waiting for another approver");
      publish();
      return new ApprovalResult(
          true,
          actionId,
          action.status(),
          progress + "; another approver is needed",
          identityOf(verdict));
    }
    String approvers =
        String.join(" + ", action.approvals().stream().map(Approval::person).toList());
    action = action.decided(ActionStatus.APPROVED, approvers, now(), text);
    s.actions.set(index, action);
    record(
        person,
        "Approved " + actionId + how + ": " + action.proposal().describe(),
        required > 1
            ? "Runs next; approved by "
                + String.join(" and ", action.approvals().stream().map(Approval::describe).toList())
            : "Runs next");
    publish();
    return new ApprovalResult(
        true, actionId, action.status(), "approved; it runs once", identityOf(verdict));
  }

  /** How the approver's identity was established, as the timeline says it; null before. */
  private static String identityOf(ProofVerdict verdict) {
    return ApprovalRules.identityOf(verdict);
  }

  private String oldRefusal(String person, MitigationAction action) {
    return policy.mayApprove(person, action.risk())
        ? null
        : person + " is not an approver for " + action.risk() + " risk";
  }

  /** Why {@code person} may not make this decision, or null when they may. */
  private String refusal(
      String person, MitigationAction action, boolean approve, ProofVerdict verdict) {
    return ApprovalRules.refusal(policy, person, action, approve, verdict);
  }

  /**
   * How the identity of the person behind a decision was established: asserted without a proof (no
   * activity), otherwise as the proof checker found. Null in runs before {@link
   * IncidentContext#VERIFIED_APPROVALS_CHANGE}.
   */
  private ProofVerdict identify(
      IdentityProof proof, String actionId, String decision, String person) {
    if (!ctx.verifiedApprovals) {
      return null;
    }
    if (proof == null) {
      return ProofVerdict.asserted("typed into a signal");
    }
    ctx.inFlight++;
    try {
      ProofVerdict verdict =
          ctx.released(
              () ->
                  ctx.identity()
                      .checkProof(
                          new ProofCheck(
                              proof,
                              Workflow.getInfo().getWorkflowId(),
                              actionId,
                              decision,
                              person)));
      return verdict == null || verdict.method() == null
          ? ProofVerdict.asserted("the proof checker answered nothing")
          : verdict;
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      return ProofVerdict.asserted("its proof could not be checked: " + Failures.describe(e));
    } finally {
      ctx.inFlight--;
    }
  }

  void approve(ApproveRequest request) {
    if (request == null) {
      ctx.notUnderstood(IncidentSignals.APPROVE);
    } else if (blank(request.actionId())) {
      ctx.ignored(IncidentSignals.APPROVE, "actionId");
    } else if (blank(request.approver())) {
      ctx.ignored(IncidentSignals.APPROVE, "approver");
    } else {
      decide(
          request.actionId(),
          request.approver(),
          true,
          request.comment(),
          identify(request.proof(), request.actionId(), "approve", request.approver()));
    }
  }

  void reject(RejectRequest request) {
    if (request == null) {
      ctx.notUnderstood(IncidentSignals.REJECT);
    } else if (blank(request.actionId())) {
      ctx.ignored(IncidentSignals.REJECT, "actionId");
    } else if (blank(request.approver())) {
      ctx.ignored(IncidentSignals.REJECT, "approver");
    } else {
      decide(
          request.actionId(),
          request.approver(),
          false,
          request.reason(),
          identify(request.proof(), request.actionId(), "reject", request.approver()));
    }
  }

  void validateApproveAction(ApproveRequest request) {
    if (request == null) {
      String problem = SignalPayloadConverter.takeProblem();
      throw new IllegalArgumentException(
          problem == null ? "actionId and approver are required" : "not understood: " + problem);
    }
    if (blank(request.actionId())) {
      throw new IllegalArgumentException("actionId is required");
    }
    if (blank(request.approver())) {
      throw new IllegalArgumentException("approver is required");
    }
    if (ctx.indexOf(request.actionId()) < 0) {
      throw new IllegalArgumentException(
          "actionId: no action '"
              + request.actionId()
              + "'; waiting: "
              + IncidentContext.ids(s.pendingApprovals()));
    }
  }

  ApprovalResult approveAction(ApproveRequest request) {
    return decide(
        request.actionId(),
        request.approver(),
        true,
        request.comment(),
        identify(request.proof(), request.actionId(), "approve", request.approver()));
  }
}
