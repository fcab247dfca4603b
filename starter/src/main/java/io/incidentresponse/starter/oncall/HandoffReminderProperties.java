package io.incidentresponse.starter.oncall;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;

/**
 * Hand-off reminders, under {@code incident.oncall.handoff-reminders.*} (the roster itself is the
 * worker's {@code incident.oncall.*}).
 *
 * @param enabled run the reminders on the Temporal Schedule {@value
 *     io.incidentresponse.workflows.oncall.HandoffReminderWorkflow#SCHEDULE_ID}; default false.
 *     When false at start-up an existing schedule is deleted
 * @param interval how often the schedule looks for hand-offs; default {@value #DEFAULT_INTERVAL},
 *     between 1 min and 1 h
 * @param lead how long before a hand-off its reminders go out; default {@value #DEFAULT_LEAD},
 *     between 0 and 24 h
 */
@ConfigurationProperties("incident.oncall.handoff-reminders")
public record HandoffReminderProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue(HandoffReminderProperties.DEFAULT_INTERVAL) Duration interval,
    @DefaultValue(HandoffReminderProperties.DEFAULT_LEAD) Duration lead) {
  public static final String DEFAULT_INTERVAL = "10m";
  public static final String DEFAULT_LEAD = "15m";

  public HandoffReminderProperties {
    interval = interval == null ? DurationStyle.detectAndParse(DEFAULT_INTERVAL) : interval;
    lead = lead == null ? DurationStyle.detectAndParse(DEFAULT_LEAD) : lead;
    if (interval.compareTo(Duration.ofMinutes(1)) < 0
        || interval.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "incident.oncall.handoff-reminders.interval must be between 1m and 1h, was " + interval);
    }
    if (lead.isNegative() || lead.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException(
          "incident.oncall.handoff-reminders.lead must be between 0 and 24h, was " + lead);
    }
  }
}
