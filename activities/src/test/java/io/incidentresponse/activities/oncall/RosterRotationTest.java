package io.incidentresponse.activities.oncall;

import static io.incidentresponse.activities.oncall.Rosters.daily;
import static io.incidentresponse.activities.oncall.Rosters.oneTeam;
import static io.incidentresponse.activities.oncall.Rosters.override;
import static io.incidentresponse.activities.oncall.Rosters.roster;
import static io.incidentresponse.activities.oncall.Rosters.weekly;
import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.oncall.Handoff;
import io.incidentresponse.workflows.oncall.OnCallShift;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rotation arithmetic at given instants. 2026's DST changes: Europe/Berlin Sun 29 Mar 02:00 → 03:00
 * and Sun 25 Oct 03:00 → 02:00; America/New_York Sun 8 Mar 02:00 → 03:00 and Sun 1 Nov 02:00 →
 * 01:00.
 */
class RosterRotationTest {

  private static RosterRotation rotation(
      OnCallSettings.Rotation rotation, OnCallSettings.OverrideWindow... overrides) {
    return roster(oneTeam(List.of(rotation), List.of(overrides))).rotation(rotation.name());
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  /** Weekly, Monday 09:00 Europe/Berlin from Mon 2 Mar 2026: alice, bob, carol. */
  private static final OnCallSettings.Rotation BERLIN_WEEKLY =
      weekly("payments-primary", "Europe/Berlin", "09:00", "2026-03-02", "alice", "bob", "carol");

  /** Daily 09:00 America/New_York from Sun 1 Mar 2026: dan, erin. */
  private static final OnCallSettings.Rotation NEW_YORK_DAILY =
      daily("payments-secondary", "America/New_York", "09:00", "2026-03-01", "dan", "erin");

  @Nested
  class WeeklyInBerlin {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "2026-03-01T12:00:00Z, ",
      "2026-03-02T07:59:59Z, ",
      "2026-03-02T08:00:00Z, alice",
      "2026-03-09T07:59:59Z, alice",
      "2026-03-09T08:00:00Z, bob",
      "2026-03-23T08:00:00Z, alice",
      // spring forward: Monday 30 Mar 09:00 is 07:00Z (CEST)
      "2026-03-30T06:59:59Z, alice",
      "2026-03-30T07:00:00Z, bob",
      // autumn: Monday 26 Oct 09:00 is 08:00Z (CET) again
      "2026-10-26T07:59:59Z, alice",
      "2026-10-26T08:00:00Z, bob",
      "9999-06-01T00:00:00Z, carol"
    })
    void personAtInstant(String instant, String person) {
      OnCallShift shift = rotation(BERLIN_WEEKLY).shiftAt(at(instant));
      assertThat(shift.person() == null ? null : shift.person().id()).isEqualTo(person);
    }

    @Test
    void shiftAcrossSpringForward_is167HoursAndEndsAt09Local() {
      OnCallShift shift = rotation(BERLIN_WEEKLY).shiftAt(at("2026-03-29T12:00:00Z"));

      assertThat(shift.from()).isEqualTo(at("2026-03-23T08:00:00Z"));
      assertThat(shift.until()).isEqualTo(at("2026-03-30T07:00:00Z"));
      assertThat(Duration.between(shift.from(), shift.until())).hasHours(167);
      assertThat(shift.next().id()).isEqualTo("bob");
      assertThat(shift.source()).isEqualTo("rotation");
    }

    @Test
    void shiftAcrossFallBack_is169Hours() {
      OnCallShift shift = rotation(BERLIN_WEEKLY).shiftAt(at("2026-10-25T12:00:00Z"));

      assertThat(shift.person().id()).isEqualTo("alice");
      assertThat(shift.from()).isEqualTo(at("2026-10-19T07:00:00Z"));
      assertThat(shift.until()).isEqualTo(at("2026-10-26T08:00:00Z"));
      assertThat(Duration.between(shift.from(), shift.until())).hasHours(169);
    }

    @Test
    void beforeTheFirstShift_nobodyUntilTheStartThenTheFirstMember() {
      OnCallShift shift = rotation(BERLIN_WEEKLY).shiftAt(at("2026-02-01T00:00:00Z"));

      assertThat(shift.person()).isNull();
      assertThat(shift.from()).isNull();
      assertThat(shift.until()).isEqualTo(at("2026-03-02T08:00:00Z"));
      assertThat(shift.next().id()).isEqualTo("alice");
    }

    @Test
    void handoffsInAWindowAcrossSpringForward_atNineLocalEachMonday() {
      List<Handoff> handoffs =
          rotation(BERLIN_WEEKLY).handoffs(at("2026-03-20T00:00:00Z"), at("2026-04-06T07:00:00Z"));

      assertThat(handoffs)
          .extracting(h -> h.at() + " " + h.outgoing().id() + ">" + h.incoming().id())
          .containsExactly(
              "2026-03-23T08:00:00Z carol>alice",
              "2026-03-30T07:00:00Z alice>bob",
              "2026-04-06T07:00:00Z bob>carol");
    }
  }

  @Nested
  class DailyInNewYork {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
      "2026-03-07T13:59:59Z, erin",
      "2026-03-07T14:00:00Z, dan",
      // spring forward: Sunday 8 Mar 09:00 is 13:00Z (EDT)
      "2026-03-08T12:59:59Z, dan",
      "2026-03-08T13:00:00Z, erin",
      // fall back: Sunday 1 Nov 09:00 is 14:00Z (EST); Saturday 31 Oct's was 13:00Z
      "2026-10-31T13:00:00Z, dan",
      "2026-11-01T13:30:00Z, dan",
      "2026-11-01T14:00:00Z, erin"
    })
    void personAtInstant(String instant, String person) {
      assertThat(rotation(NEW_YORK_DAILY).shiftAt(at(instant)).person().id()).isEqualTo(person);
    }

    @Test
    void shortDayShift_is23Hours_longDayShift_is25() {
      RosterRotation rotation = rotation(NEW_YORK_DAILY);
      OnCallShift spring = rotation.shiftAt(at("2026-03-08T00:00:00Z"));
      OnCallShift autumn = rotation.shiftAt(at("2026-11-01T00:00:00Z"));

      assertThat(Duration.between(spring.from(), spring.until())).hasHours(23);
      assertThat(Duration.between(autumn.from(), autumn.until())).hasHours(25);
    }
  }

  @Nested
  class HandOffTimesDstMakesOdd {
    @Test
    void nonexistentTime_handsOffAnHourLaterLocal_theSameInstantAsInTheOldOffset() {
      // 02:30 does not exist on 29 Mar in Berlin: the hand-off is 03:30 CEST = 01:30Z.
      RosterRotation rotation =
          rotation(daily("night", "Europe/Berlin", "02:30", "2026-03-27", "alice", "bob"));

      OnCallShift before = rotation.shiftAt(at("2026-03-29T01:29:59Z"));
      OnCallShift after = rotation.shiftAt(at("2026-03-29T01:30:00Z"));

      assertThat(before.person().id()).isEqualTo("bob");
      assertThat(before.from()).isEqualTo(at("2026-03-28T01:30:00Z"));
      assertThat(before.until()).isEqualTo(at("2026-03-29T01:30:00Z"));
      assertThat(after.person().id()).isEqualTo("alice");
      assertThat(after.until()).isEqualTo(at("2026-03-30T00:30:00Z"));
    }

    @Test
    void duplicatedTime_handsOffAtTheFirstOfTheTwo() {
      // 02:30 happens twice on 25 Oct in Berlin: 00:30Z (CEST) and 01:30Z (CET); the first wins.
      RosterRotation rotation =
          rotation(daily("night", "Europe/Berlin", "02:30", "2026-10-23", "alice", "bob"));

      assertThat(rotation.shiftAt(at("2026-10-25T00:29:59Z")).person().id()).isEqualTo("bob");
      OnCallShift shift = rotation.shiftAt(at("2026-10-25T01:30:00Z"));
      assertThat(shift.person().id()).isEqualTo("alice");
      assertThat(shift.from()).isEqualTo(at("2026-10-25T00:30:00Z"));
      assertThat(shift.until()).isEqualTo(at("2026-10-26T01:30:00Z"));
    }
  }

  @Nested
  class Overrides {
    // Bob holds 30 Mar 07:00Z .. 6 Apr 07:00Z; carol follows until 13 Apr.

    @Test
    void insideTheWindow_theOverridePersonHolds_clippedToTheWindow() {
      RosterRotation rotation =
          rotation(
              BERLIN_WEEKLY,
              override("payments-primary", "zoe", "2026-04-01T10:00", "2026-04-03T10:00"));

      OnCallShift shift = rotation.shiftAt(at("2026-04-02T00:00:00Z"));

      assertThat(shift.person().id()).isEqualTo("zoe");
      assertThat(shift.source()).isEqualTo("override");
      // local date-times are read in the rotation's zone (CEST)
      assertThat(shift.from()).isEqualTo(at("2026-04-01T08:00:00Z"));
      assertThat(shift.until()).isEqualTo(at("2026-04-03T08:00:00Z"));
      assertThat(shift.next().id()).isEqualTo("bob");
    }

    @Test
    void aroundTheWindow_theTurnIsClippedAtItsEdges() {
      RosterRotation rotation =
          rotation(
              BERLIN_WEEKLY,
              override("payments-primary", "zoe", "2026-04-01T08:00:00Z", "2026-04-03T08:00:00Z"));

      OnCallShift before = rotation.shiftAt(at("2026-04-01T07:59:59Z"));
      OnCallShift atEnd = rotation.shiftAt(at("2026-04-03T08:00:00Z"));

      assertThat(before.person().id()).isEqualTo("bob");
      assertThat(before.from()).isEqualTo(at("2026-03-30T07:00:00Z"));
      assertThat(before.until()).isEqualTo(at("2026-04-01T08:00:00Z"));
      assertThat(before.next().id()).isEqualTo("zoe");
      assertThat(rotation.shiftAt(at("2026-04-01T08:00:00Z")).person().id()).isEqualTo("zoe");
      assertThat(atEnd.person().id()).isEqualTo("bob");
      assertThat(atEnd.source()).isEqualTo("rotation");
      assertThat(atEnd.from()).isEqualTo(at("2026-04-03T08:00:00Z"));
      assertThat(atEnd.until()).isEqualTo(at("2026-04-06T07:00:00Z"));
      assertThat(atEnd.next().id()).isEqualTo("carol");
    }

    @Test
    void overlapping_theLaterConfiguredWins() {
      RosterRotation rotation =
          rotation(
              BERLIN_WEEKLY,
              override("payments-primary", "zoe", "2026-04-01T08:00:00Z", "2026-04-03T08:00:00Z"),
              override("payments-primary", "yuri", "2026-04-02T12:00:00Z", "2026-04-04T00:00:00Z"));

      OnCallShift zoe = rotation.shiftAt(at("2026-04-02T00:00:00Z"));
      OnCallShift yuri = rotation.shiftAt(at("2026-04-03T09:00:00Z"));

      assertThat(zoe.person().id()).isEqualTo("zoe");
      assertThat(zoe.until()).isEqualTo(at("2026-04-02T12:00:00Z"));
      assertThat(zoe.next().id()).isEqualTo("yuri");
      assertThat(yuri.person().id()).isEqualTo("yuri");
      assertThat(yuri.from()).isEqualTo(at("2026-04-02T12:00:00Z"));
      assertThat(yuri.until()).isEqualTo(at("2026-04-04T00:00:00Z"));
      assertThat(yuri.next().id()).isEqualTo("bob");
    }

    @Test
    void overlapping_anEarlierConfiguredInsideALaterOne_neverShows() {
      RosterRotation rotation =
          rotation(
              BERLIN_WEEKLY,
              override("payments-primary", "zoe", "2026-04-02T00:00:00Z", "2026-04-02T06:00:00Z"),
              override("payments-primary", "yuri", "2026-04-01T00:00:00Z", "2026-04-03T00:00:00Z"));

      OnCallShift shift = rotation.shiftAt(at("2026-04-02T03:00:00Z"));

      assertThat(shift.person().id()).isEqualTo("yuri");
      assertThat(shift.from()).isEqualTo(at("2026-04-01T00:00:00Z"));
      assertThat(shift.until()).isEqualTo(at("2026-04-03T00:00:00Z"));
    }

    @Test
    void acrossAHandOff_holdsThroughIt_andTheNextTurnFollows() {
      RosterRotation rotation =
          rotation(
              BERLIN_WEEKLY,
              override("payments-primary", "zoe", "2026-04-05T00:00:00Z", "2026-04-07T00:00:00Z"));

      OnCallShift shift = rotation.shiftAt(at("2026-04-06T08:00:00Z"));

      assertThat(shift.person().id()).isEqualTo("zoe");
      assertThat(shift.next().id()).isEqualTo("carol");
      assertThat(rotation.handoffs(at("2026-04-04T00:00:00Z"), at("2026-04-08T00:00:00Z")))
          .extracting(h -> h.at() + " " + h.outgoing().id() + ">" + h.incoming().id())
          .containsExactly("2026-04-05T00:00:00Z bob>zoe", "2026-04-07T00:00:00Z zoe>carol");
    }
  }

  @Test
  void oneMember_alwaysThem_andNoHandoffs() {
    RosterRotation rotation = rotation(weekly("solo", "UTC", "09:00", "2026-01-05", "alice"));

    OnCallShift shift = rotation.shiftAt(at("2026-07-01T00:00:00Z"));

    assertThat(shift.person().id()).isEqualTo("alice");
    assertThat(shift.next().id()).isEqualTo("alice");
    assertThat(rotation.handoffs(at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z")))
        .extracting(h -> h.incoming().id())
        .containsExactly("alice");
  }
}
