package io.incidentresponse.starter.report;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;

/**
 * The monthly report, under {@code incident.report.*}.
 *
 * @param scheduleEnabled create the Temporal Schedule {@value ReportSchedule#SCHEDULE_ID} at
 *     start-up
 * @param cron when the schedule runs, a cron expression in UTC (minute hour day-of-month month
 *     day-of-week); default 09:00 UTC on the 1st of each month
 * @param taskQueue task queue of the report workflow; null: {@code incident.task-queue}
 * @param timeout how long {@code GET /api/reports/{month}} waits for the report; it is also the
 *     on-demand run's execution timeout, so a run that cannot finish does not linger. Keep it under
 *     incidentctl's 30 s; default {@value #DEFAULT_TIMEOUT}
 */
@ConfigurationProperties("incident.report")
public record ReportProperties(
    @DefaultValue("true") boolean scheduleEnabled,
    @DefaultValue(ReportProperties.DEFAULT_CRON) String cron,
    String taskQueue,
    @DefaultValue(ReportProperties.DEFAULT_TIMEOUT) Duration timeout) {
  public static final String DEFAULT_CRON = "0 9 1 * *";
  public static final String DEFAULT_TIMEOUT = "25s";

  public ReportProperties {
    cron = cron == null || cron.isBlank() ? DEFAULT_CRON : cron.trim();
    taskQueue = taskQueue == null || taskQueue.isBlank() ? null : taskQueue.trim();
    timeout = timeout == null ? DurationStyle.detectAndParse(DEFAULT_TIMEOUT) : timeout;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "incident.report.timeout must be positive, was " + timeout);
    }
  }
}
