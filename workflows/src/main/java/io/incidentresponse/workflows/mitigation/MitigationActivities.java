package io.incidentresponse.workflows.mitigation;

import io.temporal.activity.ActivityInterface;

/**
 * Acts on production, and checks whether production recovered.
 *
 * <p>{@link #runMitigation} is idempotent under {@link MitigationRequest#idempotencyKey()}: a
 * retried run reports the earlier result instead of acting twice. Guardrails (namespace allow-list,
 * replica bounds, never to zero, action limit) fail with the non-retryable {@link
 * FailureType#GUARDRAIL}.
 */
@ActivityInterface
public interface MitigationActivities {

  MitigationResult runMitigation(MitigationRequest request);

  /** Health endpoint, pods Running and Ready, {@code up == 1}, error ratio and p95 in range. */
  VerificationResult verifyRecovery(VerificationRequest request);
}
