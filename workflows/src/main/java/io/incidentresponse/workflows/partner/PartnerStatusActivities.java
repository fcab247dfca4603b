package io.incidentresponse.workflows.partner;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.util.List;

/**
 * Reads a provider's public status feed. Reads only, so a retry is harmless. A feed that answers
 * 5xx, 429 (after its Retry-After), times out or is not the format configured is retried; 404 and
 * other 4xx are final ({@code NOT_FOUND}, {@code BAD_REQUEST}). Every text is bounded and at most
 * {@link #MAX_INCIDENTS} incidents are answered, the most recently updated first.
 */
@ActivityInterface
public interface PartnerStatusActivities {
  int MAX_INCIDENTS = 50;

  /** Each call is cut at 10 s; three attempts within two minutes, then the run reports it. */
  ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofMinutes(2))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(5))
                  .setMaximumAttempts(3)
                  .build())
          .build();

  List<ProviderIncident> readProviderIncidents(PartnerFeed feed);
}
