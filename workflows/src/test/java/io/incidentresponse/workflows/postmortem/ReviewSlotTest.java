package io.incidentresponse.workflows.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ReviewSlotTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Duration HOUR = Duration.ofHours(1);

  private static Instant berlin(String localDateTime) {
    return ZonedDateTime.of(LocalDateTime.parse(localDateTime), BERLIN).toInstant();
  }

  @Test
  void dueAWeekAfterAFridayEvening_isThatFridayAt10() {
    Instant resolved = berlin("2026-11-27T18:30");

    Instant start = ReviewSlot.start(resolved, resolved.plus(Duration.ofDays(7)), HOUR, BERLIN);

    assertThat(start).isEqualTo(berlin("2026-12-04T10:00"));
  }

  @Test
  void dueOnMondayBeforeTheMeetingCouldEnd_skipsTheWeekendToFriday() {
    Instant resolved = berlin("2026-11-27T18:30");

    Instant start = ReviewSlot.start(resolved, berlin("2026-12-07T10:30"), HOUR, BERLIN);

    assertThat(start).isEqualTo(berlin("2026-12-04T10:00"));
  }

  @Test
  void resolvedLateOnMonday_notBeforeAFullDayHasPassed() {
    Instant resolved = berlin("2026-11-30T23:00");

    Instant start = ReviewSlot.start(resolved, berlin("2026-12-02T12:00"), HOUR, BERLIN);

    // Tuesday 10:00 is less than a day after; Wednesday 10:00 ends before the due time.
    assertThat(start).isEqualTo(berlin("2026-12-02T10:00"));
  }

  @Test
  void noBusinessDayFits_theReviewEndsAtTheDueTime() {
    Instant resolved = berlin("2026-11-27T18:30");
    Instant due = berlin("2026-11-29T18:30"); // Sunday

    assertThat(ReviewSlot.start(resolved, due, HOUR, BERLIN)).isEqualTo(due.minus(HOUR));
  }

  @Test
  void acrossTheEndOfSummerTime_10IsStillLocal10() {
    Instant resolved = berlin("2026-10-23T18:00"); // Friday, summer time (UTC+2)

    Instant start = ReviewSlot.start(resolved, resolved.plus(Duration.ofDays(7)), HOUR, BERLIN);

    assertThat(start).isEqualTo(Instant.parse("2026-10-30T09:00:00Z")); // UTC+1 by then
  }
}
