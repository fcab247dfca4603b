package io.incidentresponse.bench.raw;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import java.time.Duration;

/** The raw intake's fan-out. */
@ActivityInterface
public interface RawIntakeActivities {
  /**
   * The project intake's timeouts ({@code DeliveryIntakeActivities.OPTIONS}): 10 min to deliver (a
   * loaded server may take minutes for a large delivery; 2 min made the raw side deliver a large
   * one again from its start), and a heartbeat timeout of 30 s, so the SDK sends its heartbeats as
   * often as the project's and a terminated intake stops its fan-out as soon as the project's does;
   * the SDK's default retries.
   */
  ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(10))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .build();

  /**
   * One signal-with-start per group, {@link RawIntakeActivitiesImpl#PARALLELISM} at once across
   * every intake of the worker (the project's {@code incident.ingestion.intake-parallelism}
   * default), with a heartbeat every 2 s while they go out, as the project's intake: a heartbeat
   * that finds its intake terminated stops the groups not sent yet. Idempotent enough for the
   * benchmark: a retry signals the groups again.
   */
  void deliverGroups(RawIntakeInput delivery);
}
