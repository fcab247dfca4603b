package io.incidentresponse.starter.report;

import io.incidentresponse.workflows.actionitems.ActionItemFilter;
import io.incidentresponse.workflows.actionitems.ActionItemPage;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.metrics.ActionItemsUpdate;
import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.incidentresponse.workflows.metrics.IncidentSummary;
import io.incidentresponse.workflows.metrics.MonthlyMetrics;
import io.incidentresponse.workflows.report.MonthlyReport;
import io.incidentresponse.workflows.report.PublishReportRequest;
import io.incidentresponse.workflows.report.ReportActivities;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the history store and the report activities (they are tested in the activities
 * module): the starter's tests are about the API and the CLI. Records what it was asked.
 */
public class ReportStandIns implements IncidentHistoryActivities, ReportActivities {
  final List<YearMonth> monthsComputed = new CopyOnWriteArrayList<>();
  final List<PublishReportRequest> published = new CopyOnWriteArrayList<>();

  @Override
  public void recordIncident(IncidentSummary summary) {}

  @Override
  public void recordActionItems(ActionItemsUpdate update) {}

  @Override
  public MonthlyMetrics computeMonthlyMetrics(YearMonth month) {
    monthsComputed.add(month);
    return new MonthlyMetrics(
        month,
        "UTC",
        3,
        Map.of(Severity.P0, 1, Severity.P1, 2, Severity.P2, 0, Severity.P3, 0),
        1,
        120.0,
        300.0,
        3900.0,
        11700.0,
        Map.of("checkout", 86400.0),
        2.0 / 3,
        List.of(new MonthlyMetrics.TypeCount("CheckoutHighErrorRate", 2)),
        List.of("Add a p95 latency alert"),
        1,
        List.of(new MonthlyMetrics.Week(LocalDate.of(2026, 9, 28), 3, 3900.0)),
        List.of("checkout: 2 incidents"),
        List.of(),
        List.of(),
        List.of());
  }

  @Override
  public ActionItemPage listActionItems(ActionItemFilter filter) {
    return new ActionItemPage(List.of(), LocalDate.of(2026, 11, 30), null);
  }

  @Override
  public MonthlyReport publishMonthlyReport(PublishReportRequest request) {
    published.add(request);
    String month = request.metrics().month().toString();
    return new MonthlyReport(
        request.metrics(),
        "# Monthly Incident Report - " + month + "\n\n## Summary\n- Total Incidents: 3\n",
        "data/reports/" + month + ".md",
        "data/reports/" + month + "-chart.png",
        null);
  }
}
