package io.incidentresponse.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Activity options for a call a person is waiting on (a REST request, a CLI command): two short
 * attempts a second apart, then the answer or the failure, never minutes of retries.
 */
public final class PersonWaiting {
  private PersonWaiting() {}

  /**
   * @param attempt the most one attempt may take
   * @param total the most both attempts may take together
   */
  public static ActivityOptions twoAttempts(Duration attempt, Duration total) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(attempt)
        .setScheduleToCloseTimeout(total)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setMaximumAttempts(2)
                .setInitialInterval(Duration.ofSeconds(1))
                .build())
        .build();
  }
}
