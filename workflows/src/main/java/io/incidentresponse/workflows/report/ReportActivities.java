package io.incidentresponse.workflows.report;

import io.temporal.activity.ActivityInterface;

/** Renders, stores and posts the monthly report. Idempotent per month: a rerun overwrites. */
@ActivityInterface
public interface ReportActivities {

  /**
   * Renders the report and its chart and stores both (a directory); with {@link
   * PublishReportRequest#post()} it also posts them to the reports channel.
   */
  MonthlyReport publishMonthlyReport(PublishReportRequest request);
}
