package io.incidentresponse.activities.oncall;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A rotation whose shifts are an imported calendar's events. Where events overlap, the one that
 * started last holds; between events nobody does. Shifts are looked for within {@value
 * #HORIZON_DAYS} days either side of the instant asked: an event longer than that, or a gap, is cut
 * at that horizon.
 */
final class CalendarSchedule implements Schedule {
  static final int HORIZON_DAYS = 62;

  private final CalendarSource source;

  CalendarSchedule(CalendarSource source) {
    this.source = source;
  }

  @Override
  public Slot at(Instant at) {
    Duration horizon = Duration.ofDays(HORIZON_DAYS);
    List<CalendarShift> shifts = source.calendar().shifts(at.minus(horizon), at.plus(horizon));
    CalendarShift holding = null;
    Instant previousEnd = null;
    Instant nextStart = null;
    for (CalendarShift shift : shifts) {
      if (!shift.from().isAfter(at) && shift.until().isAfter(at)) {
        holding = shift;
      } else if (!shift.until().isAfter(at)) {
        previousEnd = max(previousEnd, shift.until());
      } else if (nextStart == null || shift.from().isBefore(nextStart)) {
        nextStart = shift.from();
      }
    }
    if (holding != null) {
      // A later-starting event that begins inside this one takes over from its start.
      Instant until = holding.until();
      for (CalendarShift shift : shifts) {
        if (shift.from().isAfter(at) && shift.from().isBefore(until)) {
          until = shift.from();
        }
      }
      return new Slot(
          List.of(holding.uid(), holding.from()),
          holding.person(),
          holding.from(),
          until,
          "calendar");
    }
    return new Slot(
        List.of("gap", String.valueOf(previousEnd)), null, previousEnd, nextStart, "calendar");
  }

  @Override
  public String rule() {
    return "imported calendar";
  }

  /** Events of the calendar that named nobody. */
  List<String> problems() {
    return source.calendar().problems();
  }

  private static Instant max(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }
}
