package io.incidentresponse.workflows.oncall;

import java.time.Duration;

/**
 * One run of the hand-off reminders, started by the schedule every {@code interval}: it covers the
 * hand-offs due in {@code (t + lead - interval, t + lead]}, where t is the run's scheduled time, so
 * consecutive runs cover every hand-off once and each reminder goes out about {@code lead} before
 * its hand-off.
 *
 * @param interval the schedule's interval
 * @param lead how long before a hand-off its reminders go out
 */
public record HandoffReminderInput(Duration interval, Duration lead) {}
