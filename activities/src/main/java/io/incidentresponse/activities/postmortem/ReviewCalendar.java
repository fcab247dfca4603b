package io.incidentresponse.activities.postmortem;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.parameter.ParticipationLevel;
import biweekly.parameter.ParticipationStatus;
import biweekly.property.Attendee;
import biweekly.property.Organizer;
import biweekly.property.Status;
import io.incidentresponse.workflows.postmortem.ReviewInvitation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The review meeting as an iCalendar invitation. The UID is fixed per postmortem (its workflow id;
 * the incident id for invitations that carry none), so an invitation sent again (a new time)
 * updates the event people already have instead of adding a second one; SEQUENCE grows with the
 * time it is sent, which calendar clients require to take an update.
 */
final class ReviewCalendar {
  static final String PRODUCT = "-//incident-response//Postmortem review//EN";

  private ReviewCalendar() {}

  static String uid(String incidentId) {
    return "postmortem-review-"
        + PostmortemPublisher.hash(incidentId).substring(0, 16)
        + "@incident-response";
  }

  /** The .ics text; {@code now} stamps it (DTSTAMP, SEQUENCE). Times are written in UTC. */
  static String invitation(ReviewInvitation invitation, Instant now) {
    ICalendar calendar = new ICalendar();
    calendar.setProductId(PRODUCT);
    calendar.setMethod("REQUEST");
    VEvent event = new VEvent();
    event.setUid(
        uid(invitation.reviewId() != null ? invitation.reviewId() : invitation.incidentId()));
    event.setDateTimeStamp(Date.from(now));
    // Minutes since the epoch: larger for every later re-send, and fits an int for millennia.
    event.setSequence((int) Math.min(Integer.MAX_VALUE, now.getEpochSecond() / 60));
    Instant start = invitation.startsAt();
    Instant end =
        invitation.endsAt() != null && invitation.endsAt().isAfter(start)
            ? invitation.endsAt()
            : start.plus(Duration.ofHours(1));
    event.setDateStart(Date.from(start), true);
    event.setDateEnd(Date.from(end), true);
    event.setSummary("Postmortem review: " + oneLine(invitation.title()));
    event.setDescription(description(invitation));
    if (isWebLink(invitation.documentLocation())) {
      event.setUrl(invitation.documentLocation());
    }
    event.setStatus(Status.confirmed());
    if (invitation.facilitator() != null && !invitation.facilitator().isBlank()) {
      String who = invitation.facilitator().trim();
      Organizer organizer = who.contains("@") ? new Organizer(null, who) : new Organizer(who, null);
      if (!who.contains("@")) {
        organizer.setUri(personUri(who));
      }
      event.setOrganizer(organizer);
    }
    Set<String> attendees = new LinkedHashSet<>();
    if (invitation.attendees() != null) {
      for (String attendee : invitation.attendees()) {
        if (attendee != null && !attendee.isBlank()) {
          attendees.add(attendee.trim());
        }
      }
    }
    for (String who : attendees) {
      Attendee attendee = who.contains("@") ? new Attendee(null, who) : new Attendee(who, null);
      if (!who.contains("@")) {
        attendee.setUri(personUri(who));
      }
      attendee.setParticipationLevel(ParticipationLevel.REQUIRED);
      attendee.setParticipationStatus(ParticipationStatus.NEEDS_ACTION);
      attendee.setRsvp(true);
      event.addAttendee(attendee);
    }
    calendar.addEvent(event);
    return Biweekly.write(calendar).go();
  }

  private static String description(ReviewInvitation invitation) {
    StringBuilder text =
        new StringBuilder("Blameless postmortem review of incident ")
            .append(invitation.incidentId())
            .append(": ")
            .append(oneLine(invitation.title()))
            .append('\n');
    text.append("Draft: ")
        .append(
            invitation.documentLocation() == null
                ? "not published (drafting failed; see the postmortem workflow)"
                : invitation.documentLocation())
        .append('\n');
    if (invitation.facilitator() != null && !invitation.facilitator().isBlank()) {
      text.append("Facilitator: ").append(invitation.facilitator().trim()).append('\n');
    }
    text.append(
        "Agenda: timeline, root cause, what went well and poorly, action items with owners and"
            + " due dates.");
    return text.toString();
  }

  /**
   * A person known by name or Slack id only: RFC 5545 wants an address as the value, and an empty
   * one makes some calendar clients reject the whole invitation.
   */
  private static String personUri(String who) {
    return "urn:x-incident-response:person:" + URLEncoder.encode(who, StandardCharsets.UTF_8);
  }

  static boolean isWebLink(String location) {
    return location != null && (location.startsWith("https://") || location.startsWith("http://"));
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
