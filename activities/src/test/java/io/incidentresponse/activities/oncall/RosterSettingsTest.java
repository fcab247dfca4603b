package io.incidentresponse.activities.oncall;

import static io.incidentresponse.activities.oncall.Rosters.daily;
import static io.incidentresponse.activities.oncall.Rosters.oneTeam;
import static io.incidentresponse.activities.oncall.Rosters.override;
import static io.incidentresponse.activities.oncall.Rosters.people;
import static io.incidentresponse.activities.oncall.Rosters.roster;
import static io.incidentresponse.activities.oncall.Rosters.weekly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every setting that cannot work stops start-up with a message naming its property. */
class RosterSettingsTest {
  private static final String ROTATION = "incident.oncall.teams.payments.rotations[0]";

  private static OnCallSettings team(OnCallSettings.Rotation rotation) {
    return oneTeam(List.of(rotation), List.of());
  }

  private static OnCallSettings.Rotation rotation(
      String handOff, String time, String day, String zone, String start, List<String> members) {
    return new OnCallSettings.Rotation("p", handOff, time, day, zone, start, members, null, null);
  }

  private static OnCallSettings withRoles(Map<String, String> roles) {
    return new OnCallSettings(people("alice"), null, null, roles, null, null, null, null, null);
  }

  static Stream<Arguments> badSettings() {
    List<String> alice = List.of("alice");
    return Stream.of(
        Arguments.of(
            team(
                rotation("WEEKLY", "09:00", null, "UTC", "2026-03-02", List.of("alice", "nobody"))),
            ROTATION + ".members[1] nobody is not a person"),
        Arguments.of(
            team(rotation("WEEKLY", "09:00", null, "Mars/Olympus", "2026-03-02", alice)),
            ROTATION + ".zone Mars/Olympus is not a time zone"),
        Arguments.of(
            team(rotation("WEEKLY", "9 o'clock", null, "UTC", "2026-03-02", alice)),
            ROTATION + ".hand-off-time must be HH:mm"),
        Arguments.of(
            team(rotation("WEEKLY", "25:00", null, "UTC", "2026-03-02", alice)),
            ROTATION + ".hand-off-time must be HH:mm"),
        Arguments.of(
            team(rotation("HOURLY", "09:00", null, "UTC", "2026-03-02", alice)),
            ROTATION + ".hand-off must be DAILY or WEEKLY"),
        Arguments.of(
            team(rotation("WEEKLY", "09:00", "MONDAY", "UTC", "2026-03-03", alice)),
            ROTATION + ".start 2026-03-03 is a TUESDAY, not the hand-off-day MONDAY"),
        Arguments.of(
            team(rotation("WEEKLY", "09:00", "FUNDAY", "UTC", "2026-03-02", alice)),
            ROTATION + ".hand-off-day must be a day"),
        Arguments.of(
            team(rotation("WEEKLY", "09:00", null, "UTC", "2026-02-30", alice)),
            ROTATION + ".start must be a date"),
        Arguments.of(
            team(rotation("WEEKLY", "09:00", null, "UTC", null, alice)),
            ROTATION + ".start is missing"),
        Arguments.of(
            team(rotation("WEEKLY", "09:00", null, "UTC", "2026-03-02", List.of())),
            ROTATION + ".members is empty and no calendar is given"),
        Arguments.of(
            team(
                new OnCallSettings.Rotation(
                    "p", null, null, null, null, null, null, "/no/such/calendar.ics", null)),
            ROTATION + ".calendar /no/such/calendar.ics is not a readable file"),
        Arguments.of(
            new OnCallSettings(
                people("alice"),
                Map.of("payments", new OnCallSettings.Team(null, null, null)),
                null,
                null,
                null,
                null,
                null,
                null,
                null),
            "incident.oncall.teams.payments.rotations is empty"),
        Arguments.of(
            oneTeam(
                List.of(weekly("p", "UTC", "09:00", "2026-03-02", "alice")),
                List.of(override("p", "bob", "2026-04-02T00:00:00Z", "2026-04-01T00:00:00Z"))),
            "incident.oncall.overrides[0].until 2026-04-01T00:00:00Z is not after its from"),
        Arguments.of(
            oneTeam(
                List.of(weekly("p", "UTC", "09:00", "2026-03-02", "alice")),
                List.of(override("p", "mallory", "2026-04-01T00:00:00Z", "2026-04-02T00:00:00Z"))),
            "incident.oncall.overrides[0].person mallory is not a person"),
        Arguments.of(
            oneTeam(
                List.of(weekly("p", "UTC", "09:00", "2026-03-02", "alice")),
                List.of(override("q", "bob", "2026-04-01T00:00:00Z", "2026-04-02T00:00:00Z"))),
            "incident.oncall.overrides[0].rotation q is not a rotation"),
        Arguments.of(
            oneTeam(
                List.of(weekly("p", "UTC", "09:00", "2026-03-02", "alice")),
                List.of(override("p", "bob", "next tuesday", "2026-04-02T00:00:00Z"))),
            "incident.oncall.overrides[0].from must be an instant"),
        Arguments.of(
            oneTeam(
                List.of(
                    weekly("p", "UTC", "09:00", "2026-03-02", "alice"),
                    daily("p", "UTC", "09:00", "2026-03-02", "bob")),
                List.of()),
            "incident.oncall.teams.payments.rotations[1].name p is used twice"),
        Arguments.of(
            withRoles(Map.of("cto", "olga")), "incident.oncall.roles.cto olga is not a person"),
        Arguments.of(
            new OnCallSettings(
                people("alice"), null, null, null, "payments", null, null, null, null),
            "incident.oncall.default-team payments is not a team"),
        Arguments.of(
            new OnCallSettings(
                Map.of(
                    "alice", new OnCallSettings.Person("A".repeat(5_000), null, null, null, null)),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null),
            "incident.oncall.people.alice.name is 5000 characters; at most 200"),
        Arguments.of(
            new OnCallSettings(
                people("alice"),
                null,
                null,
                null,
                null,
                new OnCallSettings.Contacts(
                    null,
                    List.of(new OnCallSettings.Contact("aws", "AWS Support", null, null, null))),
                null,
                null,
                null),
            "incident.oncall.contacts.external[0] needs a person or reach lines"));
  }

  @ParameterizedTest
  @MethodSource("badSettings")
  void badSetting_stopsStartUpNamingTheProperty(OnCallSettings settings, String message) {
    assertThatThrownBy(() -> roster(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void aServiceInTwoTeams_isRefused_aPersonInTwoTeamsIsFine() {
    OnCallSettings twoTeams =
        new OnCallSettings(
            people("alice", "bob"),
            Map.of(
                "payments",
                new OnCallSettings.Team(
                    List.of("checkout"),
                    "alice",
                    List.of(weekly("p", "UTC", "09:00", "2026-03-02", "alice", "bob"))),
                "platform",
                new OnCallSettings.Team(
                    List.of("ingress"),
                    "alice",
                    List.of(weekly("q", "UTC", "09:00", "2026-03-02", "bob", "alice")))),
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    assertThat(roster(twoTeams).teams()).containsOnlyKeys("payments", "platform");

    Map<String, OnCallSettings.Team> teams = new LinkedHashMap<>();
    teams.put(
        "payments",
        new OnCallSettings.Team(
            List.of("checkout"),
            null,
            List.of(weekly("p", "UTC", "09:00", "2026-03-02", "alice"))));
    teams.put(
        "platform",
        new OnCallSettings.Team(
            List.of("checkout"),
            null,
            List.of(weekly("q", "UTC", "09:00", "2026-03-02", "alice"))));
    OnCallSettings sameService =
        new OnCallSettings(people("alice"), teams, null, null, null, null, null, null, null);
    assertThatThrownBy(() -> roster(sameService))
        .hasMessage(
            "incident.oncall.teams.platform.services[0] checkout is also listed by team payments");
  }
}
