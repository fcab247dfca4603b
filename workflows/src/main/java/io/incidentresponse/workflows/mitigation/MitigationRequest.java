package io.incidentresponse.workflows.mitigation;

/**
 * Run one mitigation.
 *
 * @param incidentId which incident
 * @param actionId the action's id within the incident
 * @param action what to do
 * @param approvedBy who approved it ({@code policy} when it ran alone)
 * @param dryRun report what would change and change nothing
 * @param actionsRunSoFar how many mitigations this incident has already run (guardrail input)
 */
public record MitigationRequest(
    String incidentId,
    String actionId,
    ActionProposal action,
    String approvedBy,
    boolean dryRun,
    int actionsRunSoFar) {

  /** The key under which a retried run must find the earlier run's result instead of acting. */
  public String idempotencyKey() {
    return incidentId + "/" + actionId;
  }
}
