package io.incidentresponse.workflows.report;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The monthly incident report: computes the month's metrics from the incident history store, then
 * renders, stores and (when asked) posts the report. Run by the Temporal Schedule {@code
 * monthly-incident-report} at 09:00 UTC on the 1st of each month for the month before, and on
 * demand by {@code GET /api/reports/{month}} and {@code incidentctl report}.
 *
 * <p>Fails with the non-retryable {@code BAD_REQUEST} when the month is not {@code yyyy-MM} or is
 * in the future; an activity that fails for good fails the run with its failure.
 */
@WorkflowInterface
public interface MonthlyReportWorkflow {
  /** The workflow type, as the schedule names it. */
  String TYPE = "MonthlyIncidentReport";

  @WorkflowMethod(name = TYPE)
  MonthlyReport run(ReportRequest request);
}
