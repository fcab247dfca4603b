package io.incidentresponse.workflows.postmortem;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Picks when the postmortem review is held. Pure function of its arguments: safe in workflow code.
 */
final class ReviewSlot {
  /** Reviews start at this local time: late enough for every time zone of a team to be awake. */
  static final LocalTime START_OF_REVIEW = LocalTime.of(10, 0);

  private ReviewSlot() {}

  /**
   * The latest business day (Monday to Friday in {@code zone}) at 10:00 that starts at least one
   * full day after {@code resolvedAt} (people have slept, the timeline is written) and ends by
   * {@code dueAt}. The latest leaves the most time to prepare; reminders come before it. When no
   * business day fits (a review due within a day or over a weekend), the review ends at the due
   * time.
   */
  static Instant start(Instant resolvedAt, Instant dueAt, Duration length, ZoneId zone) {
    Instant earliest = resolvedAt.plus(Duration.ofDays(1));
    LocalDate firstDay = earliest.atZone(zone).toLocalDate();
    for (LocalDate day = dueAt.atZone(zone).toLocalDate();
        !day.isBefore(firstDay);
        day = day.minusDays(1)) {
      if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
        continue;
      }
      Instant start = day.atTime(START_OF_REVIEW).atZone(zone).toInstant();
      if (!start.isBefore(earliest) && !start.plus(length).isAfter(dueAt)) {
        return start;
      }
    }
    return dueAt.minus(length);
  }
}
