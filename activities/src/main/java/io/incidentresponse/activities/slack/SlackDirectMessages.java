package io.incidentresponse.activities.slack;

import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.model.Message;
import com.slack.api.model.block.LayoutBlock;
import io.incidentresponse.workflows.incident.Severity;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Direct messages from the bot to one person, sent once per marker: a message carries a marker as
 * the id of one of its blocks, and before sending, the bot's recent messages in the conversation
 * ({@code conversations.history}) are searched for it, so a retried attempt whose first message
 * went out (the answer lost, the worker gone) finds it instead of sending another. Bot scopes:
 * {@code im:write} ({@code conversations.open}), {@code chat:write}, {@code im:history}.
 *
 * <p>Every call goes through a worker-wide {@link SlackPacer} per method, most severe incident
 * first; a 429 pauses the method and the call waits for its slot inside the attempt, heartbeating
 * (see {@link IncidentChannelOpener}). Failures are classified by {@link SlackCalls}: {@code
 * user_not_found} is a non-retryable NOT_FOUND, {@code missing_scope} INVALID_CREDENTIALS. Must be
 * called from an activity.
 */
public final class SlackDirectMessages {
  static final String OPEN = "conversations.open";
  static final String HISTORY = "conversations.history";
  static final String POST = "chat.postMessage";
  static final String UPDATE = "chat.update";

  /** Tier 3 methods allow about 50 calls a minute; chat.postMessage about one a second. */
  private static final Map<String, Integer> PER_MINUTE =
      Map.of(OPEN, 50, HISTORY, 50, POST, 60, UPDATE, 50);

  /** Slack refuses a section whose text is longer. */
  public static final int MAX_SECTION_TEXT = 3000;

  /** How many of the latest messages are searched for a marker. */
  static final int SEARCHED = 100;

  /** Kept free after a slot for the calls that follow it. */
  private static final Duration RESERVE = Duration.ofSeconds(5);

  /** A message in a direct conversation: where it is, to update it. */
  public record Sent(String channelId, String ts, boolean now) {}

  private final MethodsClient slack;
  private final Map<String, SlackPacer> pacers = new ConcurrentHashMap<>();

  public SlackDirectMessages(SlackSettings settings, Slack slack) {
    this.slack = SlackCalls.bounded(slack).methods(settings.botToken());
  }

  /** The worker-wide pace of {@code method}. */
  SlackPacer pacer(String method) {
    return pacers.computeIfAbsent(method, m -> new SlackPacer(m, PER_MINUTE.getOrDefault(m, 50)));
  }

  /**
   * Sends {@code text} and {@code blocks} to {@code userId} unless a message of the bot carrying
   * {@code marker} (a block id in {@code blocks}) is there already.
   */
  public Sent send(
      String userId, Severity severity, String marker, String text, List<LayoutBlock> blocks) {
    Calls calls = new Calls(severity);
    String channel = calls.open(userId);
    List<Message> earlier = calls.marked(channel, marker, true);
    if (!earlier.isEmpty()) {
      return new Sent(channel, earlier.get(0).getTs(), false);
    }
    String ts =
        calls
            .paced(
                POST,
                () ->
                    slack.chatPostMessage(
                        r ->
                            r.channel(channel)
                                .text(text)
                                .blocks(blocks)
                                .mrkdwn(true)
                                .unfurlLinks(false)))
            .getTs();
    return new Sent(channel, ts, true);
  }

  /**
   * Replaces every message of the bot to {@code userId} that carries a block id starting with
   * {@code markerPrefix} with {@code text} (mrkdwn, cut to what a section takes) in one section
   * that keeps the message's marker, so a later update finds it again; answers how many. Safe to
   * repeat.
   */
  public int update(String userId, Severity severity, String markerPrefix, String text) {
    Calls calls = new Calls(severity);
    String channel = calls.open(userId);
    List<Message> marked = calls.marked(channel, markerPrefix, false);
    String section = SlackText.truncate(text, MAX_SECTION_TEXT);
    for (Message message : marked) {
      String marker = marker(message, markerPrefix);
      List<LayoutBlock> blocks =
          List.of(section(s -> s.blockId(marker).text(markdownText(section))));
      calls.paced(
          UPDATE,
          () ->
              slack.chatUpdate(
                  r -> r.channel(channel).ts(message.getTs()).text(section).blocks(blocks)));
    }
    return marked.size();
  }

  /** The calls of one activity attempt: its pace window and heartbeat. */
  private final class Calls {
    private final Severity severity;
    private final ActivityExecutionContext context;
    private final PaceWindow window;
    private final long askedAt;

    Calls(Severity severity) {
      this.severity = severity;
      this.context = Activity.getExecutionContext();
      this.window = PaceWindow.of(context.getInfo(), RESERVE);
      this.askedAt = context.getInfo().getScheduledTimestamp();
    }

    String open(String userId) {
      return paced(OPEN, () -> slack.conversationsOpen(r -> r.users(List.of(userId))))
          .getChannel()
          .getId();
    }

    /** The bot's messages among the latest whose blocks carry {@code marker} (or its prefix). */
    List<Message> marked(String channel, String marker, boolean exact) {
      ConversationsHistoryResponse history =
          paced(HISTORY, () -> slack.conversationsHistory(r -> r.channel(channel).limit(SEARCHED)));
      List<Message> found = new ArrayList<>();
      for (Message message :
          history.getMessages() == null ? List.<Message>of() : history.getMessages()) {
        if (message.getBotId() != null && carries(message, marker, exact)) {
          found.add(message);
        }
      }
      return found;
    }

    <T extends com.slack.api.methods.SlackApiTextResponse> T paced(
        String method, SlackCalls.Call<T> call) {
      return pacer(method).call(severity, askedAt, window, () -> context.heartbeat(null), call);
    }
  }

  private static boolean carries(Message message, String marker, boolean exact) {
    String found = marker(message, marker);
    return found != null && (!exact || found.equals(marker));
  }

  /** The first block id of {@code message} that starts with {@code prefix}, or null. */
  private static String marker(Message message, String prefix) {
    if (message.getBlocks() == null) {
      return null;
    }
    for (LayoutBlock block : message.getBlocks()) {
      String id = block.getBlockId();
      if (id != null && id.startsWith(prefix)) {
        return id;
      }
    }
    return null;
  }
}
