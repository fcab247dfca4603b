package io.incidentresponse.starter.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.cli.ExitCode;
import io.incidentresponse.starter.Incidentctl;
import io.incidentresponse.starter.StandInActivities;
import io.incidentresponse.starter.TestKeys;
import io.incidentresponse.workflows.identity.IdentityActivities;
import io.incidentresponse.workflows.identity.ProofChecker;
import io.incidentresponse.workflows.report.MonthlyReportWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/reports/{month}} and {@code incidentctl report} against the starter on a random
 * port with Temporal's in-process test server, in the style of the starter's {@code StarterIT}
 * (package-private there, hence this own setup). The report workflow runs for real on a worker of
 * its own task queue ({@code incident.report.task-queue}); the history store and the report
 * activities are stood in by {@link ReportStandIns}.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "incident.report.task-queue=" + ReportIT.QUEUE)
@ActiveProfiles("test")
@Import(ReportIT.Workers.class)
class ReportIT {
  static final String QUEUE = "monthly-report-it";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A worker for the report workflow, beside the one the test profile configures. */
  record ReportWorker(WorkerFactory factory, ReportStandIns activities) implements AutoCloseable {
    @Override
    public void close() {
      factory.shutdownNow();
    }
  }

  @TestConfiguration
  static class Workers {
    /** The test profile's worker configuration names this bean. */
    @Bean
    StandInActivities standInActivities() {
      return new StandInActivities();
    }

    /** The test profile's worker registers the proof checker too. */
    @Bean
    IdentityActivities identityActivities() {
      return new ProofChecker(null, Clock.systemUTC());
    }

    @Bean
    ReportWorker reportWorker(WorkflowClient client) {
      ReportStandIns activities = new ReportStandIns();
      WorkerFactory factory = WorkerFactory.newInstance(client);
      Worker worker = factory.newWorker(QUEUE);
      worker.registerWorkflowImplementationTypes(MonthlyReportWorkflowImpl.class);
      worker.registerActivitiesImplementations(activities);
      factory.start();
      return new ReportWorker(factory, activities);
    }
  }

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired ReportWorker worker;
  @Autowired ReportSchedule schedule;

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-API-Key", TestKeys.BOB)
            .timeout(Duration.ofSeconds(60))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode problem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    return json.readTree(response.body());
  }

  private Incidentctl.Run incidentctl(String... args) {
    return Incidentctl.run("http://127.0.0.1:" + port, TestKeys.BOB, args);
  }

  @Test
  void report_runsTheWorkflowForTheMonth_andAnswersMarkdownChartAndFigures() throws Exception {
    HttpResponse<String> response = get("/api/reports/2026-08");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = json.readTree(response.body());
    assertThat(body.get("month").asString()).isEqualTo("2026-08");
    assertThat(body.get("markdown").asString()).startsWith("# Monthly Incident Report - 2026-08\n");
    assertThat(body.get("chartLocation").asString()).isEqualTo("data/reports/2026-08-chart.png");
    assertThat(body.get("metrics").get("total").asInt()).isEqualTo(3);
    assertThat(body.get("metrics").get("month").asString()).isEqualTo("2026-08");
    assertThat(body.get("metrics").get("bySeverity").get("P1").asInt()).isEqualTo(2);
    assertThat(worker.activities().monthsComputed).contains(YearMonth.of(2026, 8));
    assertThat(worker.activities().published)
        .filteredOn(p -> p.metrics().month().equals(YearMonth.of(2026, 8)))
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.post()).as("on demand: stored, not posted").isFalse());
  }

  @Test
  void badOrFutureMonth_is400NamingTheField_andRunsNothing() throws Exception {
    int runsBefore = worker.activities().monthsComputed.size();

    JsonNode malformed = problem(get("/api/reports/2026-13"), 400);
    JsonNode words = problem(get("/api/reports/October"), 400);
    JsonNode future = problem(get("/api/reports/2999-01"), 400);

    assertThat(malformed.get("field").asString()).isEqualTo("month");
    assertThat(malformed.get("detail").asString()).contains("yyyy-MM");
    assertThat(words.get("field").asString()).isEqualTo("month");
    assertThat(future.get("field").asString()).isEqualTo("month");
    assertThat(future.get("detail").asString()).contains("in the future");
    assertThat(worker.activities().monthsComputed).hasSize(runsBefore);
  }

  @Test
  void incidentctlReport_printsTheMarkdown() {
    Incidentctl.Run run = incidentctl("report", "--month", "2026-09");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo("# Monthly Incident Report - 2026-09\n\n## Summary\n- Total Incidents: 3\n");
  }

  @Test
  void incidentctlReport_json_printsTheApisAnswer() {
    Incidentctl.Run run = incidentctl("--json", "report", "--month", "2026-07");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode body = json.readTree(run.out());
    assertThat(body.get("month").asString()).isEqualTo("2026-07");
    assertThat(body.get("metrics").get("sloCompliance").asDouble()).isEqualTo(2.0 / 3);
  }

  @Test
  void incidentctlReport_badMonth_exitsWithTheBadInputCodeTheReasonAndTheField() {
    Incidentctl.Run run = incidentctl("report", "--month", "2026-1");

    assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(run.err()).contains("yyyy-MM").contains("(field: month)");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void scheduleOnTheTestServer_isUnsupported_andStartUpWentOn() {
    assertThat(schedule.ensure()).isEqualTo(ReportSchedule.Outcome.UNSUPPORTED);
  }
}
