package io.incidentresponse.activities.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.asBlocks;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.asElements;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.block.LayoutBlock;
import io.incidentresponse.activities.grafana.GrafanaLinks;
import io.incidentresponse.workflows.communication.ApprovalRequestMessage;
import io.incidentresponse.workflows.communication.ChannelRef;
import io.incidentresponse.workflows.communication.ChatActivities;
import io.incidentresponse.workflows.communication.ContactsMessage;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.communication.IncidentUpdate;
import io.incidentresponse.workflows.communication.LeadershipNotice;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.oncall.EmergencyContact;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ChatActivities} on Slack's Web API (bot token). The incident channel is opened by the
 * worker-wide {@link IncidentChannelOpener}: paced, most severe incident first, once per incident.
 * Every call is bounded by {@link SlackCalls#CALL_TIMEOUT}; text from alerts goes through {@link
 * SlackText} wherever it is sent.
 */
public class SlackChatActivities implements ChatActivities {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final SlackSettings settings;
  private final MethodsClient slack;
  private final IncidentChannelOpener channels;
  private final GrafanaLinks dashboards;

  public SlackChatActivities(SlackSettings settings, Slack slack) {
    this(settings, slack, GrafanaLinks.none());
  }

  /** With {@code dashboards}: the initial post and every update link the incident's dashboard. */
  public SlackChatActivities(SlackSettings settings, Slack slack, GrafanaLinks dashboards) {
    this.settings = settings;
    this.slack = SlackCalls.bounded(slack).methods(settings.botToken());
    this.channels = new IncidentChannelOpener(settings, this.slack);
    this.dashboards = dashboards == null ? GrafanaLinks.none() : dashboards;
  }

  /** {@code "\n:chart_with_upwards_trend: <link|Dashboard>"}, or nothing when none applies. */
  private String dashboardLine(IncidentBrief brief) {
    String url =
        dashboards.live(brief.incidentId(), brief.service(), brief.namespace(), brief.detectedAt());
    return url == null
        ? ""
        : "\n:chart_with_upwards_trend: "
            + SlackText.link(url, "Dashboard (impact since detection)");
  }

  /** The worker-wide opener, whose pacers tests watch. */
  IncidentChannelOpener channels() {
    return channels;
  }

  @Override
  public ChannelRef openIncidentChannel(IncidentBrief brief) {
    return channels.open(brief);
  }

  @Override
  public void postInitialStatus(IncidentBrief brief) {
    if (brief.confidential()) {
      // The alerts channel is read widely: it hears that responders are on it, not what or where.
      post(
          settings.alertsChannel(),
          ":lock: A *"
              + brief.severity()
              + "* security incident is being handled privately. Responders have been paged.",
          null);
      return;
    }
    String where =
        brief.channelId() == null
            ? "#" + SlackText.line(brief.channelName())
            : "<#" + SlackText.line(brief.channelId()) + ">";
    String text =
        ":rotating_light: *"
            + brief.severity()
            + " incident* on *"
            + SlackText.line(brief.service())
            + "*: "
            + SlackText.line(brief.title())
            + "\nImpact: "
            + brief.impact()
            + " · Join "
            + where
            + dashboardLine(brief);
    post(settings.alertsChannel(), text, null);
  }

  @Override
  public void notifyLeadership(LeadershipNotice notice) {
    // A security incident is told to the leaders by direct message only, never in the channel.
    boolean channel =
        !notice.brief().confidential()
            && settings.leadershipChannel() != null
            && !settings.leadershipChannel().isBlank();
    if (notice.brief().confidential() && settings.leadershipUsers().isEmpty()) {
      throw ExpectedFailures.notConfigured(
          "a security incident tells leadership by direct message only, and"
              + " incident.slack.leadership-users is not configured");
    }
    if (!channel && settings.leadershipUsers().isEmpty()) {
      throw ExpectedFailures.notConfigured(
          "Slack leadership channel or users are not configured"
              + " (incident.slack.leadership-channel, incident.slack.leadership-users)");
    }
    IncidentBrief brief = notice.brief();
    String text =
        "*"
            + brief.severity()
            + " incident "
            + SlackText.line(notice.kind())
            + "*: "
            + SlackText.line(brief.title())
            + " ("
            + SlackText.line(brief.service())
            + ")\n"
            + SlackText.escape(notice.reason());
    if (channel) {
      post(settings.leadershipChannel(), text, null);
    }
    for (String user : settings.leadershipUsers()) {
      post(user, text, null); // a user id as channel: a direct message from the bot
    }
  }

  @Override
  public void postUpdate(IncidentUpdate update) {
    IncidentBrief brief = update.brief();
    String stamp = TIME.format(Instant.now());
    List<LayoutBlock> blocks =
        asBlocks(
            header(h -> h.text(plainText("Incident Update - " + stamp))),
            section(
                s ->
                    s.text(
                        markdownText(
                            withoutChannel(brief)
                                + "*Status:* "
                                + SlackText.line(update.status())
                                + "\n*Impact:* "
                                + SlackText.escape(update.impact())
                                + "\n*Actions Taken:*\n"
                                + bullets(update.actionsTaken())
                                + "\n*Next Steps:*\n"
                                + bullets(update.nextSteps())
                                + "\n*ETA:* "
                                + SlackText.escape(update.eta())
                                + "\n*Next update:* "
                                + (update.nextUpdateAt() == null
                                    ? "none (resolved)"
                                    : TIME.format(update.nextUpdateAt()))
                                + (brief.confidential() ? "" : dashboardLine(brief))))));
    post(channelOrAlerts(brief), "Incident update: " + SlackText.line(update.status()), blocks);
  }

  @Override
  public void postContacts(ContactsMessage message) {
    StringBuilder text =
        new StringBuilder(":telephone_receiver: *Emergency contacts* (")
            .append(SlackText.line(message.reason()))
            .append(")");
    for (EmergencyContact contact : message.contacts()) {
      text.append("\n• *").append(SlackText.line(contact.name())).append('*');
      if (contact.person() != null) {
        text.append(" (").append(SlackText.line(contact.person().displayName())).append(')');
      }
      for (String way : contact.reach()) {
        text.append("\n    ").append(SlackText.line(way));
      }
    }
    post(channel(message.brief()), text.toString(), null);
  }

  @Override
  public void requestApproval(ApprovalRequestMessage request) {
    IncidentBrief brief = request.brief();
    MitigationAction action = request.action();
    String link = incidentPage(brief.incidentId());
    String text =
        withoutChannel(brief)
            + ":raised_hand: *Approval needed* for `"
            + SlackText.line(action.id())
            + "`: "
            + SlackText.escape(action.proposal().describe())
            + " ("
            + action.risk()
            + " risk)\n"
            + SlackText.escape(action.proposal().rationale())
            + outsideSlack(brief.incidentId(), action.id())
            + "\nIn the Temporal UI (<"
            + link
            + "|workflow>) send the signal `"
            + SlackText.inCode(request.signalName())
            + "` with:\n```"
            + SlackText.inCode(request.signalJson())
            + "```\nor `reject` with:\n```"
            + SlackText.inCode(request.rejectJson())
            + "```";
    post(channelOrAlerts(brief), text, approvalBlocks(text, brief.incidentId(), action.id()));
  }

  /**
   * How to decide without Slack's buttons, as the one who decides (their credential names them):
   * the CLI's {@code approve} and {@code reject}, and the REST paths behind them.
   */
  private static String outsideSlack(String incidentId, String actionId) {
    String incident = SlackText.inCode(incidentId);
    String id = SlackText.inCode(actionId);
    String path = "/api/incidents/" + SlackText.inCode(incidentId);
    return "\nOutside Slack: `incidentctl approve "
        + incident
        + " "
        + id
        + "` or `incidentctl reject "
        + incident
        + " "
        + id
        + " --reason \"...\"`; REST: `POST "
        + path
        + "/approvals` with `{\"actionId\":\""
        + id
        + "\"}` or `POST "
        + path
        + "/signals/reject` with `{\"actionId\":\""
        + id
        + "\",\"reason\":\"...\"}`";
  }

  /**
   * The incident's page in the Temporal Web UI. Called from the incident's own workflow, it opens
   * the run's User Metadata tab, where UI 2.54 shows the summary, the signals and the current
   * details with the JSON to send (its default tab shows none of them; a tab needs the run id).
   */
  private String incidentPage(String incidentId) {
    String page =
        settings.temporalUiUrl()
            + "/namespaces/"
            + settings.namespace()
            + "/workflows/"
            + URLEncoder.encode(incidentId, StandardCharsets.UTF_8);
    ActivityInfo caller = Activity.getExecutionContext().getInfo();
    return caller.getWorkflowId().equals(incidentId)
        ? page
            + "/"
            + URLEncoder.encode(caller.getRunId(), StandardCharsets.UTF_8)
            + "/user-metadata"
        : page;
  }

  /**
   * The request as a section with Approve and Reject buttons under it; the text stays the
   * notification's fallback. Without buttons (the section alone) when the ids would not fit a
   * button's value: the Temporal UI way in the text still works.
   */
  private static List<LayoutBlock> approvalBlocks(String text, String incidentId, String actionId) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(
        section(
            s -> s.text(markdownText(SlackText.truncate(text, ApprovalButtons.MAX_SECTION_TEXT)))));
    ApprovalButtons.value(incidentId, actionId)
        .ifPresent(
            value ->
                blocks.add(
                    actions(
                        a ->
                            a.blockId(ApprovalButtons.BLOCK_ID)
                                .elements(
                                    asElements(
                                        button(
                                            b ->
                                                b.actionId(ApprovalButtons.APPROVE)
                                                    .text(plainText("Approve"))
                                                    .style("primary")
                                                    .value(value)),
                                        button(
                                            b ->
                                                b.actionId(ApprovalButtons.REJECT)
                                                    .text(plainText("Reject"))
                                                    .style("danger")
                                                    .value(value)))))));
    return blocks;
  }

  @Override
  public boolean archiveIncidentChannel(IncidentBrief brief) {
    if (!settings.archiveAfterClose()) {
      return false;
    }
    String channel = channel(brief);
    SlackCalls.run(
        "conversations.archive",
        () -> slack.conversationsArchive(r -> r.channel(channel)),
        "already_archived");
    return true;
  }

  /**
   * The incident channel; the alerts channel when the incident has none (Slack refused to create
   * it): an update or an approval request must still reach people.
   */
  private String channelOrAlerts(IncidentBrief brief) {
    if (brief.channelId() == null && brief.confidential()) {
      // Never the widely read alerts channel for a security incident.
      return channel(brief);
    }
    return brief.channelId() != null ? brief.channelId() : settings.alertsChannel();
  }

  /** A first line naming the incident, for a message that goes to the alerts channel instead. */
  private static String withoutChannel(IncidentBrief brief) {
    return brief.channelId() != null
        ? ""
        : ":warning: _No incident channel; posted here for_ *"
            + SlackText.line(brief.title())
            + "* ("
            + SlackText.line(brief.service())
            + ", "
            + SlackText.line(brief.incidentId())
            + ")\n";
  }

  private String channel(IncidentBrief brief) {
    if (brief.channelId() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the incident has no Slack channel", FailureType.NOT_FOUND.type());
    }
    return brief.channelId();
  }

  private void post(String channel, String text, List<LayoutBlock> blocks) {
    SlackCalls.run(
        "chat.postMessage",
        () ->
            slack.chatPostMessage(
                r -> {
                  r.channel(channel).text(text).mrkdwn(true).unfurlLinks(false);
                  return blocks == null ? r : r.blocks(blocks);
                }));
  }

  private static String bullets(List<String> lines) {
    if (lines == null || lines.isEmpty()) {
      return "• none";
    }
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append(out.isEmpty() ? "" : "\n").append("• ").append(SlackText.escape(line));
    }
    return out.toString();
  }
}
