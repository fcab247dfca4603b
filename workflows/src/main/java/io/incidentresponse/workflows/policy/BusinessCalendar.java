package io.incidentresponse.workflows.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Working days for P3 response times: "next business day" is the start of the first working day
 * after the day the incident was raised, in the calendar's zone.
 *
 * @param zone IANA zone id, e.g. {@code Europe/Berlin}
 * @param dayStart when a working day starts, e.g. 09:00
 * @param weekend days that are never working days
 * @param holidays dates that are not working days
 */
public record BusinessCalendar(
    String zone, LocalTime dayStart, List<DayOfWeek> weekend, List<LocalDate> holidays) {

  public BusinessCalendar {
    zone = zone == null || zone.isBlank() ? "UTC" : zone;
    dayStart = dayStart == null ? LocalTime.of(9, 0) : dayStart;
    weekend =
        weekend == null ? List.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY) : List.copyOf(weekend);
    holidays = holidays == null ? List.of() : List.copyOf(holidays);
    ZoneId.of(zone); // fails fast on an unknown zone
  }

  public static BusinessCalendar utc() {
    return new BusinessCalendar(null, null, null, null);
  }

  public ZoneId zoneId() {
    return ZoneId.of(zone);
  }

  public boolean isBusinessDay(LocalDate date) {
    return !weekend.contains(date.getDayOfWeek()) && !holidays.contains(date);
  }

  /** The start of the first business day strictly after the local date of {@code raisedAt}. */
  public Instant nextBusinessDayStart(Instant raisedAt) {
    ZoneId zoneId = zoneId();
    LocalDate day = raisedAt.atZone(zoneId).toLocalDate().plusDays(1);
    Set<LocalDate> closed = new TreeSet<>(holidays);
    // A year of consecutive holidays would be a configuration error; stop looking there.
    for (int i = 0;
        i < 366 && (weekend.contains(day.getDayOfWeek()) || closed.contains(day));
        i++) {
      day = day.plusDays(1);
    }
    return day.atTime(dayStart).atZone(zoneId).toInstant();
  }
}
