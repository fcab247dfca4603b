package io.incidentresponse.workflows.failures;

import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/**
 * The one way an activity throws an outcome that is expected, not a fault: an integration that is
 * not configured ({@link FailureType#NOT_CONFIGURED}), an action a guardrail refused ({@link
 * FailureType#GUARDRAIL}), a call that waits for its pace ({@link FailureType#RATE_LIMITED}).
 *
 * <p>Each is an {@link ApplicationFailure} of category {@link ApplicationErrorCategory#BENIGN}
 * without a stack trace. The Temporal SDK (1.38) logs a failed attempt through the logger {@code
 * io.temporal.internal.activity.ActivityTaskExecutors$ActivityTaskExecutor}: at WARN with the stack
 * trace for every category but BENIGN, at DEBUG for BENIGN, which it also leaves out of the
 * failed-activity metrics. The workflow sees the same typed failure as before and puts it on the
 * timeline, which is where a person reads it. Real failures (UNAVAILABLE, INVALID_CREDENTIALS,
 * BAD_REQUEST, NOT_FOUND, CONFLICT) are not built here: they keep their WARN and stack trace.
 */
public final class ExpectedFailures {
  private static final StackTraceElement[] NO_STACK = new StackTraceElement[0];

  private ExpectedFailures() {}

  /** Non-retryable NOT_CONFIGURED: {@code message} names what is missing and what would set it. */
  public static ApplicationFailure notConfigured(String message) {
    return expected(message, FailureType.NOT_CONFIGURED, true, null);
  }

  /** Non-retryable GUARDRAIL: {@code why} says which guardrail refused and its setting. */
  public static ApplicationFailure refused(String why) {
    return expected("guardrail: " + why, FailureType.GUARDRAIL, true, null);
  }

  /**
   * Retryable RATE_LIMITED: the call waits for its pace. {@code retryAfter} is the delay the remote
   * asked for (its Retry-After) or the local pacer's; null leaves the delay to the retry policy.
   */
  public static ApplicationFailure paced(String message, Duration retryAfter) {
    return expected(message, FailureType.RATE_LIMITED, false, retryAfter);
  }

  private static ApplicationFailure expected(
      String message, FailureType type, boolean nonRetryable, Duration retryAfter) {
    ApplicationFailure failure =
        ApplicationFailure.newBuilder()
            .setMessage(message)
            .setType(type.type())
            .setNonRetryable(nonRetryable)
            .setNextRetryDelay(retryAfter)
            .setCategory(ApplicationErrorCategory.BENIGN)
            .build();
    // The stack says only where the check is; it would also be stored in the history event.
    failure.setStackTrace(NO_STACK);
    return failure;
  }
}
