package io.incidentresponse.activities.oncall;

import io.incidentresponse.workflows.oncall.Handoff;
import io.incidentresponse.workflows.oncall.OnCallPerson;
import io.incidentresponse.workflows.oncall.OnCallShift;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A rotation of a team: its schedule with the overrides laid over it. Inside an override's window
 * the override's person holds the rotation (the latest configured wins where two overlap); the
 * shift reported is the stretch during which the same turn or override holds, so an override clips
 * the turns around it.
 */
final class RosterRotation {
  /** A window asked for hand-offs yields at most this many per rotation. */
  static final int MAX_HANDOFFS = 500;

  private final String team;
  private final String name;
  private final Schedule schedule;
  private final List<Cover> covers;
  private final String pagerDutyEscalationPolicyId;

  RosterRotation(
      String team,
      String name,
      Schedule schedule,
      List<Cover> covers,
      String pagerDutyEscalationPolicyId) {
    this.team = team;
    this.name = name;
    this.schedule = schedule;
    this.covers = covers.stream().sorted(Comparator.comparingInt(Cover::order)).toList();
    this.pagerDutyEscalationPolicyId = pagerDutyEscalationPolicyId;
  }

  String team() {
    return team;
  }

  String name() {
    return name;
  }

  String pagerDutyEscalationPolicyId() {
    return pagerDutyEscalationPolicyId;
  }

  /** Events of the rotation's calendar that named nobody; empty for members taking turns. */
  List<String> problems() {
    return schedule instanceof CalendarSchedule calendar ? calendar.problems() : List.of();
  }

  /** How the rotation hands off, for people. */
  String rule() {
    return schedule.rule();
  }

  /**
   * Who holds the rotation at {@code at}, since when, until when, and who is next.
   *
   * @throws CalendarUnavailableException when the rotation's calendar cannot be read
   */
  OnCallShift shiftAt(Instant at) {
    Slot slot = slotAt(at);
    Instant until = end(at, slot);
    OnCallPerson next = until == null ? null : slotAt(until).person();
    return new OnCallShift(team, name, slot.person(), start(at, slot), until, slot.source(), next);
  }

  /** The hand-offs with {@code after < at <= until}, where the person changes, in time order. */
  List<Handoff> handoffs(Instant after, Instant until) {
    List<Handoff> handoffs = new ArrayList<>();
    Instant cursor = after;
    for (int steps = 0; steps < 10 * MAX_HANDOFFS && handoffs.size() < MAX_HANDOFFS; steps++) {
      OnCallShift shift = shiftAt(cursor);
      if (shift.until() == null || shift.until().isAfter(until)) {
        break;
      }
      if (!samePerson(shift.person(), shift.next())) {
        handoffs.add(new Handoff(team, name, shift.until(), shift.person(), shift.next()));
      }
      cursor = shift.until();
    }
    return handoffs;
  }

  /** The latest override covering {@code at}, else the schedule's stretch. */
  private Slot slotAt(Instant at) {
    for (int i = covers.size() - 1; i >= 0; i--) {
      Cover cover = covers.get(i);
      if (cover.covers(at)) {
        return new Slot(cover, cover.person(), cover.from(), cover.until(), "override");
      }
    }
    return schedule.at(at);
  }

  /** The first instant after {@code at} where another turn or override holds. */
  private Instant end(Instant at, Slot slot) {
    TreeSet<Instant> changes = new TreeSet<>();
    if (slot.until() != null) {
      changes.add(slot.until());
    }
    for (Cover cover : covers) {
      changes.add(cover.from());
      changes.add(cover.until());
    }
    for (Instant change : changes.tailSet(at, false)) {
      if (!Objects.equals(slotAt(change).id(), slot.id())) {
        return change;
      }
    }
    return null;
  }

  /** The latest instant at or before {@code at} since which the same turn or override holds. */
  private Instant start(Instant at, Slot slot) {
    TreeSet<Instant> changes = new TreeSet<>();
    if (slot.from() != null) {
      changes.add(slot.from());
    }
    for (Cover cover : covers) {
      changes.add(cover.from());
      changes.add(cover.until());
    }
    for (Instant change : changes.headSet(at, true).descendingSet()) {
      if (!Objects.equals(slotAt(change.minusNanos(1)).id(), slot.id())) {
        return change;
      }
    }
    return null;
  }

  static boolean samePerson(OnCallPerson a, OnCallPerson b) {
    return a == null ? b == null : b != null && a.id().equals(b.id());
  }
}
