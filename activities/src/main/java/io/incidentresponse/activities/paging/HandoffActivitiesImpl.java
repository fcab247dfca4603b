package io.incidentresponse.activities.paging;

import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

import io.incidentresponse.activities.oncall.HeldIncidents;
import io.incidentresponse.activities.slack.SlackDirectMessages;
import io.incidentresponse.activities.slack.SlackText;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.oncall.Handoff;
import io.incidentresponse.workflows.oncall.HandoffActivities;
import io.incidentresponse.workflows.oncall.HandoffNotice;
import io.incidentresponse.workflows.oncall.OnCallPerson;
import io.incidentresponse.workflows.oncall.OwnedIncident;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HandoffActivities}: the incidents come from {@link HeldIncidents}, the notice goes by
 * Slack direct message and e-mail as a page does ({@link PersonReach}), once per {@link
 * HandoffNotice#key()}: the DM carries a marker derived from it that a retry finds, the e-mail a
 * Message-ID derived from it. A reminder waits behind every page in Slack's pace (lowest priority).
 */
public class HandoffActivitiesImpl implements HandoffActivities {
  private static final Logger log = LoggerFactory.getLogger(HandoffActivitiesImpl.class);
  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final HeldIncidents incidents;
  private final SlackDirectMessages slack;
  private final PersonReach reach;

  /**
   * @param slack direct messages, or null when Slack is not configured
   * @param mail e-mail, or null when SMTP is not configured
   */
  public HandoffActivitiesImpl(
      HeldIncidents incidents, SlackDirectMessages slack, PageMailer mail) {
    this.incidents = incidents;
    this.slack = slack;
    this.reach = new PersonReach(slack, mail);
  }

  @Override
  public List<OwnedIncident> openIncidentsOf(OnCallPerson person) {
    return incidents.of(person);
  }

  @Override
  public void sendHandoffNotice(HandoffNotice notice) {
    OnCallPerson to = notice.to();
    String marker = "handoff-" + PageTexts.hash(notice.key(), 24);
    String text = slackText(notice);
    List<String> via =
        reach.reach(
            "remind",
            to,
            () ->
                slack.send(
                    to.slackUserId().trim(),
                    Severity.P3,
                    marker,
                    text,
                    List.of(section(s -> s.blockId(marker).text(markdownText(text))))),
            () ->
                new PageMail(
                    to.email().strip(),
                    subject(notice),
                    mailText(notice),
                    "<" + marker + "@incident-response>"));
    log.info("Hand-off reminder {} sent to {} by {}", notice.key(), PersonReach.name(to), via);
  }

  static String subject(HandoffNotice notice) {
    Handoff handoff = notice.handoff();
    return "On-call hand-off of "
        + PageTexts.plain(handoff.rotation(), PageTexts.MAX_NAME)
        + " at "
        + AT.format(handoff.at())
        + ": "
        + (notice.incidents().isEmpty()
            ? "no open incidents"
            : notice.incidents().size() + " open incident(s)");
  }

  /** The Slack message, mrkdwn, everything from outside escaped and bounded. */
  static String slackText(HandoffNotice notice) {
    Handoff handoff = notice.handoff();
    StringBuilder text =
        new StringBuilder(":arrows_counterclockwise: *On-call hand-off of ")
            .append(line(handoff.rotation()))
            .append("* at ")
            .append(AT.format(handoff.at()))
            .append(": ")
            .append(line(direction(notice)))
            .append('\n');
    if (notice.incidents().isEmpty()) {
      text.append("No open incidents to hand over.");
    } else {
      text.append("*Open incidents ")
          .append(line(holder(notice)))
          .append(" holds (")
          .append(notice.incidents().size())
          .append("):*");
      for (OwnedIncident incident : notice.incidents()) {
        String item =
            "\n• *"
                + incident.severity()
                + "* "
                + line(incident.service())
                + ": "
                + line(incident.title())
                + " ("
                + incident.phase()
                + (incident.channelName() == null ? "" : ", #" + line(incident.channelName()))
                + "; "
                + line(String.join(", ", incident.holds()))
                + ") `"
                + line(incident.incidentId())
                + "`";
        if (text.length() + item.length() > SlackDirectMessages.MAX_SECTION_TEXT - 40) {
          text.append("\n…and more: incidentctl list");
          break;
        }
        text.append(item);
      }
    }
    return text.toString();
  }

  static String mailText(HandoffNotice notice) {
    Handoff handoff = notice.handoff();
    StringBuilder text =
        new StringBuilder("On-call hand-off of ")
            .append(PageTexts.plain(handoff.rotation(), PageTexts.MAX_NAME))
            .append(" at ")
            .append(AT.format(handoff.at()))
            .append(": ")
            .append(PageTexts.plain(direction(notice), PageTexts.MAX_NAME * 2))
            .append("\n\n");
    if (notice.incidents().isEmpty()) {
      text.append("No open incidents to hand over.\n");
    } else {
      text.append("Open incidents ")
          .append(PageTexts.plain(holder(notice), PageTexts.MAX_NAME))
          .append(" holds:\n");
      for (OwnedIncident incident : notice.incidents()) {
        text.append("- ")
            .append(incident.severity())
            .append(' ')
            .append(PageTexts.plain(incident.service(), PageTexts.MAX_NAME))
            .append(": ")
            .append(PageTexts.plain(incident.title(), 300))
            .append(" (")
            .append(incident.phase())
            .append("; ")
            .append(PageTexts.plain(String.join(", ", incident.holds()), PageTexts.MAX_NAME))
            .append(") id ")
            .append(incident.incidentId())
            .append('\n');
      }
    }
    return text.append("\nWho is on call: incidentctl oncall\n").toString();
  }

  /** "you hand over to Bob" or "you take over from Alice". */
  private static String direction(HandoffNotice notice) {
    Handoff handoff = notice.handoff();
    OnCallPerson other = notice.outgoing() ? handoff.incoming() : handoff.outgoing();
    String name = other == null ? "nobody (the rotation has no one next)" : other.displayName();
    return notice.outgoing() ? "you hand over to " + name : "you take over from " + name;
  }

  private static String holder(HandoffNotice notice) {
    OnCallPerson outgoing = notice.handoff().outgoing();
    return notice.outgoing() || outgoing == null ? "you" : outgoing.displayName();
  }

  private static String line(String value) {
    return SlackText.truncate(SlackText.line(value == null ? "" : value), PageTexts.MAX_NAME * 2);
  }
}
