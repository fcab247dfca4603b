package io.incidentresponse.activities.slack;

import static com.slack.api.model.block.Blocks.asBlocks;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.google.common.util.concurrent.RateLimiter;
import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.conversations.ConversationsCreateResponse;
import com.slack.api.methods.response.conversations.ConversationsListResponse;
import com.slack.api.model.Conversation;
import com.slack.api.model.ConversationType;
import com.slack.api.model.block.LayoutBlock;
import io.incidentresponse.workflows.activities.ApprovalRequestMessage;
import io.incidentresponse.workflows.activities.ChatActivities;
import io.incidentresponse.workflows.activities.FailureType;
import io.incidentresponse.workflows.activities.IncidentBrief;
import io.incidentresponse.workflows.activities.IncidentUpdate;
import io.incidentresponse.workflows.activities.LeadershipNotice;
import io.incidentresponse.workflows.model.ChannelRef;
import io.incidentresponse.workflows.model.MitigationAction;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * {@link ChatActivities} on Slack's Web API (bot token). The incident channel is found again on a
 * retry instead of made twice: the activity heartbeats the id of the channel it created (kept by
 * Temporal across attempts), and a channel whose name is taken is adopted when its purpose carries
 * this incident's id, else the next suffix ({@code -2}, {@code -3}...) is tried.
 */
public class SlackChatActivities implements ChatActivities {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final int MAX_SUFFIX = 20;

  /** How long a create waits for the pace inside one attempt, well within its 30 s timeout. */
  private static final Duration PACE_WAIT = Duration.ofSeconds(5);

  private final SlackSettings settings;
  private final MethodsClient slack;
  private final RateLimiter channelCreates;

  public SlackChatActivities(SlackSettings settings, Slack slack) {
    this.settings = settings;
    this.slack = slack.methods(settings.botToken());
    this.channelCreates = RateLimiter.create(settings.channelCreatesPerMinute() / 60.0);
  }

  static String marker(String incidentId) {
    return "incident-id: " + incidentId;
  }

  @Override
  public ChannelRef openIncidentChannel(IncidentBrief brief) {
    Optional<String> created = Activity.getExecutionContext().getHeartbeatDetails(String.class);
    if (created.isPresent()) {
      String[] idAndName = created.get().split(" ", 2);
      return new ChannelRef(idAndName[0], idAndName[1], null);
    }
    String base = SlackChannelNames.of(brief.channelName());
    for (int suffix = 1; suffix <= MAX_SUFFIX; suffix++) {
      String name = suffix == 1 ? base : SlackChannelNames.withSuffix(base, suffix);
      if (!channelCreates.tryAcquire(PACE_WAIT)) {
        // Retried by Temporal after the pace allows another create; Slack is not called.
        throw ApplicationFailure.newBuilder()
            .setMessage("channel creation paced at " + settings.channelCreatesPerMinute() + "/min")
            .setType(FailureType.RATE_LIMITED.type())
            .setNextRetryDelay(
                Duration.ofMillis((long) Math.ceil(60_000.0 / settings.channelCreatesPerMinute())))
            .build();
      }
      ConversationsCreateResponse response =
          SlackCalls.run(
              "conversations.create",
              () -> slack.conversationsCreate(r -> r.name(name).isPrivate(false)),
              "name_taken");
      if (response.isOk()) {
        Conversation channel = response.getChannel();
        Activity.getExecutionContext().heartbeat(channel.getId() + " " + channel.getName());
        describe(channel.getId(), brief);
        return new ChannelRef(channel.getId(), channel.getName(), null);
      }
      Optional<Conversation> existing = findByName(name);
      if (existing.isPresent()
          && existing.get().getPurpose() != null
          && existing.get().getPurpose().getValue() != null
          && existing.get().getPurpose().getValue().contains(marker(brief.incidentId()))) {
        return new ChannelRef(existing.get().getId(), existing.get().getName(), null);
      }
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "no free channel name for " + base + " up to -" + MAX_SUFFIX,
        FailureType.BAD_REQUEST.type());
  }

  private void describe(String channelId, IncidentBrief brief) {
    String purpose =
        brief.severity() + " incident: " + brief.title() + " (" + marker(brief.incidentId()) + ")";
    SlackCalls.run(
        "conversations.setPurpose",
        () ->
            slack.conversationsSetPurpose(
                r -> r.channel(channelId).purpose(truncate(purpose, 250))));
    String topic =
        brief.severity()
            + " | "
            + brief.service()
            + " | commander: "
            + (brief.commander() == null ? "unassigned" : brief.commander());
    SlackCalls.run(
        "conversations.setTopic",
        () -> slack.conversationsSetTopic(r -> r.channel(channelId).topic(truncate(topic, 250))));
    if (!settings.responders().isEmpty()) {
      SlackCalls.run(
          "conversations.invite",
          () -> slack.conversationsInvite(r -> r.channel(channelId).users(settings.responders())),
          "already_in_channel");
    }
  }

  private Optional<Conversation> findByName(String name) {
    String cursor = null;
    do {
      String page = cursor;
      ConversationsListResponse list =
          SlackCalls.run(
              "conversations.list",
              () ->
                  slack.conversationsList(
                      r ->
                          r.types(List.of(ConversationType.PUBLIC_CHANNEL))
                              .limit(1000)
                              .cursor(page)));
      for (Conversation channel : list.getChannels()) {
        if (name.equals(channel.getName())) {
          return Optional.of(channel);
        }
      }
      cursor =
          list.getResponseMetadata() == null ? null : list.getResponseMetadata().getNextCursor();
    } while (cursor != null && !cursor.isBlank());
    return Optional.empty();
  }

  @Override
  public void postInitialStatus(IncidentBrief brief) {
    String where =
        brief.channelId() == null ? "#" + brief.channelName() : "<#" + brief.channelId() + ">";
    String text =
        ":rotating_light: *"
            + brief.severity()
            + " incident* on *"
            + SlackText.escape(brief.service())
            + "*: "
            + SlackText.escape(brief.title())
            + "\nImpact: "
            + brief.impact()
            + " · Join "
            + where;
    post(settings.alertsChannel(), text, null);
  }

  @Override
  public void notifyLeadership(LeadershipNotice notice) {
    boolean channel =
        settings.leadershipChannel() != null && !settings.leadershipChannel().isBlank();
    if (!channel && settings.leadershipUsers().isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Slack leadership channel or users are not configured",
          FailureType.NOT_CONFIGURED.type());
    }
    IncidentBrief brief = notice.brief();
    String text =
        "*"
            + brief.severity()
            + " incident "
            + notice.kind()
            + "*: "
            + SlackText.escape(brief.title())
            + " ("
            + SlackText.escape(brief.service())
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
    String stamp = TIME.format(java.time.Instant.now());
    List<LayoutBlock> blocks =
        asBlocks(
            header(h -> h.text(plainText("Incident Update - " + stamp))),
            section(
                s ->
                    s.text(
                        markdownText(
                            "*Status:* "
                                + update.status()
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
                                    : TIME.format(update.nextUpdateAt()))))));
    post(channel(brief), "Incident update: " + update.status(), blocks);
  }

  @Override
  public void requestApproval(ApprovalRequestMessage request) {
    IncidentBrief brief = request.brief();
    MitigationAction action = request.action();
    String link =
        settings.temporalUiUrl()
            + "/namespaces/"
            + settings.namespace()
            + "/workflows/"
            + brief.incidentId();
    String text =
        ":raised_hand: *Approval needed* for `"
            + action.id()
            + "`: "
            + SlackText.escape(action.proposal().describe())
            + " ("
            + action.risk()
            + " risk)\n"
            + SlackText.escape(action.proposal().rationale())
            + "\nIn the Temporal UI (<"
            + link
            + "|workflow>) send the signal `"
            + request.signalName()
            + "` with:\n```"
            + request.signalJson()
            + "```\nor `reject` with:\n```"
            + request.rejectJson()
            + "```";
    post(channel(brief), text, null);
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

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
