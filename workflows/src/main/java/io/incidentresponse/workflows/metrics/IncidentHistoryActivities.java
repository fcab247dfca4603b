package io.incidentresponse.workflows.metrics;

import io.temporal.activity.ActivityInterface;
import java.time.YearMonth;

/**
 * The incident history store: outlives Temporal's retention, so monthly metrics can be computed
 * from it. Writes are upserts keyed by incident id and detection time, so a retried or replayed
 * write changes nothing.
 */
@ActivityInterface
public interface IncidentHistoryActivities {

  /** Inserts or replaces the incident's summary. */
  void recordIncident(IncidentSummary summary);

  /** Replaces the incident's postmortem action items. */
  void recordActionItems(ActionItemsUpdate update);

  /** The runbook's metrics over {@code month} in the store's zone. */
  MonthlyMetrics computeMonthlyMetrics(YearMonth month);
}
