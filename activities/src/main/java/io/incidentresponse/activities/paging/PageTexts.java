package io.incidentresponse.activities.paging;

import io.incidentresponse.activities.slack.SlackText;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.communication.PageRequest;
import io.incidentresponse.workflows.communication.PageUrgency;
import io.incidentresponse.workflows.oncall.EscalationTarget;
import io.incidentresponse.workflows.oncall.OnCallPerson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a page sent by Slack direct message and e-mail says, and the marks that make a retry find
 * the same message: the Slack marker (a block id) and the e-mail Message-ID, both derived from the
 * incident, the level and the person. Names and titles are cut, so a 5,000-character name cannot
 * push the message past what Slack or a mail header takes.
 */
final class PageTexts {
  /** Longest name or title quoted in a page. */
  static final int MAX_NAME = 120;

  private static final int MAX_SUBJECT_TITLE = 150;

  private PageTexts() {}

  /** The block id prefix of every page of {@code incidentId}. */
  static String markerPrefix(String incidentId) {
    return io.incidentresponse.workflows.communication.PageButtonContract.BLOCK_ID_PREFIX
        + hash(incidentId, 16)
        + "-";
  }

  /** The block id of the page of {@code request}'s level to {@code person}. */
  static String marker(PageRequest request, OnCallPerson person) {
    return markerPrefix(request.brief().incidentId())
        + request.level()
        + "-"
        + hash(person.id() == null ? person.displayName() : person.id(), 8);
  }

  /** The Message-ID of the e-mail for {@code request}'s level to {@code person}. */
  static String messageId(PageRequest request, OnCallPerson person) {
    String incident = request.brief().incidentId().replaceAll("[^A-Za-z0-9._-]", "-");
    String who = hash(person.id() == null ? person.displayName() : person.id(), 12);
    return "<" + incident + ".page-" + request.level() + "." + who + "@incident-response>";
  }

  static String urgency(PageRequest request) {
    return request.urgency() == PageUrgency.LOW
        ? "low urgency"
        : "HIGH urgency: please respond now";
  }

  /** The Slack message, mrkdwn, everything from outside escaped. */
  static String slack(PageRequest request, OnCallPerson person) {
    IncidentBrief brief = request.brief();
    String channel =
        brief.channelId() != null
            ? "<#" + SlackText.line(brief.channelId()) + ">"
            : brief.channelName() == null ? "not opened yet" : "#" + line(brief.channelName());
    return ":rotating_light: *"
        + line(person.displayName())
        + ", you are paged* ("
        + urgency(request)
        + ")\n*"
        + brief.severity()
        + " incident* on *"
        + line(brief.service())
        + "*: "
        + line(brief.title())
        + "\n*Why you:* "
        + why(request, true)
        + "\n*Channel:* "
        + channel
        + "\n*Incident:* "
        + line(brief.incidentId());
  }

  static String subject(PageRequest request) {
    IncidentBrief brief = request.brief();
    String title = plain(brief.title(), MAX_SUBJECT_TITLE);
    return "["
        + brief.severity()
        + "] Page"
        + (request.urgency() == PageUrgency.LOW ? " (low urgency)" : " (HIGH urgency)")
        + ": "
        + title;
  }

  static String mail(PageRequest request, OnCallPerson person) {
    IncidentBrief brief = request.brief();
    return plain(person.displayName(), MAX_NAME)
        + ", you are paged ("
        + urgency(request)
        + ").\n\n"
        + brief.severity()
        + " incident on "
        + plain(brief.service(), MAX_NAME)
        + ": "
        + plain(brief.title(), 1000)
        + "\nImpact: "
        + brief.impact()
        + "\nWhy you: "
        + why(request, false)
        + "\nIncident channel: #"
        + plain(brief.channelName(), MAX_NAME)
        + "\nIncident id: "
        + brief.incidentId()
        + "\n\nAcknowledge with the button in your Slack message, or: incidentctl ack "
        + brief.incidentId()
        + "\n";
  }

  /** The level, its label, how the roster found the person and the workflow's note. */
  private static String why(PageRequest request, boolean slack) {
    EscalationTarget target = request.person();
    StringBuilder why =
        new StringBuilder("escalation level ")
            .append(request.level())
            .append(" (")
            .append(text(request.target(), slack))
            .append(")");
    if (target != null && target.how() != null) {
      why.append(", ").append(text(target.how(), slack));
    }
    if (request.note() != null && !request.note().isBlank()) {
      why.append(". ").append(text(request.note(), slack));
    }
    return why.toString();
  }

  private static String text(String value, boolean slack) {
    return slack ? line(value) : plain(value, 1000);
  }

  private static String line(String value) {
    return SlackText.truncate(SlackText.line(value), MAX_NAME * 2);
  }

  /** One line, control characters dropped, cut to {@code max}. */
  static String plain(String value, int max) {
    if (value == null) {
      return "";
    }
    String line = value.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u0085]", " ").strip();
    return line.length() <= max ? line : line.substring(0, max - 1) + "…";
  }

  static String hash(String value, int hexChars) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, hexChars);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
