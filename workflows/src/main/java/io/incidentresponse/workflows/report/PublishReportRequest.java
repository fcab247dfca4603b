package io.incidentresponse.workflows.report;

import io.incidentresponse.workflows.metrics.MonthlyMetrics;

/**
 * Publish one month's report.
 *
 * @param metrics the figures
 * @param post also post it to the reports channel (the scheduled run does; an on-demand render from
 *     {@code incidentctl report} does not)
 */
public record PublishReportRequest(MonthlyMetrics metrics, boolean post) {}
