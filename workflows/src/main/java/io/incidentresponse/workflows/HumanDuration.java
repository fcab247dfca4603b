package io.incidentresponse.workflows;

import java.time.Duration;

/**
 * Durations as the incident's texts write them ({@code 45s}, {@code 40m}, {@code 1h 20m}, {@code 2d
 * 3h}): the timeline, Slack, the postmortem and the reports say the same thing the same way.
 */
public final class HumanDuration {
  private HumanDuration() {}

  /** Never negative; below a minute in seconds, below two days in hours and minutes. */
  public static String format(Duration duration) {
    long seconds = Math.max(0, duration.getSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 48) {
      return hours + "h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + "m");
    }
    return hours / 24 + "d" + (hours % 24 == 0 ? "" : " " + hours % 24 + "h");
  }
}
