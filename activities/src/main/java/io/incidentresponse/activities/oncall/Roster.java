package io.incidentresponse.activities.oncall;

import io.incidentresponse.workflows.oncall.EmergencyContact;
import io.incidentresponse.workflows.oncall.OnCallPerson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * The roster built from {@link OnCallSettings}, every reference checked: people, teams with their
 * rotations (overrides laid over them), roles and emergency contacts. {@link #of} fails with a
 * message naming the property for anything that cannot work, so the worker does not start with it.
 */
public final class Roster {
  static final String PREFIX = "incident.oncall.";

  /** A team: the services it owns, its lead and its rotations in order. */
  record Team(
      String name, List<String> services, OnCallPerson lead, List<RosterRotation> rotations) {}

  private final Map<String, OnCallPerson> people;
  private final Map<String, Team> teams;
  private final Map<String, RosterRotation> rotations;
  private final Map<String, OnCallPerson> roles;
  private final String defaultTeam;
  private final List<EmergencyContact> contacts;

  private Roster(
      Map<String, OnCallPerson> people,
      Map<String, Team> teams,
      Map<String, RosterRotation> rotations,
      Map<String, OnCallPerson> roles,
      String defaultTeam,
      List<EmergencyContact> contacts) {
    this.people = people;
    this.teams = teams;
    this.rotations = rotations;
    this.roles = roles;
    this.defaultTeam = defaultTeam;
    this.contacts = contacts;
  }

  /**
   * The roster, calendars read from {@code http} (bounded by the settings' timeout) when they are
   * URLs.
   *
   * @throws IllegalArgumentException naming the property when the settings cannot work
   */
  public static Roster of(OnCallSettings settings, OkHttpClient http, Clock clock) {
    Map<String, OnCallPerson> people = people(settings);
    OkHttpClient calendarHttp =
        http.newBuilder()
            .callTimeout(settings.calendarTimeout())
            .readTimeout(settings.calendarTimeout())
            .build();
    Map<String, List<OnCallSettings.OverrideWindow>> overridesByRotation = new LinkedHashMap<>();
    Map<String, Team> teams = new LinkedHashMap<>();
    Map<String, RosterRotation> rotations = new LinkedHashMap<>();
    Map<String, String> serviceOwners = new LinkedHashMap<>();
    // Rotation names first: overrides refer to them.
    Map<String, String> rotationZones = new LinkedHashMap<>();
    settings
        .teams()
        .forEach(
            (teamName, team) -> {
              String property = PREFIX + "teams." + teamName;
              if (team.rotations().isEmpty()) {
                throw new IllegalArgumentException(
                    property
                        + ".rotations is empty: a team needs a rotation (members or a calendar)");
              }
              for (int i = 0; i < team.rotations().size(); i++) {
                OnCallSettings.Rotation rotation = team.rotations().get(i);
                String at = property + ".rotations[" + i + "]";
                if (blank(rotation.name())) {
                  throw new IllegalArgumentException(at + ".name is missing");
                }
                if (rotationZones.containsKey(rotation.name())) {
                  throw new IllegalArgumentException(
                      at
                          + ".name "
                          + rotation.name()
                          + " is used twice: rotation names are unique");
                }
                rotationZones.put(rotation.name(), zone(at + ".zone", rotation.zone()).getId());
              }
            });
    List<OnCallSettings.OverrideWindow> overrides = settings.overrides();
    Map<String, List<Cover>> covers = new LinkedHashMap<>();
    for (int i = 0; i < overrides.size(); i++) {
      OnCallSettings.OverrideWindow window = overrides.get(i);
      String at = PREFIX + "overrides[" + i + "]";
      if (blank(window.rotation()) || !rotationZones.containsKey(window.rotation())) {
        throw new IllegalArgumentException(
            at + ".rotation " + window.rotation() + " is not a rotation of any team");
      }
      ZoneId zone =
          blank(window.zone())
              ? ZoneId.of(rotationZones.get(window.rotation()))
              : zone(at + ".zone", window.zone());
      Instant from = instant(at + ".from", window.from(), zone);
      Instant until = instant(at + ".until", window.until(), zone);
      if (!until.isAfter(from)) {
        throw new IllegalArgumentException(
            at + ".until " + window.until() + " is not after its from " + window.from());
      }
      OnCallPerson person = person(people, at + ".person", window.person());
      covers
          .computeIfAbsent(window.rotation(), r -> new ArrayList<>())
          .add(new Cover(i, person, from, until));
      overridesByRotation.computeIfAbsent(window.rotation(), r -> new ArrayList<>()).add(window);
    }
    settings
        .teams()
        .forEach(
            (teamName, team) -> {
              String property = PREFIX + "teams." + teamName;
              List<RosterRotation> teamRotations = new ArrayList<>();
              for (int i = 0; i < team.rotations().size(); i++) {
                OnCallSettings.Rotation rotation = team.rotations().get(i);
                String at = property + ".rotations[" + i + "]";
                Schedule schedule = schedule(at, rotation, people, settings, calendarHttp, clock);
                RosterRotation built =
                    new RosterRotation(
                        teamName,
                        rotation.name(),
                        schedule,
                        covers.getOrDefault(rotation.name(), List.of()),
                        blank(rotation.pagerdutyEscalationPolicyId())
                            ? null
                            : rotation.pagerdutyEscalationPolicyId().strip());
                teamRotations.add(built);
                rotations.put(rotation.name(), built);
              }
              for (int i = 0; i < team.services().size(); i++) {
                String service = team.services().get(i);
                String owner = serviceOwners.putIfAbsent(service, teamName);
                if (owner != null) {
                  throw new IllegalArgumentException(
                      property
                          + ".services["
                          + i
                          + "] "
                          + service
                          + " is also listed by team "
                          + owner);
                }
              }
              OnCallPerson lead =
                  blank(team.lead()) ? null : person(people, property + ".lead", team.lead());
              teams.put(
                  teamName, new Team(teamName, team.services(), lead, List.copyOf(teamRotations)));
            });
    Map<String, OnCallPerson> roles = new LinkedHashMap<>();
    settings
        .roles()
        .forEach((role, id) -> roles.put(role, person(people, PREFIX + "roles." + role, id)));
    if (settings.defaultTeam() != null && !teams.containsKey(settings.defaultTeam())) {
      throw new IllegalArgumentException(
          PREFIX
              + "default-team "
              + settings.defaultTeam()
              + " is not a team of incident.oncall.teams");
    }
    return new Roster(
        people,
        teams,
        rotations,
        roles,
        settings.defaultTeam(),
        contacts(settings.contacts(), people));
  }

  Map<String, OnCallPerson> people() {
    return people;
  }

  Map<String, Team> teams() {
    return teams;
  }

  RosterRotation rotation(String name) {
    return rotations.get(name);
  }

  OnCallPerson role(String name) {
    return roles.get(name);
  }

  /** The team of a service: the one that lists it, else the default team, else null. */
  Team teamOf(String service) {
    for (Team team : teams.values()) {
      if (team.services().contains(service)) {
        return team;
      }
    }
    return defaultTeam == null ? null : teams.get(defaultTeam);
  }

  List<EmergencyContact> contacts() {
    return contacts;
  }

  boolean configured() {
    return !teams.isEmpty() || !roles.isEmpty() || !contacts.isEmpty();
  }

  private static Map<String, OnCallPerson> people(OnCallSettings settings) {
    Map<String, OnCallPerson> people = new LinkedHashMap<>();
    settings
        .people()
        .forEach(
            (id, p) -> {
              String property = PREFIX + "people." + id;
              if (p == null) {
                throw new IllegalArgumentException(property + " has no fields");
              }
              if (p.name() != null && p.name().length() > 200) {
                throw new IllegalArgumentException(
                    property + ".name is " + p.name().length() + " characters; at most 200");
              }
              if (!blank(p.email()) && !p.email().strip().matches("[^@\\s]+@[^@\\s]+")) {
                throw new IllegalArgumentException(property + ".email is not an e-mail address");
              }
              people.put(
                  id,
                  new OnCallPerson(
                      id,
                      strip(p.name()),
                      strip(p.slackUserId()),
                      strip(p.email()),
                      strip(p.phone()),
                      strip(p.pagerdutyUserId())));
            });
    return people;
  }

  private static Schedule schedule(
      String at,
      OnCallSettings.Rotation rotation,
      Map<String, OnCallPerson> people,
      OnCallSettings settings,
      OkHttpClient http,
      Clock clock) {
    if (!blank(rotation.calendar())) {
      if (!rotation.members().isEmpty()) {
        throw new IllegalArgumentException(at + " has both members and a calendar: give one");
      }
      String location = rotation.calendar().strip();
      if (!CalendarSource.isUrl(location) && !Files.isRegularFile(Path.of(location))) {
        throw new IllegalArgumentException(
            at + ".calendar " + location + " is not a readable file");
      }
      return new CalendarSchedule(
          new CalendarSource(
              rotation.name(),
              location,
              people,
              http,
              settings.calendarRefresh(),
              settings.calendarMaxBytes(),
              clock));
    }
    if (rotation.members().isEmpty()) {
      throw new IllegalArgumentException(at + ".members is empty and no calendar is given");
    }
    List<OnCallPerson> members = new ArrayList<>();
    for (int i = 0; i < rotation.members().size(); i++) {
      members.add(person(people, at + ".members[" + i + "]", rotation.members().get(i)));
    }
    String handOff =
        blank(rotation.handOff()) ? "WEEKLY" : rotation.handOff().strip().toUpperCase(Locale.ROOT);
    if (!handOff.equals("WEEKLY") && !handOff.equals("DAILY")) {
      throw new IllegalArgumentException(at + ".hand-off must be DAILY or WEEKLY, was " + handOff);
    }
    LocalTime time;
    try {
      time =
          blank(rotation.handOffTime())
              ? LocalTime.of(9, 0)
              : LocalTime.parse(rotation.handOffTime().strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          at + ".hand-off-time must be HH:mm, was " + rotation.handOffTime());
    }
    if (blank(rotation.start())) {
      throw new IllegalArgumentException(
          at + ".start is missing (the date the first shift begins)");
    }
    LocalDate start;
    try {
      start = LocalDate.parse(rotation.start().strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          at + ".start must be a date (2026-01-05), was " + rotation.start());
    }
    if (!blank(rotation.handOffDay())) {
      DayOfWeek day;
      try {
        day = DayOfWeek.valueOf(rotation.handOffDay().strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            at + ".hand-off-day must be a day (MONDAY), was " + rotation.handOffDay());
      }
      if (!handOff.equals("WEEKLY")) {
        throw new IllegalArgumentException(at + ".hand-off-day is only for a WEEKLY hand-off");
      }
      if (start.getDayOfWeek() != day) {
        throw new IllegalArgumentException(
            at
                + ".start "
                + start
                + " is a "
                + start.getDayOfWeek()
                + ", not the hand-off-day "
                + day);
      }
    }
    return new TurnSchedule(
        start, time, zone(at + ".zone", rotation.zone()), handOff.equals("WEEKLY"), members);
  }

  private static List<EmergencyContact> contacts(
      OnCallSettings.Contacts contacts, Map<String, OnCallPerson> people) {
    List<EmergencyContact> all = new ArrayList<>();
    addContacts(all, contacts.internal(), "internal", people);
    addContacts(all, contacts.external(), "external", people);
    return List.copyOf(all);
  }

  private static void addContacts(
      List<EmergencyContact> all,
      List<OnCallSettings.Contact> contacts,
      String kind,
      Map<String, OnCallPerson> people) {
    for (int i = 0; i < contacts.size(); i++) {
      OnCallSettings.Contact contact = contacts.get(i);
      String at = PREFIX + "contacts." + kind + "[" + i + "]";
      if (blank(contact.key()) || blank(contact.name())) {
        throw new IllegalArgumentException(at + " needs a key and a name");
      }
      OnCallPerson person =
          blank(contact.person()) ? null : person(people, at + ".person", contact.person());
      if (person == null && contact.reach().isEmpty()) {
        throw new IllegalArgumentException(at + " needs a person or reach lines");
      }
      List<String> covers =
          contact.covers().stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
      all.add(
          new EmergencyContact(
              contact.key(), contact.name(), kind, person, contact.reach(), covers));
    }
  }

  private static OnCallPerson person(Map<String, OnCallPerson> people, String property, String id) {
    OnCallPerson person = id == null ? null : people.get(id.strip());
    if (person == null) {
      throw new IllegalArgumentException(
          property + " " + id + " is not a person of incident.oncall.people");
    }
    return person;
  }

  private static ZoneId zone(String property, String zone) {
    if (blank(zone)) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(zone.strip());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          property + " " + zone + " is not a time zone (Europe/Berlin)");
    }
  }

  /** An instant, an offset date-time, or a local date-time read in {@code zone}. */
  private static Instant instant(String property, String value, ZoneId zone) {
    if (blank(value)) {
      throw new IllegalArgumentException(property + " is missing");
    }
    String v = value.strip();
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return ZonedDateTime.ofLocal(LocalDateTime.parse(v), zone, null).toInstant();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            property
                + " must be an instant (2026-12-01T08:00:00Z) or a local date-time"
                + " (2026-12-01T09:00), was "
                + value);
      }
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static String strip(String value) {
    return blank(value) ? null : value.strip();
  }
}
