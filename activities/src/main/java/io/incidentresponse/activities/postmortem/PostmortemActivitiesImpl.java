package io.incidentresponse.activities.postmortem;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import io.incidentresponse.activities.grafana.GrafanaLinks;
import io.incidentresponse.activities.slack.SlackCalls;
import io.incidentresponse.activities.slack.SlackSettings;
import io.incidentresponse.activities.slack.SlackText;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.postmortem.PostmortemActivities;
import io.incidentresponse.workflows.postmortem.PostmortemDocument;
import io.incidentresponse.workflows.postmortem.PostmortemInput;
import io.incidentresponse.workflows.postmortem.PostmortemStatus;
import io.incidentresponse.workflows.postmortem.ReviewInvitation;
import io.incidentresponse.workflows.postmortem.ReviewReminder;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PostmortemActivities}: renders the blameless postmortem ({@link PostmortemRenderer}),
 * publishes it ({@link PostmortemPublisher}) and talks about it on Slack: the link in the incident
 * channel, the review invitation as an .ics file, reminders and the escalation to the team lead.
 *
 * <p>Retries: a re-draft of an unchanged document posts nothing. A draft attempt that changed the
 * document records that in its heartbeat details before it announces it, so a retry that finds the
 * document unchanged still announces it once. A reminder attempt records that its channel post went
 * out, so the retry of a failed direct message to the team lead does not post in the channel again.
 * Beyond that, posts are at least once, as every Slack post here: an attempt that dies after Slack
 * took its post (the answer lost, the worker gone) posts it again on retry, and a retried review
 * invitation is uploaded again (its calendar UID keeps it one event in people's calendars). When
 * the incident channel is gone (archived at closure, which races the first draft) the post goes to
 * the alerts channel instead.
 */
public class PostmortemActivitiesImpl implements PostmortemActivities {
  private static final Logger log = LoggerFactory.getLogger(PostmortemActivitiesImpl.class);
  private static final String DRAFTED = "drafted";
  private static final String UPDATED = "updated";
  private static final String CHANNEL_POSTED = "channel-posted";

  private final PostmortemDocumentSettings documentSettings;
  private final PostmortemPublisher publisher;
  private final SlackSettings slackSettings;
  private final MethodsClient slack;
  private final Clock clock;
  private final GrafanaLinks dashboards;

  public PostmortemActivitiesImpl(
      PostmortemDocumentSettings documentSettings,
      PostmortemPublishingSettings publishingSettings,
      SlackSettings slackSettings,
      Slack slackClient,
      Clock clock) {
    this(documentSettings, publishingSettings, slackSettings, slackClient, clock, null);
  }

  /** With {@code dashboards}: drafts link the incident's dashboard over its time range. */
  public PostmortemActivitiesImpl(
      PostmortemDocumentSettings documentSettings,
      PostmortemPublishingSettings publishingSettings,
      SlackSettings slackSettings,
      Slack slackClient,
      Clock clock,
      GrafanaLinks dashboards) {
    this.dashboards = dashboards == null ? GrafanaLinks.none() : dashboards;
    this.documentSettings =
        documentSettings == null ? PostmortemDocumentSettings.defaults() : documentSettings;
    this.clock = clock;
    this.publisher =
        new PostmortemPublisher(
            publishingSettings == null
                ? PostmortemPublishingSettings.directoryOnly(null)
                : publishingSettings,
            clock);
    this.slackSettings = slackSettings;
    this.slack =
        slackSettings != null && slackSettings.configured() && slackClient != null
            ? slackClient.methods(slackSettings.botToken())
            : null;
  }

  // -------------------------------------------------------------------- draft

  @Override
  public PostmortemDocument draftPostmortem(PostmortemInput input) {
    IncidentState incident = input == null ? null : input.incident();
    if (incident == null || incident.incidentId == null || incident.incidentId.isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "draftPostmortem needs the incident's state with its id", FailureType.BAD_REQUEST.type());
    }
    PostmortemRenderer renderer =
        new PostmortemRenderer(
            documentSettings.zoneOr(input.settings().zone()), documentSettings, dashboards);
    String markdown = renderer.render(input);
    String fileName =
        PostmortemPublisher.fileName(incident.incidentId, detectedAt(incident), renderer.zone());
    PostmortemPublisher.Publication publication =
        publisher.publish(
            fileName,
            markdown,
            "Postmortem draft for " + incident.incidentId + ": " + oneLine(incident.title));
    announce(input, publication, renderer.zone());
    return publication.document();
  }

  private void announce(
      PostmortemInput input, PostmortemPublisher.Publication publication, ZoneId zone) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    String kind = publication.created() ? DRAFTED : publication.changed() ? UPDATED : null;
    if (kind == null) {
      // Unchanged now, but an earlier attempt may have changed it and failed to say so.
      kind = context.getHeartbeatDetails(String.class).orElse(null);
    }
    IncidentState incident = input.incident();
    if (kind == null
        || slack == null
        || incident.channel == null
        || incident.channel.id() == null) {
      return;
    }
    context.heartbeat(kind);
    PostmortemDocument document = publication.document();
    String link = link(document.link(), document.location(), "postmortem draft");
    String text;
    if (DRAFTED.equals(kind)) {
      text =
          ":memo: *Postmortem draft* for "
              + SlackText.escape(incident.title)
              + ": "
              + link
              + "\nFill in the parts marked "
              + PostmortemRenderer.TO_COMPLETE
              + " and propose action items"
              + (input.reviewDueAt() == null
                  ? "."
                  : " before the review (due " + time(input.reviewDueAt(), zone) + ").");
    } else {
      text =
          ":memo: *Postmortem updated* for "
              + SlackText.escape(incident.title)
              + ": "
              + link
              + (document.revision() == null
                  ? ""
                  : " (revision `" + document.revision().substring(0, 7) + "`)");
    }
    try {
      postOrFallBack(incident.channel.id(), text);
    } catch (ApplicationFailure e) {
      if (e.isNonRetryable()) {
        // The document is published and is what the workflow needs; a Slack setup problem is
        // logged here and shows in every other Slack activity, not as a failed draft.
        log.warn(
            "postmortem for {} published at {} but not announced: {}",
            incident.incidentId,
            document.location(),
            e.getOriginalMessage());
        return;
      }
      throw e;
    }
  }

  // -------------------------------------------------------------------- review invitation

  @Override
  public void scheduleReview(ReviewInvitation invitation) {
    MethodsClient client = requireSlack("review invitation");
    if (invitation == null || invitation.incidentId() == null || invitation.startsAt() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "scheduleReview needs the incident id and the start time",
          FailureType.BAD_REQUEST.type());
    }
    byte[] ics =
        ReviewCalendar.invitation(invitation, clock.instant()).getBytes(StandardCharsets.UTF_8);
    String fileName =
        "postmortem-review-" + PostmortemPublisher.safeName(invitation.incidentId()) + ".ics";
    String title = "Postmortem review: " + oneLine(invitation.title());
    String comment = invitationText(invitation);
    String channel = channelOrAlerts(invitation.channelId());
    try {
      upload(client, channel, ics, fileName, title, comment);
    } catch (ApplicationFailure e) {
      if (!fallsBack(e, channel)) {
        throw e;
      }
      upload(client, slackSettings.alertsChannel(), ics, fileName, title, comment);
    }
  }

  private static void upload(
      MethodsClient client,
      String channel,
      byte[] ics,
      String fileName,
      String title,
      String comment) {
    SlackCalls.run(
        "files.uploadV2",
        () ->
            client.filesUploadV2(
                r ->
                    r.channel(channel)
                        .fileData(ics)
                        .filename(fileName)
                        .title(title)
                        .initialComment(comment)));
  }

  private String invitationText(ReviewInvitation invitation) {
    ZoneId zone = documentSettings.zoneOr(null);
    DateTimeFormatter day =
        DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ROOT).withZone(zone);
    DateTimeFormatter hour = DateTimeFormatter.ofPattern("HH:mm z", Locale.ROOT).withZone(zone);
    Instant end = invitation.endsAt() == null ? invitation.startsAt() : invitation.endsAt();
    List<String> invited = new ArrayList<>();
    if (invitation.attendees() != null) {
      for (String attendee : invitation.attendees()) {
        if (attendee != null && !attendee.isBlank()) {
          invited.add(SlackText.mention(attendee));
        }
      }
    }
    return ":spiral_calendar_pad: *Postmortem review*: "
        + SlackText.escape(invitation.title())
        + "\n*When:* "
        + day.format(invitation.startsAt())
        + "–"
        + hour.format(end)
        + "\n*Facilitator:* "
        + SlackText.mention(invitation.facilitator())
        + "\n*Invited:* "
        + (invited.isEmpty() ? "everyone in this channel" : String.join(", ", invited))
        + "\n*Draft:* "
        + link(invitation.documentLocation(), invitation.documentLocation(), "postmortem draft")
        + "\nOpen the attached invitation to add it to your calendar; a new time comes as an"
        + " update of the same event.";
  }

  // -------------------------------------------------------------------- reminders

  @Override
  public void remindReview(ReviewReminder reminder) {
    requireSlack(
        reminder != null && reminder.escalation() ? "review escalation" : "review reminder");
    if (reminder == null || reminder.incidentId() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "remindReview needs the incident id", FailureType.BAD_REQUEST.type());
    }
    ActivityExecutionContext context = Activity.getExecutionContext();
    boolean posted =
        context.getHeartbeatDetails(String.class).map(CHANNEL_POSTED::equals).orElse(false);
    if (!posted) {
      postOrFallBack(channelOrAlerts(reminder.channelId()), reminderText(reminder));
      context.heartbeat(CHANNEL_POSTED);
    }
    if (reminder.escalation() && SlackText.isUserId(reminder.recipient())) {
      // A user id as the channel: the bot's direct message to that person.
      post(reminder.recipient().trim(), escalationText(reminder));
    } else if (reminder.escalation()) {
      log.warn(
          "overdue postmortem review for {}: no Slack user id for the team lead ({}), posted in"
              + " the channel only",
          reminder.incidentId(),
          reminder.recipient());
    }
  }

  /**
   * Before review scheduling existed: the overdue notice as an escalation in the alerts channel.
   */
  @Override
  public void remindOverdueReview(PostmortemStatus status) {
    PostmortemDocument document = status.document();
    remindReview(
        new ReviewReminder(
            status.incidentId(),
            status.incidentId(),
            null,
            status.reviewDueAt(),
            status.reviewHeldAt() != null,
            List.of("the review has not been held"),
            null,
            0,
            true,
            document == null
                ? null
                : document.link() != null ? document.link() : document.location(),
            null));
  }

  private String reminderText(ReviewReminder reminder) {
    if (reminder.followUp() != null) {
      return followUpText(reminder);
    }
    ZoneId zone = documentSettings.zoneOr(null);
    StringBuilder text = new StringBuilder();
    if (reminder.escalation()) {
      text.append(":rotating_light: *Postmortem review overdue* for ");
    } else {
      text.append(":alarm_clock: *Postmortem reminder");
      if (reminder.sequence() > 0) {
        text.append(" #").append(reminder.sequence());
      }
      text.append("* for ");
    }
    text.append(SlackText.escape(reminder.title()))
        .append(" (`")
        .append(reminder.incidentId().replace("`", "'"))
        .append("`)\n");
    if (reminder.reviewHeld()) {
      text.append("The review was held; still missing:\n");
    } else if (reminder.reviewDueAt() != null) {
      text.append(reminder.escalation() ? "The review was due " : "The review is due ")
          .append(time(reminder.reviewDueAt(), zone))
          .append(". Still missing:\n");
    } else {
      text.append("Still missing:\n");
    }
    text.append(bullets(reminder.missing()));
    text.append("\n*Draft:* ")
        .append(link(reminder.documentLocation(), reminder.documentLocation(), "postmortem draft"));
    if (reminder.escalation()) {
      text.append("\nEscalated to ")
          .append(SlackText.mention(reminder.recipient()))
          .append(" (team lead).");
    } else if (reminder.recipient() != null && !reminder.recipient().isBlank()) {
      text.append("\n")
          .append(SlackText.mention(reminder.recipient()))
          .append(", please follow up.");
    }
    return text.toString();
  }

  /** After the review: items due soon (to their owner) or overdue (to the team lead). */
  private String followUpText(ReviewReminder reminder) {
    boolean overdue = reminder.followUp() == ReviewReminder.FollowUp.OVERDUE;
    return (overdue
            ? ":rotating_light: *Action items overdue* for "
            : ":alarm_clock: *Action items due soon* for ")
        + SlackText.escape(reminder.title())
        + " (`"
        + reminder.incidentId().replace("`", "'")
        + "`)\n"
        + bullets(reminder.missing())
        + "\n*Postmortem:* "
        + link(reminder.documentLocation(), reminder.documentLocation(), "postmortem")
        + "\n"
        + SlackText.mention(reminder.recipient())
        + (overdue
            ? " (team lead): please follow up with the owners, or drop an item with a reason."
            : ": mark the item done when it is, or move its due date.");
  }

  private String escalationText(ReviewReminder reminder) {
    if (reminder.followUp() != null) {
      return followUpText(reminder);
    }
    ZoneId zone = documentSettings.zoneOr(null);
    return ":rotating_light: The postmortem review of *"
        + SlackText.escape(reminder.title())
        + "* (`"
        + reminder.incidentId().replace("`", "'")
        + "`) is overdue"
        + (reminder.reviewDueAt() == null ? "" : " since " + time(reminder.reviewDueAt(), zone))
        + ".\nStill missing:\n"
        + bullets(reminder.missing())
        + "\n*Draft:* "
        + link(reminder.documentLocation(), reminder.documentLocation(), "postmortem draft")
        + (reminder.channelId() == null ? "" : "\nDetails in <#" + reminder.channelId() + ">.");
  }

  // -------------------------------------------------------------------- Slack plumbing

  private MethodsClient requireSlack(String what) {
    if (slack == null) {
      throw ExpectedFailures.notConfigured(
          "postmortem " + what + " needs Slack, which is not configured (SLACK_BOT_TOKEN)");
    }
    return slack;
  }

  private String channelOrAlerts(String channel) {
    return channel == null || channel.isBlank() ? slackSettings.alertsChannel() : channel;
  }

  /** The incident channel may be archived by now: the alerts channel hears it instead. */
  private boolean fallsBack(ApplicationFailure e, String channel) {
    return FailureType.NOT_FOUND.type().equals(e.getType())
        && !channel.equals(slackSettings.alertsChannel());
  }

  private void postOrFallBack(String channel, String text) {
    try {
      post(channel, text);
    } catch (ApplicationFailure e) {
      if (!fallsBack(e, channel)) {
        throw e;
      }
      post(slackSettings.alertsChannel(), text);
    }
  }

  private void post(String channel, String text) {
    SlackCalls.run(
        "chat.postMessage",
        () ->
            slack.chatPostMessage(
                r -> r.channel(channel).text(text).mrkdwn(true).unfurlLinks(false)));
  }

  /** {@code <url|text>} for a web link, else the location as code. */
  private static String link(String url, String location, String text) {
    if (ReviewCalendar.isWebLink(url)) {
      return "<" + url.replace(">", "%3E").replace("|", "%7C") + "|" + SlackText.escape(text) + ">";
    }
    if (ReviewCalendar.isWebLink(location)) {
      return "<"
          + location.replace(">", "%3E").replace("|", "%7C")
          + "|"
          + SlackText.escape(text)
          + ">";
    }
    return location == null ? "(not published)" : "`" + location.replace("`", "'") + "`";
  }

  private static String bullets(List<String> lines) {
    if (lines == null || lines.isEmpty()) {
      return "• nothing listed";
    }
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append(out.isEmpty() ? "" : "\n").append("• ").append(SlackText.escape(line));
    }
    return out.toString();
  }

  private static String time(Instant at, ZoneId zone) {
    ZoneId shown = zone.equals(java.time.ZoneOffset.UTC) ? ZoneId.of("UTC") : zone;
    return DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm z", Locale.ROOT)
        .withZone(shown)
        .format(at);
  }

  private static Instant detectedAt(IncidentState incident) {
    return Optional.ofNullable(incident.detectedAt)
        .or(() -> Optional.ofNullable(incident.firstAlertAt))
        .orElse(incident.resolvedAt);
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
