package io.incidentresponse.activities.oncall;

import io.incidentresponse.workflows.oncall.OnCallPerson;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Members taking turns, handing off daily or weekly at a wall-clock time in a zone: turn {@code k}
 * begins on {@code start + k} days (daily) or {@code start + 7k} days (weekly) at the hand-off
 * time, so a 09:00 Europe/Berlin hand-off stays at 09:00 local across DST and the shift around a
 * change is an hour shorter or longer (23/25 hours daily, 167/169 weekly).
 *
 * <p>A hand-off time that does not exist on a spring-forward day (02:30 in a 02:00-03:00 gap) is
 * moved forward by the length of the gap (03:30 local, same instant as 02:30 in the old offset);
 * one that happens twice on an autumn day takes the earlier of the two (the offset before the
 * change). Both follow {@link ZonedDateTime#ofLocal} with no preferred offset.
 */
final class TurnSchedule implements Schedule {
  private final LocalDate start;
  private final LocalTime handOffTime;
  private final ZoneId zone;
  private final int periodDays;
  private final List<OnCallPerson> members;

  TurnSchedule(
      LocalDate start,
      LocalTime handOffTime,
      ZoneId zone,
      boolean weekly,
      List<OnCallPerson> members) {
    this.start = start;
    this.handOffTime = handOffTime;
    this.zone = zone;
    this.periodDays = weekly ? 7 : 1;
    this.members = List.copyOf(members);
  }

  @Override
  public Slot at(Instant at) {
    long turn = turnAt(at);
    if (turn < 0) {
      return new Slot(-1L, null, null, handOff(0), "rotation");
    }
    return new Slot(turn, member(turn), handOff(turn), handOff(turn + 1), "rotation");
  }

  @Override
  public String rule() {
    String day = periodDays == 7 ? "weekly, " + start.getDayOfWeek() + " " : "daily, ";
    return day + handOffTime + " " + zone.getId();
  }

  /** The instant turn {@code turn} begins. */
  Instant handOff(long turn) {
    LocalDate date = start.plusDays(turn * periodDays);
    return ZonedDateTime.ofLocal(date.atTime(handOffTime), zone, null).toInstant();
  }

  /** The turn holding at {@code at}: -1 before the first. */
  private long turnAt(Instant at) {
    if (at.isBefore(handOff(0))) {
      return -1;
    }
    LocalDate local = at.atZone(zone).toLocalDate();
    long turn = Math.floorDiv(ChronoUnit.DAYS.between(start, local), periodDays);
    // The estimate is off by at most one turn (before the day's hand-off, or a DST shift).
    while (turn > 0 && handOff(turn).isAfter(at)) {
      turn--;
    }
    while (!handOff(turn + 1).isAfter(at)) {
      turn++;
    }
    return turn;
  }

  private OnCallPerson member(long turn) {
    return members.get((int) Math.floorMod(turn, (long) members.size()));
  }
}
