package io.incidentresponse.bench.raw;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import java.time.Duration;

/** The raw intake's fan-out. */
@ActivityInterface
public interface RawIntakeActivities {
  /** A loaded server may take a while for a large delivery; the SDK's default retries. */
  ActivityOptions OPTIONS =
      ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(2)).build();

  /**
   * One signal-with-start per group, {@link RawIntakeActivitiesImpl#PARALLELISM} at once across
   * every intake of the worker (the project's {@code incident.ingestion.intake-parallelism}
   * default). Idempotent enough for the benchmark: a retry signals the groups again.
   */
  void deliverGroups(RawIntakeInput delivery);
}
