package io.incidentresponse.workflows.intake;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.util.List;

/**
 * Hands a queued delivery's alert groups to their incidents, as the starter's front door does for a
 * delivery with few groups: a maintenance may hold a group, a drill may mark the incident it opens,
 * and each incident gets its group with one signal-with-start.
 *
 * <p>Idempotent: a group already delivered by an earlier attempt is skipped (the attempt's progress
 * rides in its heartbeat), and should a group reach its incident twice anyway the incident drops
 * the second batch (same delivery id). While a group is not accepted (Temporal unreachable or
 * overloaded, or any other failure) the attempt fails after trying every group and is retried with
 * backoff ({@link #OPTIONS}), never given up: its alerts were answered 202. Only a group Temporal
 * refuses for good (INVALID_ARGUMENT: an invalid request, a payload over its limits) is reported in
 * the outcome ({@link GroupOutcome#undeliverable()}) and not retried.
 */
@ActivityInterface
public interface DeliveryIntakeActivities {

  /**
   * Timeouts and retries of {@link #deliverGroups}: a heartbeat after every group, so a starter
   * that dies mid-fan-out is noticed within the heartbeat timeout and another starter continues;
   * retried without limit, backing off to 10 s.
   */
  ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(10))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofSeconds(10))
                  .build())
          .build();

  /** Delivers every group of {@code delivery}; answers what became of each, in order. */
  List<GroupOutcome> deliverGroups(DeliveryIntakeInput delivery);
}
