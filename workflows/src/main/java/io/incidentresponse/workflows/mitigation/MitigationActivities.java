package io.incidentresponse.workflows.mitigation;

import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

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

  /**
   * How workflows run a mitigation: up to three attempts over 15 minutes; a guardrail refusal or a
   * bad request is final.
   */
  ActivityOptions RUN_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .setScheduleToCloseTimeout(Duration.ofMinutes(15))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(5))
                  .setMaximumAttempts(3)
                  .setDoNotRetry(FailureType.GUARDRAIL.type(), FailureType.BAD_REQUEST.type())
                  .build())
          .build();

  /** How workflows verify recovery: up to three attempts within three minutes. */
  ActivityOptions CHECK_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setScheduleToCloseTimeout(Duration.ofMinutes(3))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
          .build();

  MitigationResult runMitigation(MitigationRequest request);

  /** Health endpoint, pods Running and Ready, {@code up == 1}, error ratio and p95 in range. */
  VerificationResult verifyRecovery(VerificationRequest request);
}
