package io.incidentresponse.activities.report;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import io.incidentresponse.activities.slack.SlackCalls;
import io.incidentresponse.activities.slack.SlackSettings;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.metrics.MonthlyMetrics;
import io.incidentresponse.workflows.report.MonthlyReport;
import io.incidentresponse.workflows.report.PublishReportRequest;
import io.incidentresponse.workflows.report.ReportActivities;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.format.TextStyle;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ReportActivities} on a directory and Slack. Stores {@code <dir>/<yyyy-MM>.md} and {@code
 * <dir>/<yyyy-MM>-chart.png}, each written to a temporary file and moved into place, so a rerun
 * overwrites and a reader never sees half a file. With {@code post}, uploads the chart to the
 * reports channel with the report as its comment ({@code files.uploadV2}); when Slack or the
 * channel is not configured the report is stored, not posted, {@code postedTo} is null and the log
 * says why: a stored report is the job done. Posting is at-least-once: an attempt that fails after
 * Slack accepted the upload is retried and posts again.
 */
public class ReportActivitiesImpl implements ReportActivities {
  private static final Logger log = LoggerFactory.getLogger(ReportActivitiesImpl.class);

  private final ReportSettings settings;
  private final SlackSettings slackSettings;
  private final MethodsClient slack;

  /**
   * @param settings directory and reports channel
   * @param slackSettings the bot token; null or without a token: reports are not posted
   * @param slack the Slack client; null when Slack is not configured
   */
  public ReportActivitiesImpl(ReportSettings settings, SlackSettings slackSettings, Slack slack) {
    this.settings = settings == null ? ReportSettings.defaults() : settings;
    this.slackSettings = slackSettings;
    this.slack =
        slack != null && slackSettings != null && slackSettings.configured()
            ? slack.methods(slackSettings.botToken())
            : null;
  }

  @Override
  public MonthlyReport publishMonthlyReport(PublishReportRequest request) {
    if (request == null || request.metrics() == null || request.metrics().month() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "a monthly report needs the month's metrics", FailureType.BAD_REQUEST.type());
    }
    MonthlyMetrics metrics = request.metrics();
    String month = metrics.month().toString();
    String chartName = month + "-chart.png";
    String markdown = MonthlyReportRenderer.render(metrics, chartName);
    byte[] chart = WeeklyChart.png(metrics);

    Path directory = Path.of(settings.directory()).toAbsolutePath().normalize();
    Path markdownFile = directory.resolve(month + ".md");
    Path chartFile = directory.resolve(chartName);
    write(directory, chartFile, chart);
    write(directory, markdownFile, markdown.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    log.info("monthly report for {} stored at {}", month, markdownFile);

    String postedTo = null;
    if (request.post()) {
      String notPosted = whyNotPosted();
      if (notPosted == null) {
        post(metrics, markdown, chartName, chart, markdownFile);
        postedTo = settings.slackChannel();
        log.info("monthly report for {} posted to Slack channel {}", month, postedTo);
      } else {
        log.warn("monthly report for {} stored but not posted: {}", month, notPosted);
      }
    }
    return new MonthlyReport(
        metrics, markdown, markdownFile.toString(), chartFile.toString(), postedTo);
  }

  private String whyNotPosted() {
    if (slack == null) {
      return "Slack is not configured (no bot token)";
    }
    if (!settings.postsToSlack()) {
      return "no reports channel is configured (incident.report.slack-channel)";
    }
    return null;
  }

  private void post(
      MonthlyMetrics metrics, String markdown, String chartName, byte[] chart, Path storedAt) {
    String title =
        "Incidents and MTTR per week - "
            + metrics.month().getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
            + " "
            + metrics.month().getYear();
    SlackCalls.run(
        SlackCalls.FILES_UPLOAD_V2,
        () ->
            slack.filesUploadV2(
                r ->
                    r.channel(settings.slackChannel())
                        .initialComment(SlackReportText.of(markdown, storedAt.toString()))
                        .fileData(chart)
                        .filename(chartName)
                        .title(title)
                        .altTxt(title)
                        .requestFileInfo(false)));
  }

  private static void write(Path directory, Path target, byte[] content) {
    try {
      Files.createDirectories(directory);
      Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
      try {
        Files.write(temporary, content);
        try {
          Files.move(
              temporary,
              target,
              StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
          Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (AccessDeniedException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "report directory " + directory + " is not writable: " + e.getMessage(),
          FailureType.NOT_CONFIGURED.type());
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "cannot write report file " + target + ": " + e, FailureType.UNAVAILABLE.type());
    }
  }

  @Override
  public String toString() {
    return "ReportActivitiesImpl[" + settings + ", slack=" + slackSettings + "]";
  }
}
