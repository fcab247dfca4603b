package io.incidentresponse.workflows.capabilities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * What the worker has settings for. Run as a local activity once when an incident run starts: the
 * answer is recorded in the run's history (a marker), so a worker whose configuration changed since
 * replays the run with the answer it had, and the next run asks again. Reads only the worker's
 * configuration; never fails for a missing integration (that is the answer).
 */
@ActivityInterface
public interface CapabilityActivities {

  /**
   * Local, quick, one attempt: an implementation that throws is taken to have everything
   * configured, and the calls go out and fail as they would without this question.
   */
  LocalActivityOptions OPTIONS =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(2))
          .setScheduleToCloseTimeout(Duration.ofSeconds(5))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build();

  Capabilities capabilities();
}
