package io.incidentresponse.activities.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.incidentresponse.activities.slack.SlackSettings;
import io.incidentresponse.workflows.metrics.MonthlyMetrics;
import io.incidentresponse.workflows.report.MonthlyReport;
import io.incidentresponse.workflows.report.PublishReportRequest;
import io.incidentresponse.workflows.report.ReportActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports stored in a temporary directory; Slack's Web API stood up by MockWebServer. */
class ReportActivitiesImplTest {
  private static final String TOKEN = "xoxb-test-token";
  private static final String CHANNEL = "C0REPORTS";

  @TempDir Path directory;
  private final MockWebServer slack = new MockWebServer();
  private TestActivityEnvironment temporal;

  @BeforeEach
  void start() throws Exception {
    slack.start();
    temporal = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void stop() {
    temporal.close();
    slack.close();
  }

  /** The activity as the workflow calls it, with one attempt so each failure is seen as thrown. */
  private ReportActivities activities(String channel, SlackSettings slackSettings) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(slack.url("/api/").toString());
    config.setStatsEnabled(false); // else auth.test eats the first queued answer
    temporal.registerActivitiesImplementations(
        new ReportActivitiesImpl(
            new ReportSettings(directory.toString(), channel),
            slackSettings,
            slackSettings == null ? null : Slack.getInstance(config)));
    return temporal.newActivityStub(
        ReportActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  private static SlackSettings slackWithToken() {
    return new SlackSettings(
        TOKEN, null, null, List.of(), null, null, null, false, List.of(), null);
  }

  private void answer(int code, String json) {
    slack.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json")
            .body(json)
            .build());
  }

  private void uploadAccepted() {
    answer(
        200,
        "{\"ok\":true,\"upload_url\":\""
            + slack.url("/upload/F0CHART")
            + "\",\"file_id\":\"F0CHART\"}");
    slack.enqueue(new MockResponse.Builder().code(200).body("OK - 1234").build());
  }

  private static Map<String, String> form(RecordedRequest request) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : request.getBody().utf8().split("&")) {
      String[] kv = pair.split("=", 2);
      fields.put(
          URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return fields;
  }

  private static ApplicationFailure failureOf(Throwable thrown) {
    assertThat(thrown).isInstanceOf(ActivityFailure.class);
    return (ApplicationFailure) thrown.getCause();
  }

  @Test
  void store_writesTheMarkdownAndTheChart_andARerunOverwritesThem() throws Exception {
    ReportActivities reports = activities(null, null);
    MonthlyMetrics october = ReportFixtures.october();

    reports.publishMonthlyReport(new PublishReportRequest(ReportFixtures.quiet(), false));
    MonthlyReport first = reports.publishMonthlyReport(new PublishReportRequest(october, false));
    MonthlyReport rerun = reports.publishMonthlyReport(new PublishReportRequest(october, false));

    Path markdown = directory.resolve("2026-10.md");
    Path chart = directory.resolve("2026-10-chart.png");
    assertThat(first.markdownLocation()).isEqualTo(markdown.toString());
    assertThat(first.chartLocation()).isEqualTo(chart.toString());
    assertThat(Files.readString(markdown)).isEqualTo(first.markdown()).isEqualTo(rerun.markdown());
    assertThat(first.markdown()).contains("![MTTR and incident count per week](2026-10-chart.png)");
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(chart)));
    assertThat(image.getWidth()).isEqualTo(800);
    assertThat(image.getHeight()).isEqualTo(400);
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary files left behind")
          .containsExactlyInAnyOrder(
              "2026-02.md", "2026-02-chart.png", "2026-10.md", "2026-10-chart.png");
    }
    assertThat(first.postedTo()).isNull();
    assertThat(slack.getRequestCount()).isZero();
  }

  @Test
  void store_createsAMissingDirectory() throws Exception {
    Path nested = directory.resolve("reports/monthly");
    temporal.registerActivitiesImplementations(
        new ReportActivitiesImpl(new ReportSettings(nested.toString(), null), null, null));
    ReportActivities reports =
        temporal.newActivityStub(
            ReportActivities.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

    reports.publishMonthlyReport(new PublishReportRequest(ReportFixtures.october(), false));

    assertThat(nested.resolve("2026-10.md")).isRegularFile();
  }

  @Test
  void post_uploadsTheChartToTheReportsChannel_withTheReportAsItsComment() throws Exception {
    ReportActivities reports = activities(CHANNEL, slackWithToken());
    uploadAccepted();
    answer(200, "{\"ok\":true,\"files\":[{\"id\":\"F0CHART\",\"title\":\"chart\"}]}");

    MonthlyReport report =
        reports.publishMonthlyReport(new PublishReportRequest(ReportFixtures.october(), true));

    assertThat(report.postedTo()).isEqualTo(CHANNEL);
    byte[] stored = Files.readAllBytes(directory.resolve("2026-10-chart.png"));
    RecordedRequest getUrl = slack.takeRequest();
    assertThat(getUrl.getUrl().encodedPath()).isEqualTo("/api/files.getUploadURLExternal");
    assertThat(getUrl.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(form(getUrl))
        .containsEntry("filename", "2026-10-chart.png")
        .containsEntry("length", String.valueOf(stored.length));
    RecordedRequest upload = slack.takeRequest();
    assertThat(upload.getUrl().encodedPath()).isEqualTo("/upload/F0CHART");
    assertThat(upload.getBody().toByteArray()).isEqualTo(stored);
    RecordedRequest complete = slack.takeRequest();
    assertThat(complete.getUrl().encodedPath()).isEqualTo("/api/files.completeUploadExternal");
    Map<String, String> fields = form(complete);
    assertThat(fields).containsEntry("channel_id", CHANNEL);
    assertThat(fields.get("files")).contains("\"id\":\"F0CHART\"");
    assertThat(fields.get("initial_comment"))
        .startsWith("*Monthly Incident Report - October 2026*")
        .contains("• Total Incidents: 12")
        .contains("• Average MTTR: 1 h 05 min")
        .contains("```\n| Week of | Incidents | MTTR |")
        .doesNotContain("![");
  }

  @Test
  void post_withoutSlack_storesTheReportAndSaysItWasNotPosted() {
    ReportActivities noSlack = activities(CHANNEL, null);

    MonthlyReport report =
        noSlack.publishMonthlyReport(new PublishReportRequest(ReportFixtures.october(), true));

    assertThat(report.postedTo()).isNull();
    assertThat(directory.resolve("2026-10.md")).isRegularFile();
    assertThat(directory.resolve("2026-10-chart.png")).isRegularFile();
    assertThat(slack.getRequestCount()).isZero();
  }

  @Test
  void post_withSlackButNoReportsChannel_storesWithoutCallingSlack() {
    ReportActivities noChannel = activities(" ", slackWithToken());

    MonthlyReport report =
        noChannel.publishMonthlyReport(new PublishReportRequest(ReportFixtures.october(), true));

    assertThat(report.postedTo()).isNull();
    assertThat(report.markdownLocation()).isEqualTo(directory.resolve("2026-10.md").toString());
    assertThat(slack.getRequestCount()).isZero();
  }

  @Test
  void unknownChannel_isNotFound_andNotRetried_butTheReportIsStored() {
    ReportActivities reports = activities(CHANNEL, slackWithToken());
    uploadAccepted();
    answer(200, "{\"ok\":false,\"error\":\"channel_not_found\"}");

    ApplicationFailure failure =
        failureOf(
            catchThrowable(
                () ->
                    reports.publishMonthlyReport(
                        new PublishReportRequest(ReportFixtures.october(), true))));

    assertThat(failure.getType()).isEqualTo("NOT_FOUND");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).isEqualTo("Slack files.uploadV2: channel_not_found");
    assertThat(directory.resolve("2026-10.md")).isRegularFile();
  }

  @Test
  void revokedToken_isInvalidCredentials_andTheMessageHoldsNoToken() {
    ReportActivities reports = activities(CHANNEL, slackWithToken());
    answer(200, "{\"ok\":false,\"error\":\"token_revoked\"}");

    ApplicationFailure failure =
        failureOf(
            catchThrowable(
                () ->
                    reports.publishMonthlyReport(
                        new PublishReportRequest(ReportFixtures.october(), true))));

    assertThat(failure.getType()).isEqualTo("INVALID_CREDENTIALS");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).doesNotContain(TOKEN);
  }

  @Test
  void rateLimited_isRetriedAfterSlacksRetryAfter() {
    ReportActivities reports = activities(CHANNEL, slackWithToken());
    slack.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "30")
            .addHeader("Content-Type", "application/json")
            .body("{\"ok\":false,\"error\":\"ratelimited\"}")
            .build());

    ApplicationFailure failure =
        failureOf(
            catchThrowable(
                () ->
                    reports.publishMonthlyReport(
                        new PublishReportRequest(ReportFixtures.october(), true))));

    assertThat(failure.getType()).isEqualTo("RATE_LIMITED");
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void uploadUrlRefusingTheBytes_isRetried() {
    ReportActivities reports = activities(CHANNEL, slackWithToken());
    answer(
        200,
        "{\"ok\":true,\"upload_url\":\""
            + slack.url("/upload/F0CHART")
            + "\",\"file_id\":\"F0CHART\"}");
    slack.enqueue(new MockResponse.Builder().code(503).body("busy").build());

    ApplicationFailure failure =
        failureOf(
            catchThrowable(
                () ->
                    reports.publishMonthlyReport(
                        new PublishReportRequest(ReportFixtures.october(), true))));

    assertThat(failure.getType()).isEqualTo("UNAVAILABLE");
    assertThat(failure.isNonRetryable()).isFalse();
  }

  @Test
  void settings_defaultToTheDataDirectory_andABlankChannelIsNone() {
    ReportSettings defaults = new ReportSettings(null, "  ");

    assertThat(defaults.directory()).isEqualTo("./data/reports");
    assertThat(defaults.slackChannel()).isNull();
    assertThat(defaults.postsToSlack()).isFalse();
  }
}
