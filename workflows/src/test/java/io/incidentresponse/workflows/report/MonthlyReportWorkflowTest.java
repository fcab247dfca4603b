package io.incidentresponse.workflows.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.incidentresponse.workflows.metrics.MonthlyMetrics;
import io.incidentresponse.workflows.postmortem.ActionItemKind;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MonthlyReportWorkflowTest {
  /** The schedule's firing time: 09:00 UTC on the 1st. */
  private static final Instant FIRST_OF_NOVEMBER = Instant.parse("2026-11-01T09:00:00Z");

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(MonthlyReportWorkflowImpl.class)
          .setInitialTime(FIRST_OF_NOVEMBER)
          .setDoNotStart(true)
          .build();

  private final IncidentHistoryActivities history =
      mock(IncidentHistoryActivities.class, withSettings().withoutAnnotations());
  private final ReportActivities reports =
      mock(ReportActivities.class, withSettings().withoutAnnotations());
  private MonthlyReportWorkflow workflow;

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    when(history.computeMonthlyMetrics(any()))
        .thenAnswer(call -> metrics(call.getArgument(0, YearMonth.class)));
    when(reports.publishMonthlyReport(any()))
        .thenAnswer(
            call -> {
              PublishReportRequest request = call.getArgument(0, PublishReportRequest.class);
              String month = request.metrics().month().toString();
              return new MonthlyReport(
                  request.metrics(),
                  "# Monthly Incident Report - " + month,
                  "data/reports/" + month + ".md",
                  "data/reports/" + month + "-chart.png",
                  request.post() ? "C-REPORTS" : null);
            });
    worker.registerActivitiesImplementations(history, reports);
    env.start();
    workflow = env.getWorkflowClient().newWorkflowStub(MonthlyReportWorkflow.class, options);
  }

  private static MonthlyMetrics metrics(YearMonth month) {
    return new MonthlyMetrics(
        month,
        "UTC",
        3,
        Map.of(Severity.P0, 1, Severity.P1, 2, Severity.P2, 0, Severity.P3, 0),
        0,
        60.0,
        120.0,
        1800.0,
        5400.0,
        Map.of(),
        1.0,
        List.of(),
        List.of(),
        0,
        List.of(),
        List.of(),
        List.of(),
        // through the data converter and back whole: the figures by kind and the runbook changes
        List.of(
            new MonthlyMetrics.KindFigures(
                ActionItemKind.RUNBOOK_UPDATE, MonthlyMetrics.ItemGroup.PROCESS, 1, 0, 0),
            new MonthlyMetrics.KindFigures(null, MonthlyMetrics.ItemGroup.NONE, 0, 2, 1)),
        List.of(
            new MonthlyMetrics.RunbookChange(
                "Mitigation / Database",
                "incident-checkout-1",
                "checkout",
                "AI-3",
                "Add the pool saturation step",
                "https://github.com/acme/runbook/pull/7",
                "carol",
                month.atDay(20).atStartOfDay(ZoneOffset.UTC).toInstant())));
  }

  @Test
  void explicitMonth_computesThatMonthAndPublishesItWithoutPosting() {
    MonthlyReport report = workflow.run(new ReportRequest("2026-08", false));

    verify(history).computeMonthlyMetrics(YearMonth.of(2026, 8));
    verify(reports)
        .publishMonthlyReport(
            new PublishReportRequest(metrics(YearMonth.of(2026, 8)), /* post= */ false));
    assertThat(report.metrics().month()).isEqualTo(YearMonth.of(2026, 8));
    assertThat(report.markdownLocation()).isEqualTo("data/reports/2026-08.md");
    assertThat(report.postedTo()).isNull();
  }

  @Test
  void noMonth_onTheFirstOfNovember_reportsOctoberAndPostsIt() {
    MonthlyReport report = workflow.run(ReportRequest.previousMonthPosted());

    verify(history).computeMonthlyMetrics(YearMonth.of(2026, 10));
    assertThat(report.metrics().month()).isEqualTo(YearMonth.of(2026, 10));
    assertThat(report.postedTo()).isEqualTo("C-REPORTS");
  }

  @Test
  void blankMonth_isThePreviousMonthToo() {
    MonthlyReport report = workflow.run(new ReportRequest("  ", false));

    assertThat(report.metrics().month()).isEqualTo(YearMonth.of(2026, 10));
  }

  @Test
  void malformedMonth_failsTheRunAsBadRequest_andTouchesNothing(
      TestWorkflowEnvironment env, WorkflowOptions options) {
    MonthlyReportWorkflow second =
        env.getWorkflowClient().newWorkflowStub(MonthlyReportWorkflow.class, options);

    Throwable malformed = catchThrowable(() -> workflow.run(new ReportRequest("2026-13", true)));
    Throwable future = catchThrowable(() -> second.run(new ReportRequest("2999-01", true)));

    assertThat(badRequest(malformed).getOriginalMessage())
        .isEqualTo("month must be yyyy-MM (e.g. 2026-10), not '2026-13'");
    // far ahead: the test server may skip time between the two runs
    assertThat(badRequest(future).getOriginalMessage())
        .startsWith("month 2999-01 is in the future");
    verifyNoInteractions(history, reports);
  }

  @Test
  void currentMonth_isAllowed_asAReportSoFar() {
    MonthlyReport report = workflow.run(new ReportRequest("2026-11", false));

    assertThat(report.metrics().month()).isEqualTo(YearMonth.of(2026, 11));
  }

  private static ApplicationFailure badRequest(Throwable thrown) {
    assertThat(thrown).isInstanceOf(WorkflowFailedException.class);
    ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
    assertThat(failure.getType()).isEqualTo("BAD_REQUEST");
    assertThat(failure.isNonRetryable()).isTrue();
    return failure;
  }
}
