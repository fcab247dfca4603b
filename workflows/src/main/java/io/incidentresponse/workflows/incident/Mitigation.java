package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.failures.Failures;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import io.incidentresponse.workflows.mitigation.RiskClass;
import io.incidentresponse.workflows.mitigation.VerificationResult;
import io.temporal.failure.ActivityFailure;
import java.time.Instant;

/**
 * The runbook's mitigation: actions proposed by the diagnosis or asked for by a person, their risk
 * set by the policy, the policy deciding which run alone and which wait for {@link Approvals}, and
 * each approved action run at most once, within the policy's limit, with its before and after on
 * the timeline and recovery verified after it.
 */
final class Mitigation extends IncidentStep implements RunbookStep {

  Mitigation(IncidentContext ctx) {
    super(ctx);
  }

  /**
   * Adds an action unless one with the same effect is still open. Returns its id, or null when the
   * proposal is unusable.
   */
  String propose(ActionProposal proposal, String proposedBy) {
    if (proposal.type() == null || proposal.target() == null || proposal.target().isBlank()) {
      record(proposedBy, "Ignored a proposal without a type or target", "");
      return null;
    }
    for (MitigationAction existing : s.actions) {
      if (!existing.status().isFinal() && existing.proposal().sameEffectAs(proposal)) {
        return existing.id();
      }
    }
    String raised = "";
    if (ctx.verifiedApprovals) {
      RiskClass risk = policy.riskOf(proposal.type(), proposal.risk());
      if (risk != proposal.risk()) {
        raised =
            "; "
                + proposal.risk()
                + " asked, the policy's risk for "
                + proposal.type()
                + " is "
                + risk;
        proposal = proposal.withRisk(risk);
      }
    }
    Instant now = now();
    String id = proposal.type().slug() + "-" + (s.actions.size() + 1);
    boolean alone = policy.runsWithoutApproval(s.severity, proposal.risk());
    MitigationAction action =
        new MitigationAction(
            id,
            proposal,
            proposedBy,
            now,
            alone ? ActionStatus.APPROVED : ActionStatus.AWAITING_APPROVAL,
            alone ? TimelineEntry.POLICY : null,
            alone ? now : null,
            alone ? proposal.risk() + " risk runs without approval in a " + s.severity : null,
            null);
    s.actions.add(action);
    record(
        proposedBy,
        "Proposed " + id + ": " + proposal.describe() + " (" + proposal.risk() + " risk)",
        (alone ? "Runs without approval under the policy" : ctx.approvals.waitingFor(proposal))
            + raised);
    if (!alone) {
      s.approvalNoticesDue.add(id);
    }
    return id;
  }

  /**
   * An approved action waits to run. Not once the incident is over: closure withdraws it (before,
   * an approval while the closure waited for its impact assessment kept the loop spinning).
   */
  @Override
  public boolean due() {
    return !s.phase.isOver()
        && s.actions.stream().anyMatch(a -> a.status() == ActionStatus.APPROVED);
  }

  /** Runs every approved action, each at most once, within the policy's limit. */
  @Override
  public void act() {
    for (int i = 0; i < s.actions.size(); i++) {
      MitigationAction action = s.actions.get(i);
      if (action.status() != ActionStatus.APPROVED || s.phase.isOver()) {
        continue;
      }
      if (s.actionsRun >= policy.maxActionsPerIncident()) {
        s.actions.set(
            i,
            action.finished(
                ActionStatus.WITHDRAWN,
                "limit of " + policy.maxActionsPerIncident() + " actions per incident reached",
                now()));
        record(SYSTEM, "Withdrew " + action.id(), "Action limit reached");
        continue;
      }
      runAction(i);
    }
  }

  void runAction(int index) {
    MitigationAction action = s.actions.get(index).withStatus(ActionStatus.RUNNING);
    s.actions.set(index, action);
    s.actionsRun++;
    record(
        action.decidedBy(),
        "Running " + action.id() + ": " + action.proposal().describe(),
        policy.dryRun() ? "Dry run" : "");
    publish();
    MitigationRequest request =
        new MitigationRequest(
            s.incidentId,
            action.id(),
            action.proposal(),
            action.decidedBy(),
            policy.dryRun(),
            s.actionsRun - 1);
    ctx.inFlight++;
    try {
      MitigationResult result = ctx.released(() -> ctx.mitigator().runMitigation(request));
      String summary = result == null ? "done" : result.summary();
      s.actions.set(index, action.finished(ActionStatus.SUCCEEDED, summary, now()));
      // Before and after on the timeline: what a person needs to undo it by hand.
      record(SYSTEM, action.id() + " succeeded", summary + Texts.beforeAfter(result));
    } catch (ActivityFailure e) {
      Failures.rethrowIfCanceled(e);
      s.actions.set(index, action.finished(ActionStatus.FAILED, Failures.describe(e), now()));
      record(SYSTEM, action.id() + " failed", Failures.describe(e));
      return;
    } finally {
      ctx.inFlight--;
    }
    VerificationResult verified = ctx.monitoring.verify();
    if (verified != null && verified.healthy() && s.phase == Phase.MITIGATING) {
      s.mitigationEvidence = "recovery verified after " + action.id();
      s.restoredAt = now();
    }
  }

  void requestAction(ActionRequest request) {
    if (request == null) {
      ctx.notUnderstood(IncidentSignals.REQUEST_ACTION);
      return;
    }
    if (request.type() == null) {
      ctx.ignored(IncidentSignals.REQUEST_ACTION, "type");
      return;
    }
    if (blank(request.target())) {
      ctx.ignored(IncidentSignals.REQUEST_ACTION, "target");
      return;
    }
    if (blank(request.by())) {
      ctx.ignored(IncidentSignals.REQUEST_ACTION, "by");
      return;
    }
    if (s.phase.isOver()) {
      record(request.by(), "Ignored requestAction: the incident is " + s.phase, "");
      return;
    }
    String namespace = blank(request.namespace()) ? s.namespace : request.namespace();
    propose(
        new ActionProposal(
            request.type(),
            namespace,
            request.target(),
            request.parameters(),
            request.risk(),
            request.reason()),
        request.by());
    publish();
  }
}
