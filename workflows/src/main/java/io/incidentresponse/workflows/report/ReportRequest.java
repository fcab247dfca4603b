package io.incidentresponse.workflows.report;

/**
 * Input of the monthly report workflow.
 *
 * @param month the month to report, {@code yyyy-MM} (e.g. {@code 2026-10}); null or blank means the
 *     month before the current workflow time in UTC, which is what the schedule on the 1st sends
 * @param post also post the report to the reports channel (the schedule does; an on-demand render
 *     does not)
 */
public record ReportRequest(String month, boolean post) {

  /** The scheduled run: last month, posted. */
  public static ReportRequest previousMonthPosted() {
    return new ReportRequest(null, true);
  }
}
