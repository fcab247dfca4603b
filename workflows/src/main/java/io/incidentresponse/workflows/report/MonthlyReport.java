package io.incidentresponse.workflows.report;

import io.incidentresponse.workflows.metrics.MonthlyMetrics;

/**
 * The rendered monthly incident report.
 *
 * @param metrics the figures it was rendered from
 * @param markdown the report as Markdown (totals, P0/P1, MTTR, SLO compliance, top types,
 *     improvements, focus areas, and a link to the chart)
 * @param markdownLocation where the Markdown was stored, or null when not stored
 * @param chartLocation where the PNG chart (MTTR and incident count per week) was stored, or null
 * @param postedTo the Slack channel it was posted to, or null when not posted
 */
public record MonthlyReport(
    MonthlyMetrics metrics,
    String markdown,
    String markdownLocation,
    String chartLocation,
    String postedTo) {}
