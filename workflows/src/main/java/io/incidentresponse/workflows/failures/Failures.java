package io.incidentresponse.workflows.failures;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;

/** How workflows read activity failures. Pure functions: safe in workflow code. */
public final class Failures {
  private Failures() {}

  /** One line for the timeline: {@code NOT_CONFIGURED: chat (Slack) is not configured}. */
  public static String describe(ActivityFailure e) {
    Throwable cause = e.getCause();
    if (cause instanceof ApplicationFailure failure) {
      return failure.getType() + ": " + failure.getOriginalMessage();
    }
    if (cause instanceof TimeoutFailure timeout) {
      return "timed out (" + timeout.getTimeoutType().name().replace("TIMEOUT_TYPE_", "") + ")";
    }
    return cause == null ? e.getMessage() : cause.getMessage();
  }

  /** Cancellation must propagate: workflows never swallow it. */
  public static void rethrowIfCanceled(ActivityFailure e) {
    if (e.getCause() instanceof CanceledFailure) {
      throw e;
    }
  }
}
