package io.incidentresponse.activities.oncall;

import java.time.Instant;

/** Who holds a rotation before overrides: members taking turns, or an imported calendar. */
interface Schedule {

  /**
   * The stretch that holds at {@code at}.
   *
   * @throws CalendarUnavailableException when the schedule's calendar cannot be read
   */
  Slot at(Instant at);

  /** How the schedule hands off, for people (e.g. {@code weekly, MONDAY 09:00 Europe/Berlin}). */
  String rule();
}
