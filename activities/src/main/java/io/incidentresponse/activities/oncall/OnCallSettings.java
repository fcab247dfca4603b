package io.incidentresponse.activities.oncall;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The on-call roster ({@code incident.oncall.*}): people, teams with their rotations, overrides,
 * roles and emergency contacts. The records only hold what was written; {@link Roster#of} checks it
 * (every reference, zone, time and window) and stops the worker at start-up with a message naming
 * the property. Nothing configured is a valid roster that knows nobody.
 *
 * @param people person id to person
 * @param teams team name to team
 * @param overrides someone covers a rotation for a window; a later entry wins where two overlap
 * @param roles role name ({@code engineering-manager}, {@code cto}, {@code security-lead}, ...) to
 *     person id
 * @param defaultTeam the team of a service no team lists, or null
 * @param contacts the runbook's emergency contacts
 * @param calendarRefresh how long an imported calendar is used before it is read again; default 15
 *     minutes
 * @param calendarTimeout bound on reading one calendar over HTTP; default 10 s
 * @param calendarMaxBytes a calendar larger than this is refused (a problem, not a crash); default
 *     5 MB
 */
public record OnCallSettings(
    Map<String, Person> people,
    Map<String, Team> teams,
    List<OverrideWindow> overrides,
    Map<String, String> roles,
    String defaultTeam,
    Contacts contacts,
    Duration calendarRefresh,
    Duration calendarTimeout,
    Long calendarMaxBytes) {

  public OnCallSettings {
    people = ordered(people);
    teams = ordered(teams);
    overrides = overrides == null ? List.of() : List.copyOf(overrides);
    roles = ordered(roles);
    defaultTeam = defaultTeam == null || defaultTeam.isBlank() ? null : defaultTeam.strip();
    contacts = contacts == null ? new Contacts(null, null) : contacts;
    calendarRefresh = calendarRefresh == null ? Duration.ofMinutes(15) : calendarRefresh;
    calendarTimeout = calendarTimeout == null ? Duration.ofSeconds(10) : calendarTimeout;
    calendarMaxBytes = calendarMaxBytes == null ? 5L * 1024 * 1024 : calendarMaxBytes;
  }

  /** A copy keeping the configuration's order, unmodifiable. */
  private static <V> Map<String, V> ordered(Map<String, V> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** An empty roster: nobody is on call, there are no contacts. */
  public static OnCallSettings none() {
    return new OnCallSettings(null, null, null, null, null, null, null, null, null);
  }

  /** Some team, role or contact is configured. */
  public boolean configured() {
    return !teams.isEmpty()
        || !roles.isEmpty()
        || !contacts.internal().isEmpty()
        || !contacts.external().isEmpty();
  }

  /**
   * Counts and names only: no contact details (people's phones and addresses), and no calendar URLs
   * (a private calendar's URL is its secret).
   */
  @java.lang.Override
  public String toString() {
    return "OnCallSettings[people="
        + people.size()
        + ", teams="
        + teams.keySet()
        + ", overrides="
        + overrides.size()
        + ", roles="
        + roles.keySet()
        + ", defaultTeam="
        + defaultTeam
        + ", contacts="
        + (contacts.internal().size() + contacts.external().size())
        + ", calendarRefresh="
        + calendarRefresh
        + "]";
  }

  /**
   * A person who can be paged.
   *
   * @param name display name
   * @param slackUserId Slack member id ({@code U...})
   * @param email e-mail address; also how calendar events are matched to the person
   * @param phone shown to people, never dialled
   * @param pagerdutyUserId PagerDuty user id ({@code P...})
   */
  public record Person(
      String name, String slackUserId, String email, String phone, String pagerdutyUserId) {}

  /**
   * A team.
   *
   * @param services the services the team owns (an incident's service finds its team here)
   * @param lead person id of the team lead ({@code team-lead})
   * @param rotations ordered: the first is {@code primary-oncall}, the second {@code
   *     secondary-oncall}
   */
  public record Team(List<String> services, String lead, List<Rotation> rotations) {
    public Team {
      services = services == null ? List.of() : List.copyOf(services);
      rotations = rotations == null ? List.of() : List.copyOf(rotations);
    }
  }

  /**
   * A rotation: ordered members taking turns, or an imported calendar whose events are shifts.
   *
   * @param name unique across the roster (overrides and escalation levels name it)
   * @param handOff {@code DAILY} or {@code WEEKLY}
   * @param handOffTime local time of the hand-off, {@code HH:mm}; default 09:00
   * @param handOffDay day of the weekly hand-off ({@code MONDAY}); default the start date's day
   * @param zone the zone the hand-off time is read in; default UTC
   * @param start the date the first member's first shift begins (at the hand-off time)
   * @param members person ids in turn order
   * @param calendar instead of members: path or http(s) URL of an {@code .ics}
   * @param pagerdutyEscalationPolicyId the PagerDuty escalation policy to page when the rotation
   *     has nobody, or null
   */
  public record Rotation(
      String name,
      String handOff,
      String handOffTime,
      String handOffDay,
      String zone,
      String start,
      List<String> members,
      String calendar,
      String pagerdutyEscalationPolicyId) {
    public Rotation {
      members = members == null ? List.of() : List.copyOf(members);
    }
  }

  /**
   * Someone covers a rotation for a window.
   *
   * @param rotation the rotation's name
   * @param person person id
   * @param from start: an instant ({@code 2026-12-01T08:00:00Z}, or with an offset) or a local
   *     date-time read in {@code zone}
   * @param until end (exclusive), written like {@code from}
   * @param zone the zone local date-times are read in; default the rotation's zone
   */
  public record OverrideWindow(
      String rotation, String person, String from, String until, String zone) {}

  /**
   * The emergency contacts.
   *
   * @param internal company leads, in the order they are listed
   * @param external vendors' support, in the order they are listed
   */
  public record Contacts(List<Contact> internal, List<Contact> external) {
    public Contacts {
      internal = internal == null ? List.of() : List.copyOf(internal);
      external = external == null ? List.of() : List.copyOf(external);
    }
  }

  /**
   * One emergency contact.
   *
   * @param key stable key ({@code security-lead}, {@code aws-support})
   * @param name who or what
   * @param person person id behind an internal contact, or null
   * @param reach how to reach them, one way per entry
   * @param covers what the contact is for ({@code aws}, {@code cdn}, {@code security}); empty for
   *     always relevant
   */
  public record Contact(
      String key, String name, String person, List<String> reach, List<String> covers) {
    public Contact {
      reach = reach == null ? List.of() : List.copyOf(reach);
      covers = covers == null ? List.of() : List.copyOf(covers);
    }
  }
}
