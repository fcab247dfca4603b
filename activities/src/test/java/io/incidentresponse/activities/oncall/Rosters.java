package io.incidentresponse.activities.oncall;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;

/** Roster settings for tests, written the way the YAML would bind them. */
final class Rosters {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

  private Rosters() {}

  static Map<String, OnCallSettings.Person> people(String... ids) {
    Map<String, OnCallSettings.Person> people = new LinkedHashMap<>();
    for (String id : ids) {
      String name = Character.toUpperCase(id.charAt(0)) + id.substring(1) + " Example";
      people.put(
          id,
          new OnCallSettings.Person(name, "U" + id.toUpperCase(), id + "@example.com", null, null));
    }
    return people;
  }

  static OnCallSettings.Rotation weekly(
      String name, String zone, String time, String start, String... members) {
    return new OnCallSettings.Rotation(
        name, "WEEKLY", time, null, zone, start, List.of(members), null, null);
  }

  static OnCallSettings.Rotation daily(
      String name, String zone, String time, String start, String... members) {
    return new OnCallSettings.Rotation(
        name, "DAILY", time, null, zone, start, List.of(members), null, null);
  }

  static OnCallSettings.OverrideWindow override(
      String rotation, String person, String from, String until) {
    return new OnCallSettings.OverrideWindow(rotation, person, from, until, null);
  }

  /** One team {@code payments} with the rotations, and the overrides. */
  static OnCallSettings oneTeam(
      List<OnCallSettings.Rotation> rotations, List<OnCallSettings.OverrideWindow> overrides) {
    return new OnCallSettings(
        people("alice", "bob", "carol", "dan", "erin", "zoe", "yuri"),
        Map.of("payments", new OnCallSettings.Team(List.of("checkout"), "carol", rotations)),
        overrides,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  static Roster roster(OnCallSettings settings) {
    return Roster.of(settings, new OkHttpClient(), CLOCK);
  }
}
