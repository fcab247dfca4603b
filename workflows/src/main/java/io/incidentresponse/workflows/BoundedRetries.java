package io.incidentresponse.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Activity options for a call to an outside system nobody waits on: retried from 5 s apart up to 2
 * minutes apart until {@code total} has passed, then the failure is the workflow's to report.
 */
public final class BoundedRetries {
  private BoundedRetries() {}

  /**
   * @param attempt the most one attempt may take
   * @param total the most all attempts may take together
   */
  public static ActivityOptions within(Duration attempt, Duration total) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(attempt)
        .setScheduleToCloseTimeout(total)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(5))
                .setMaximumInterval(Duration.ofMinutes(2))
                .build())
        .build();
  }
}
