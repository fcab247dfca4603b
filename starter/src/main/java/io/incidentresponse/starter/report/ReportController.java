package io.incidentresponse.starter.report;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.TemporalCalls;
import io.incidentresponse.starter.security.AccessGuard;
import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.metrics.MonthlyMetrics;
import io.incidentresponse.workflows.report.MonthlyReport;
import io.incidentresponse.workflows.report.MonthlyReportWorkflow;
import io.incidentresponse.workflows.report.ReportMonths;
import io.incidentresponse.workflows.report.ReportRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import java.net.URI;
import java.time.Clock;
import java.time.YearMonth;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The monthly incident report on demand: runs the report workflow for the month (stored, not
 * posted) and answers with its Markdown, where the chart is, and the figures.
 */
@RestController
@RequestMapping(path = "/api/reports", produces = MediaType.APPLICATION_JSON_VALUE)
public class ReportController {
  private static final String TYPES = "https://github.com/incident-response/problems/";

  private final WorkflowClient client;
  private final TemporalCalls calls;
  private final ReportProperties properties;
  private final String taskQueue;
  private final AccessGuard guard;
  private final Clock clock;

  public ReportController(
      WorkflowClient client,
      TemporalCalls calls,
      ReportProperties properties,
      IncidentProperties incident,
      AccessGuard guard,
      Clock clock) {
    this.client = client;
    this.calls = calls;
    this.properties = properties;
    this.taskQueue = properties.taskQueue() == null ? incident.taskQueue() : properties.taskQueue();
    this.guard = guard;
    this.clock = clock;
  }

  /** The answer: the report and its figures. */
  public record ReportView(
      String month,
      String markdown,
      String markdownLocation,
      String chartLocation,
      MonthlyMetrics metrics) {}

  @Operation(
      summary = "The monthly incident report for a month (yyyy-MM)",
      description =
          "Runs the MonthlyIncidentReport workflow now (stored, not posted to Slack) and waits for"
              + " it. 400 for a month that is not yyyy-MM or is in the future.")
  @GetMapping("/{month}")
  public ReportView report(@PathVariable String month) {
    guard.reader();
    YearMonth resolved;
    try {
      resolved = ReportMonths.resolve(month, clock.instant());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(HttpStatus.BAD_REQUEST, "month", e.getMessage());
    }
    String workflowId =
        "monthly-report-" + resolved + "-" + UUID.randomUUID().toString().substring(0, 8);
    MonthlyReportWorkflow workflow =
        client.newWorkflowStub(
            MonthlyReportWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(taskQueue)
                .setWorkflowExecutionTimeout(properties.timeout())
                .build());
    calls.call(
        () -> WorkflowClient.start(workflow::run, new ReportRequest(resolved.toString(), false)));
    MonthlyReport report =
        calls.result(workflow, MonthlyReport.class, properties.timeout(), ReportTimedOut::new);
    return new ReportView(
        resolved.toString(),
        report.markdown(),
        report.markdownLocation(),
        report.chartLocation(),
        report.metrics());
  }

  /** The report did not come back in time. */
  static class ReportTimedOut extends RuntimeException {
    ReportTimedOut(String workflowId) {
      super(workflowId);
    }
  }

  @ExceptionHandler(ReportTimedOut.class)
  ResponseEntity<ProblemDetail> timedOut(ReportTimedOut e) {
    return problem(
        HttpStatus.GATEWAY_TIMEOUT,
        "report-timeout",
        "Report timed out",
        "the report workflow "
            + e.getMessage()
            + " did not finish within "
            + properties.timeout().toSeconds()
            + " s; is a worker running?",
        null);
  }

  @ExceptionHandler(WorkflowFailedException.class)
  ResponseEntity<ProblemDetail> failed(WorkflowFailedException e) {
    String workflowId = e.getExecution().getWorkflowId();
    ApplicationFailure application = null;
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof TimeoutFailure) {
        return timedOut(new ReportTimedOut(workflowId));
      }
      if (t instanceof ApplicationFailure found) {
        application = found;
        break;
      }
    }
    if (application != null && FailureType.BAD_REQUEST.type().equals(application.getType())) {
      return problem(
          HttpStatus.BAD_REQUEST,
          "bad-input",
          "Invalid request",
          application.getOriginalMessage(),
          "month");
    }
    if (application != null && FailureType.NOT_CONFIGURED.type().equals(application.getType())) {
      return problem(
          HttpStatus.SERVICE_UNAVAILABLE,
          "not-configured",
          "Report not available",
          application.getOriginalMessage(),
          null);
    }
    return problem(
        HttpStatus.BAD_GATEWAY,
        "report-failed",
        "Report failed",
        "the report workflow "
            + workflowId
            + " failed: "
            + (application == null ? e.getMessage() : application.getOriginalMessage()),
        null);
  }

  private static ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String type, String title, String detail, String field) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPES + type));
    problem.setTitle(title);
    if (field != null) {
      problem.setProperty("field", field);
    }
    return ResponseEntity.status(status).body(problem);
  }
}
