package io.incidentresponse.activities.slack;

import io.temporal.activity.ActivityInfo;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How long one activity attempt may wait for a slot of Slack's pace, and how often it heartbeats
 * while it waits: the wait ends {@code reserve} (at most a quarter of what is left) before the
 * attempt's earliest deadline (start-to-close, schedule-to-close, else a day), so the calls after
 * the slot still fit; heartbeats come every third of the heartbeat timeout, at most {@link
 * #MAX_HEARTBEAT_EVERY}.
 *
 * @param waitDeadlineNanos on {@link System#nanoTime}'s scale
 * @param heartbeatEvery how often a waiting call heartbeats
 */
record PaceWindow(long waitDeadlineNanos, Duration heartbeatEvery) {
  static final Duration MAX_HEARTBEAT_EVERY = Duration.ofSeconds(10);

  static PaceWindow of(ActivityInfo info, Duration reserve) {
    long now = System.currentTimeMillis();
    long deadline = now + TimeUnit.DAYS.toMillis(1);
    if (isSet(info.getStartToCloseTimeout())) {
      deadline =
          Math.min(deadline, info.getStartedTimestamp() + info.getStartToCloseTimeout().toMillis());
    }
    if (isSet(info.getScheduleToCloseTimeout())) {
      deadline =
          Math.min(
              deadline, info.getScheduledTimestamp() + info.getScheduleToCloseTimeout().toMillis());
    }
    long kept = Math.min(reserve.toMillis(), Math.max(0, deadline - now) / 4);
    long waitDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadline - kept - now);
    Duration timeout = info.getHeartbeatTimeout();
    Duration every =
        isSet(timeout) && timeout.dividedBy(3).compareTo(MAX_HEARTBEAT_EVERY) < 0
            ? timeout.dividedBy(3)
            : MAX_HEARTBEAT_EVERY;
    return new PaceWindow(waitDeadline, every);
  }

  private static boolean isSet(Duration duration) {
    return duration != null && !duration.isZero() && !duration.isNegative();
  }
}
