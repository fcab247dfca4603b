package io.incidentresponse.activities.report;

/**
 * Where monthly reports go.
 *
 * @param directory where {@code <yyyy-MM>.md} and {@code <yyyy-MM>-chart.png} are written (created
 *     when missing), default {@code ./data/reports}
 * @param slackChannel the Slack channel id ({@code C...}) reports are posted to; null or blank:
 *     reports are stored, not posted. An id, not a name: {@code files.completeUploadExternal} takes
 *     ids only.
 */
public record ReportSettings(String directory, String slackChannel) {
  public static final String DEFAULT_DIRECTORY = "./data/reports";

  public ReportSettings {
    directory = directory == null || directory.isBlank() ? DEFAULT_DIRECTORY : directory.trim();
    slackChannel = slackChannel == null || slackChannel.isBlank() ? null : slackChannel.trim();
  }

  /** Stored in the default directory, never posted. */
  public static ReportSettings defaults() {
    return new ReportSettings(null, null);
  }

  /** A reports channel is set (Slack itself must be configured too for a post). */
  public boolean postsToSlack() {
    return slackChannel != null;
  }
}
