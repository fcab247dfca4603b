package io.incidentresponse.activities.mitigation;

import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;

/**
 * Runs one kind of mitigation against one outside system.
 *
 * <p>Contract: idempotent under {@link MitigationRequest#idempotencyKey()} (a retry after a crash
 * finds the earlier run, e.g. by an annotation it left on the object, and reports it instead of
 * acting again); with {@link MitigationRequest#dryRun()} it reads, checks the guardrails and says
 * what it would change, and changes nothing; the result's {@code before}/{@code after} maps hold
 * what is needed to undo it. Refusals by a guardrail throw the non-retryable {@code GUARDRAIL}
 * failure (see {@link Guardrails}); outside failures throw the typed {@code ApplicationFailure}s of
 * {@link io.incidentresponse.workflows.failures.FailureType}.
 */
@FunctionalInterface
public interface Mitigator {
  MitigationResult run(MitigationRequest request);
}
