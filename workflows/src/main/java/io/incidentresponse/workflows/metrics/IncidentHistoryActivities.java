package io.incidentresponse.workflows.metrics;

import io.incidentresponse.workflows.actionitems.ActionItemFilter;
import io.incidentresponse.workflows.actionitems.ActionItemPage;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.time.YearMonth;

/**
 * The incident history store: outlives Temporal's retention, so monthly metrics can be computed
 * from it. Writes are upserts keyed by incident id and detection time, so a retried or replayed
 * write changes nothing.
 */
@ActivityInterface
public interface IncidentHistoryActivities {

  /**
   * How workflows call the store: in the background and bounded, so a store that is down delays
   * nothing but a workflow's completion, by at most ten minutes.
   */
  ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofMinutes(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .build())
          .build();

  /** Inserts or replaces the incident's summary. */
  void recordIncident(IncidentSummary summary);

  /** Replaces the incident's postmortem action items. */
  void recordActionItems(ActionItemsUpdate update);

  /** The runbook's metrics over {@code month} in the store's zone. */
  MonthlyMetrics computeMonthlyMetrics(YearMonth month);

  /**
   * One page of the action items across incidents that match {@code filter}, from an indexed query;
   * reads only. "Overdue" is judged against today in the store's zone. A store that cannot be
   * reached fails with the retryable {@code UNAVAILABLE}; a null filter with {@code BAD_REQUEST}.
   */
  ActionItemPage listActionItems(ActionItemFilter filter);
}
