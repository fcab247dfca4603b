package io.incidentresponse.workflows.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

  @Test
  void fridayEvening_isDueMondayAtNine() {
    BusinessCalendar calendar = BusinessCalendar.utc();

    assertThat(calendar.nextBusinessDayStart(Instant.parse("2026-11-27T17:00:00Z")))
        .isEqualTo(Instant.parse("2026-11-30T09:00:00Z"));
  }

  @Test
  void mondayHoliday_movesTheDueTimeToTuesday() {
    BusinessCalendar calendar =
        new BusinessCalendar("UTC", null, null, List.of(LocalDate.parse("2026-11-30")));

    assertThat(calendar.nextBusinessDayStart(Instant.parse("2026-11-27T17:00:00Z")))
        .isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
  }

  @Test
  void earlyMorningOnAWorkday_isDueTheNextWorkday() {
    assertThat(BusinessCalendar.utc().nextBusinessDayStart(Instant.parse("2026-11-24T03:00:00Z")))
        .isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
  }

  @Test
  void dayStartIsInTheCalendarsZone() {
    BusinessCalendar berlin =
        new BusinessCalendar("Europe/Berlin", LocalTime.of(8, 30), null, null);

    // Friday 23:30 in Berlin is still Friday there: due Monday 08:30 CET = 07:30 UTC
    assertThat(berlin.nextBusinessDayStart(Instant.parse("2026-11-27T22:30:00Z")))
        .isEqualTo(Instant.parse("2026-11-30T07:30:00Z"));
  }

  @Test
  void unknownZone_isRefusedWhenTheCalendarIsBuilt() {
    assertThatThrownBy(() -> new BusinessCalendar("Mars/Olympus", null, null, null))
        .hasMessageContaining("Mars/Olympus");
  }
}
