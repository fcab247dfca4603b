package io.incidentresponse.activities.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.conversations.ConversationsCreateResponse;
import com.slack.api.methods.response.conversations.ConversationsListResponse;
import com.slack.api.model.Conversation;
import com.slack.api.model.ConversationType;
import io.incidentresponse.workflows.communication.ChannelRef;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an incident's Slack channel exactly once, whatever happens to the attempts, for every
 * activity of this worker.
 *
 * <p>Pace: the methods it calls ({@code conversations.create}, {@code .list}, {@code .setPurpose},
 * {@code .setTopic}, {@code .invite}) are Tier 2 or 3, so each goes through its own worker-wide
 * {@link SlackPacer}: an attempt waits for its slot inside the activity, heartbeating, most severe
 * incident first. A 429 pauses that method for everyone and the attempt waits again; only when its
 * turn would come after the attempt's deadline does it ask Temporal for a later retry.
 *
 * <p>Once: the attempt heartbeats its {@link ChannelProgress}; the next attempt goes on from there.
 * When the heartbeat was lost (the worker died inside {@code conversations.create}, or the answer
 * never arrived) Slack answers {@code name_taken}; the channel of that name is adopted when its
 * purpose carries this incident's marker, or when this bot created it and it carries no other
 * incident's marker. A name held by anything else moves on to the next suffix.
 */
final class IncidentChannelOpener {
  private static final Logger log = LoggerFactory.getLogger(IncidentChannelOpener.class);

  static final String CREATE = "conversations.create";
  static final String LIST = "conversations.list";
  static final String SET_PURPOSE = "conversations.setPurpose";
  static final String SET_TOPIC = "conversations.setTopic";
  static final String INVITE = "conversations.invite";

  private static final int MAX_SUFFIX = 20;
  private static final int SLACK_TEXT_MAX = 250;

  /** Kept free after a slot for the calls that follow it (each bounded by the call timeout). */
  private static final Duration RESERVE = Duration.ofMinutes(1);

  private static final String MARKER = "(incident-id: ";

  private final SlackSettings settings;
  private final MethodsClient slack;
  private final Map<String, SlackPacer> pacers = new ConcurrentHashMap<>();
  private final AtomicReference<String> botUserId = new AtomicReference<>();

  IncidentChannelOpener(SlackSettings settings, MethodsClient slack) {
    this.settings = settings;
    this.slack = slack;
  }

  ChannelRef open(IncidentBrief brief) {
    return new Attempt(brief, Activity.getExecutionContext()).run();
  }

  /** The worker-wide pace of {@code method}. */
  SlackPacer pacer(String method) {
    return pacers.computeIfAbsent(
        method, m -> new SlackPacer(m, settings.channelCreatesPerMinute()));
  }

  /** The purpose: severity, title and this incident's marker, which survives truncation. */
  static String purpose(IncidentBrief brief) {
    String marker = " " + MARKER + SlackText.line(brief.incidentId()) + ")";
    String head = brief.severity() + " incident: ";
    return head
        + SlackText.truncate(
            SlackText.line(brief.title()), SLACK_TEXT_MAX - head.length() - marker.length())
        + marker;
  }

  /** The topic: severity, service and commander. */
  static String topic(IncidentBrief brief) {
    String commander =
        brief.commander() == null || brief.commander().isBlank()
            ? "unassigned"
            : SlackText.isUserId(brief.commander())
                ? SlackText.mention(brief.commander())
                : SlackText.line(brief.commander());
    return SlackText.truncate(
        brief.severity() + " | " + SlackText.line(brief.service()) + " | commander: " + commander,
        SLACK_TEXT_MAX);
  }

  /** The incident id a purpose is marked with (the last marker in it), or null. */
  static String markedIncident(Conversation channel) {
    String purpose = channel.getPurpose() == null ? null : channel.getPurpose().getValue();
    if (purpose == null) {
      return null;
    }
    int start = purpose.lastIndexOf(MARKER);
    int end = start < 0 ? -1 : purpose.indexOf(')', start);
    return end < 0 ? null : purpose.substring(start + MARKER.length(), end);
  }

  private String botUserId() {
    String id = botUserId.get();
    if (id == null) {
      id = SlackCalls.run("auth.test", () -> slack.authTest(r -> r)).getUserId();
      botUserId.set(id);
    }
    return id;
  }

  /** One attempt: its deadline, its heartbeat, and how far the incident got. */
  private final class Attempt {
    private final IncidentBrief brief;
    private final ActivityExecutionContext context;
    private final PaceWindow window;
    private ChannelProgress progress;

    Attempt(IncidentBrief brief, ActivityExecutionContext context) {
      this.brief = brief;
      this.context = context;
      this.window = PaceWindow.of(context.getInfo(), RESERVE);
      this.progress =
          ChannelProgress.resume(context)
              .orElseGet(() -> ChannelProgress.first(System.currentTimeMillis()));
    }

    ChannelRef run() {
      beat();
      if (progress.channelId() == null) {
        create();
      }
      if (!progress.described()) {
        describe(progress.channelId());
        progress = progress.describedNow();
        beat();
      }
      return new ChannelRef(progress.channelId(), progress.channelName(), null);
    }

    private void create() {
      String base = SlackChannelNames.of(brief.channelName());
      for (int suffix = Math.max(1, progress.suffix()); suffix <= MAX_SUFFIX; suffix++) {
        String name = suffix == 1 ? base : SlackChannelNames.withSuffix(base, suffix);
        progress = progress.trying(suffix);
        ConversationsCreateResponse created =
            paced(
                CREATE,
                // A security incident's channel is private: only the people invited see it.
                () -> slack.conversationsCreate(r -> r.name(name).isPrivate(brief.confidential())),
                "name_taken");
        Optional<Conversation> channel =
            created.isOk() ? Optional.of(created.getChannel()) : adoptable(name);
        if (channel.isPresent()) {
          progress = progress.opened(channel.get().getId(), channel.get().getName());
          beat();
          return;
        }
      }
      throw ApplicationFailure.newNonRetryableFailure(
          "no free channel name for " + base + " up to -" + MAX_SUFFIX,
          FailureType.BAD_REQUEST.type());
    }

    /** The channel named {@code name} when it is this incident's (see the class comment). */
    private Optional<Conversation> adoptable(String name) {
      Optional<Conversation> found = findByName(name);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      String marked = markedIncident(found.get());
      boolean ours =
          marked != null
              ? marked.equals(SlackText.line(brief.incidentId()))
              : botUserId().equals(found.get().getCreator());
      if (ours) {
        log.info(
            "Incident {}: adopted #{} ({}), which an earlier attempt created",
            brief.incidentId(),
            name,
            found.get().getId());
      }
      return ours ? found : Optional.empty();
    }

    private Optional<Conversation> findByName(String name) {
      String cursor = null;
      do {
        String page = cursor;
        ConversationsListResponse list =
            paced(
                LIST,
                () ->
                    slack.conversationsList(
                        r ->
                            r.types(
                                    brief.confidential()
                                        ? List.of(ConversationType.PRIVATE_CHANNEL)
                                        : List.of(ConversationType.PUBLIC_CHANNEL))
                                .excludeArchived(true)
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

    /** Purpose, topic and invitations; each is idempotent, so a retry simply sets them again. */
    private void describe(String channelId) {
      String purpose = purpose(brief);
      paced(
          SET_PURPOSE,
          () -> slack.conversationsSetPurpose(r -> r.channel(channelId).purpose(purpose)));
      String topic = topic(brief);
      paced(SET_TOPIC, () -> slack.conversationsSetTopic(r -> r.channel(channelId).topic(topic)));
      if (!settings.responders().isEmpty()) {
        paced(
            INVITE,
            () -> slack.conversationsInvite(r -> r.channel(channelId).users(settings.responders())),
            "already_in_channel");
      }
    }

    /**
     * {@code call} in its slot of the method's pace; a 429 pauses the method for everyone and this
     * call waits for its slot again instead of failing.
     */
    private <T extends SlackApiTextResponse> T paced(
        String method, SlackCalls.Call<T> call, String... allowed) {
      return pacer(method)
          .call(brief.severity(), progress.askedAt(), window, this::beat, call, allowed);
    }

    private void beat() {
      context.heartbeat(progress);
    }
  }
}
