package io.incidentresponse.activities.oncall;

import io.incidentresponse.workflows.oncall.OnCallPerson;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DateProperty;

/**
 * An on-call calendar ({@code .ics}, as PagerDuty, Opsgenie or Google Calendar export one) whose
 * events are shifts. Recurring events are expanded (RRULE, RDATE, EXDATE) in the zones their
 * VTIMEZONEs define; an occurrence moved or changed by a RECURRENCE-ID component is replaced by
 * that component. Floating times and all-day dates are read in UTC.
 *
 * <p>An event's person is found, in this order, from its ATTENDEE e-mails, its ORGANIZER e-mail,
 * then its SUMMARY naming a person's id or name (as a whole word, any case); the first of these
 * that names exactly one roster person decides. An event that names nobody, or several people the
 * same way, is a problem (listed by {@link #problems}), never a guess: its occurrences hold nobody.
 */
final class IcsCalendar {
  private final String name;
  private final List<Master> masters;
  private final List<String> problems;

  /**
   * An event with its person; {@code fixed} is its one occurrence when it does not recur (most
   * events of an exported schedule), found once at parse time instead of at every question.
   */
  private record Master(
      VEvent event, OnCallPerson person, Set<Instant> movedOccurrences, CalendarShift fixed) {}

  private IcsCalendar(String name, List<Master> masters, List<String> problems) {
    this.name = name;
    this.masters = masters;
    this.problems = problems;
  }

  /**
   * Parses a calendar.
   *
   * @param name how messages name the calendar (the rotation)
   * @param people the roster's people by id, to match events against
   * @throws CalendarUnavailableException when it is not an iCalendar
   */
  static IcsCalendar parse(String name, InputStream in, Map<String, OnCallPerson> people)
      throws IOException {
    Calendar calendar;
    try {
      calendar = new CalendarBuilder().build(in);
    } catch (ParserException | RuntimeException e) {
      throw new CalendarUnavailableException(
          "calendar of rotation " + name + " is not a readable iCalendar: " + e.getMessage(), e);
    }
    Map<String, List<VEvent>> moved = new LinkedHashMap<>();
    List<VEvent> events = new ArrayList<>();
    for (Component component : calendar.getComponents()) {
      if (component instanceof VEvent event) {
        if (event.getProperty(Property.RECURRENCE_ID).isPresent()) {
          moved.computeIfAbsent(uid(event), u -> new ArrayList<>()).add(event);
        } else {
          events.add(event);
        }
      }
    }
    Set<String> problems = new LinkedHashSet<>();
    List<Master> masters = new ArrayList<>();
    for (VEvent event : events) {
      Set<Instant> replaced = new HashSet<>();
      for (VEvent change : moved.getOrDefault(uid(event), List.of())) {
        replaced.add(instant(((DateProperty<?>) change.getProperty(Property.RECURRENCE_ID).get())));
      }
      masters.add(master(name, event, person(event, people, problems, name), replaced));
    }
    moved.values().stream()
        .flatMap(List::stream)
        .forEach(
            change ->
                masters.add(
                    master(name, change, person(change, people, problems, name), Set.of())));
    return new IcsCalendar(name, masters, List.copyOf(problems));
  }

  private static Master master(
      String name, VEvent event, OnCallPerson person, Set<Instant> movedOccurrences) {
    boolean recurs =
        event.getProperty(Property.RRULE).isPresent()
            || event.getProperty(Property.RDATE).isPresent();
    Optional<DateProperty<?>> start = event.getProperty(Property.DTSTART);
    if (recurs || start.isEmpty()) {
      return new Master(event, person, movedOccurrences, null);
    }
    Instant at = instant(start.get());
    List<CalendarShift> one =
        expand(
            name,
            new Master(event, person, Set.of(), null),
            at.minus(Duration.ofDays(1)),
            at.plus(Duration.ofDays(1)));
    return new Master(event, person, movedOccurrences, one.isEmpty() ? null : one.get(0));
  }

  /** Events that named nobody, one line each. */
  List<String> problems() {
    return problems;
  }

  /** The shifts overlapping {@code [from, until)}, by start. */
  List<CalendarShift> shifts(Instant from, Instant until) {
    List<CalendarShift> shifts = new ArrayList<>();
    for (Master master : masters) {
      if (master.fixed() != null) {
        if (master.fixed().until().isAfter(from) && master.fixed().from().isBefore(until)) {
          shifts.add(master.fixed());
        }
      } else {
        shifts.addAll(expand(name, master, from, until));
      }
    }
    shifts.sort(Comparator.comparing(CalendarShift::from).thenComparing(CalendarShift::until));
    return shifts;
  }

  private static List<CalendarShift> expand(
      String name, Master master, Instant from, Instant until) {
    Period<ZonedDateTime> window =
        new Period<>(from.atZone(ZoneOffset.UTC), until.atZone(ZoneOffset.UTC));
    Set<Period<Temporal>> periods;
    try {
      periods = master.event().calculateRecurrenceSet(window);
    } catch (RuntimeException e) {
      throw new CalendarUnavailableException(
          "calendar of rotation "
              + name
              + ": event "
              + uid(master.event())
              + " cannot be expanded: "
              + e.getMessage(),
          e);
    }
    boolean isChange = master.event().getProperty(Property.RECURRENCE_ID).isPresent();
    List<CalendarShift> shifts = new ArrayList<>();
    for (Period<Temporal> period : periods) {
      Instant start = instant(period.getStart());
      Instant end = instant(period.getEnd());
      if (!isChange && master.movedOccurrences().contains(start)) {
        continue;
      }
      if (end.isAfter(from) && start.isBefore(until)) {
        shifts.add(new CalendarShift(master.person(), start, end, uid(master.event())));
      }
    }
    return shifts;
  }

  private static OnCallPerson person(
      VEvent event, Map<String, OnCallPerson> people, Set<String> problems, String calendar) {
    List<String> attendees =
        event.getProperties(Property.ATTENDEE).stream().map(p -> email(p.getValue())).toList();
    List<String> organizer =
        event
            .getProperty(Property.ORGANIZER)
            .map(p -> List.of(email(p.getValue())))
            .orElse(List.of());
    for (List<String> emails : List.of(attendees, organizer)) {
      Set<OnCallPerson> found = new LinkedHashSet<>();
      for (String email : emails) {
        people.values().stream()
            .filter(p -> p.email() != null && p.email().equalsIgnoreCase(email))
            .forEach(found::add);
      }
      if (found.size() == 1) {
        return found.iterator().next();
      }
    }
    String summary = event.getProperty(Property.SUMMARY).map(Property::getValue).orElse("");
    Set<OnCallPerson> named = new LinkedHashSet<>();
    for (OnCallPerson person : people.values()) {
      if (namesWord(summary, person.id()) || namesWord(summary, person.name())) {
        named.add(person);
      }
    }
    if (named.size() == 1) {
      return named.iterator().next();
    }
    problems.add(
        "calendar of rotation "
            + calendar
            + ": event "
            + bounded(uid(event), 100)
            + " ("
            + bounded(summary, 100)
            + (attendees.isEmpty() ? "" : ", " + bounded(String.join(" ", attendees), 200))
            + ") "
            + (named.isEmpty() ? "names no person of the roster" : "names several people")
            + ": nobody is on call during it");
    return null;
  }

  private static boolean namesWord(String text, String word) {
    if (word == null || word.isBlank()) {
      return false;
    }
    String haystack = " " + text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ") + " ";
    String needle =
        " " + word.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip() + " ";
    return needle.isBlank() ? false : haystack.contains(needle);
  }

  private static String email(String value) {
    String v = value.strip();
    return v.regionMatches(true, 0, "mailto:", 0, 7) ? v.substring(7) : v;
  }

  private static String uid(VEvent event) {
    return event.getProperty(Property.UID).map(Property::getValue).orElse("(no UID)");
  }

  private static Instant instant(DateProperty<?> property) {
    return instant(property.getDate());
  }

  /** Floating date-times and all-day dates are read in UTC. */
  static Instant instant(Temporal temporal) {
    if (temporal instanceof Instant instant) {
      return instant;
    }
    if (temporal instanceof ZonedDateTime zoned) {
      return zoned.toInstant();
    }
    if (temporal instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    if (temporal instanceof LocalDateTime local) {
      return local.toInstant(ZoneOffset.UTC);
    }
    if (temporal instanceof LocalDate date) {
      return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    return Instant.from(temporal);
  }

  /**
   * Calendar text is outside input: a name of 5,000 characters does not go whole into a message.
   */
  private static String bounded(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }
}
