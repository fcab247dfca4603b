package io.incidentresponse.workflows.report;

import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.incidentresponse.workflows.metrics.MonthlyMetrics;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import org.slf4j.Logger;

/** See {@link MonthlyReportWorkflow}. */
public class MonthlyReportWorkflowImpl implements MonthlyReportWorkflow {
  private static final Logger log = Workflow.getLogger(MonthlyReportWorkflowImpl.class);

  /**
   * Retried with backoff for about an hour (the store or Slack may be briefly down on the 1st); the
   * activities mark permanent failures (not configured, bad credentials) non-retryable.
   */
  private static final RetryOptions RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(5))
          .setBackoffCoefficient(2)
          .setMaximumInterval(Duration.ofMinutes(10))
          .setMaximumAttempts(10)
          .build();

  private final IncidentHistoryActivities history =
      Workflow.newActivityStub(
          IncidentHistoryActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(RETRY)
              .build());

  private final ReportActivities reports =
      Workflow.newActivityStub(
          ReportActivities.class,
          ActivityOptions.newBuilder()
              // renders a chart and uploads it to Slack: more than a plain call
              .setStartToCloseTimeout(Duration.ofMinutes(2))
              .setRetryOptions(RETRY)
              .build());

  @Override
  public MonthlyReport run(ReportRequest request) {
    Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    YearMonth month;
    try {
      month = ReportMonths.resolve(request == null ? null : request.month(), now);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), FailureType.BAD_REQUEST.type());
    }
    boolean post = request != null && request.post();
    log.info("monthly report for {} (post: {})", month, post);
    MonthlyMetrics metrics = history.computeMonthlyMetrics(month);
    return reports.publishMonthlyReport(new PublishReportRequest(metrics, post));
  }
}
