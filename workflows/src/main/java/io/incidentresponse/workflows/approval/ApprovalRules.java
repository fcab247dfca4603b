package io.incidentresponse.workflows.approval;

import io.incidentresponse.workflows.identity.AccessRole;
import io.incidentresponse.workflows.identity.IdentityProofs;
import io.incidentresponse.workflows.identity.ProofVerdict;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.mitigation.RiskClass;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import java.util.List;
import java.util.Optional;

/**
 * The approval policy's rules, the same inside an incident and for an operation outside one: the
 * requester of an action may not approve it; an approver is named by the policy for the action's
 * risk, or holds a verified approver role for it; a risk may need an identity verified by the REST
 * API or Slack; an action needs as many different approvers as the policy asks. Pure: the callers
 * keep their own state and timeline.
 */
public final class ApprovalRules {
  private static final int NAME_MAX = 200;

  private ApprovalRules() {}

  /** A person's name as it is recorded: trimmed, at most 200 characters. */
  public static String personName(String name) {
    String trimmed = name.trim();
    return trimmed.length() <= NAME_MAX ? trimmed : trimmed.substring(0, NAME_MAX - 1) + "…";
  }

  /**
   * Why {@code person} may not make this decision on {@code action}, or null when they may. {@code
   * verdict} says how their identity was established.
   */
  public static String refusal(
      ResponsePolicy policy,
      String person,
      MitigationAction action,
      boolean approve,
      ProofVerdict verdict) {
    RiskClass risk = action.risk();
    if (approve && IdentityProofs.samePerson(person, action.proposedBy())) {
      return personName(person)
          + " requested "
          + action.id()
          + ": the requester of an action may not approve it";
    }
    if (!verdict.verified() && policy.needsVerifiedIdentity(risk)) {
      return risk
          + " risk needs an identity verified by the REST API or Slack; "
          + personName(person)
          + "'s was asserted ("
          + verdict.reason()
          + ")";
    }
    boolean byRole =
        verdict.verified()
            && verdict.roles().stream()
                .map(AccessRole::parse)
                .flatMap(Optional::stream)
                .anyMatch(role -> role.grants(AccessRole.approverOf(risk)));
    if (!byRole && !policy.namesApprover(person, risk)) {
      return personName(person) + " is not an approver for " + risk + " risk";
    }
    if (approve
        && action.status() == ActionStatus.AWAITING_APPROVAL
        && action.approvals().stream()
            .anyMatch(a -> IdentityProofs.samePerson(a.person(), person))) {
      return personName(person)
          + " has approved "
          + action.id()
          + " already; it needs "
          + policy.approvalsRequired(risk)
          + " different approvers";
    }
    return null;
  }

  /** Who an action of {@code proposal}'s risk waits for, as the timeline says it. */
  public static String waitingFor(ResponsePolicy policy, ActionProposal proposal) {
    List<String> approvers = policy.approvers().getOrDefault(proposal.risk(), List.of());
    int required = policy.approvalsRequired(proposal.risk());
    String role = AccessRole.approverOf(proposal.risk()).label();
    String who =
        approvers.isEmpty()
            ? "a verified " + role
            : "one of " + approvers + " or a verified " + role;
    return (required > 1
            ? "Waiting for " + required + " approvals, each by "
            : "Waiting for approval by ")
        + who
        + (policy.needsVerifiedIdentity(proposal.risk())
            ? " (identity verified through the REST API or Slack)"
            : "");
  }

  /** How the approver's identity was established, as the timeline says it; null without one. */
  public static String identityOf(ProofVerdict verdict) {
    if (verdict == null) {
      return null;
    }
    return verdict.verified() || verdict.reason() == null
        ? verdict.method().description()
        : verdict.method().description() + " (" + verdict.reason() + ")";
  }
}
