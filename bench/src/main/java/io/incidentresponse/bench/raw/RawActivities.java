package io.incidentresponse.bench.raw;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import java.time.Duration;

/** The raw workflow's one activity. */
@ActivityInterface
public interface RawActivities {
  /** Every raw activity: 10 s to finish, the SDK's default retries. */
  ActivityOptions OPTIONS =
      ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build();

  /**
   * Sleeps {@link RawStep#millis()}, then POSTs to {@link RawStep#notifyUrl()} when set. Idempotent
   * (a retry posts again; the stub keeps the first time). An unreachable URL fails the attempt and
   * Temporal retries it.
   */
  void step(RawStep step);
}
