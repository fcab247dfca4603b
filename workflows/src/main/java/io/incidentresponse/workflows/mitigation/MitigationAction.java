package io.incidentresponse.workflows.mitigation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A proposed mitigation and what became of it. Immutable: the workflow replaces it on each change.
 *
 * @param id short id a person types in an approval, e.g. {@code rollback-2}
 * @param proposal what it does
 * @param proposedBy the probe or person that proposed it
 * @param proposedAt when
 * @param status where it stands
 * @param decidedBy approver, rejecter, or {@code policy} when it ran without approval
 * @param decidedAt when the decision was made
 * @param outcome result text of the run or the reason of the decision
 * @param finishedAt when it finished running
 * @param approvals the approvals given so far, each with how the approver's identity was
 *     established (empty for actions decided before approvals were recorded)
 */
public record MitigationAction(
    String id,
    ActionProposal proposal,
    String proposedBy,
    Instant proposedAt,
    ActionStatus status,
    String decidedBy,
    Instant decidedAt,
    String outcome,
    Instant finishedAt,
    List<Approval> approvals) {

  public MitigationAction {
    approvals = approvals == null ? List.of() : List.copyOf(approvals);
  }

  public MitigationAction(
      String id,
      ActionProposal proposal,
      String proposedBy,
      Instant proposedAt,
      ActionStatus status,
      String decidedBy,
      Instant decidedAt,
      String outcome,
      Instant finishedAt) {
    this(
        id,
        proposal,
        proposedBy,
        proposedAt,
        status,
        decidedBy,
        decidedAt,
        outcome,
        finishedAt,
        List.of());
  }

  public MitigationAction decided(ActionStatus newStatus, String by, Instant at, String reason) {
    return new MitigationAction(
        id, proposal, proposedBy, proposedAt, newStatus, by, at, reason, finishedAt, approvals);
  }

  public MitigationAction withStatus(ActionStatus newStatus) {
    return new MitigationAction(
        id,
        proposal,
        proposedBy,
        proposedAt,
        newStatus,
        decidedBy,
        decidedAt,
        outcome,
        finishedAt,
        approvals);
  }

  public MitigationAction finished(ActionStatus newStatus, String result, Instant at) {
    return new MitigationAction(
        id,
        proposal,
        proposedBy,
        proposedAt,
        newStatus,
        decidedBy,
        decidedAt,
        result,
        at,
        approvals);
  }

  /** This action with one more approval (its status unchanged). */
  public MitigationAction withApproval(Approval approval) {
    List<Approval> more = new ArrayList<>(approvals);
    more.add(approval);
    return new MitigationAction(
        id,
        proposal,
        proposedBy,
        proposedAt,
        status,
        decidedBy,
        decidedAt,
        outcome,
        finishedAt,
        more);
  }

  public RiskClass risk() {
    return proposal.risk();
  }
}
