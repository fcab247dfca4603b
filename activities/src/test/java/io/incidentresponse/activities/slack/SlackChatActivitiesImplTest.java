package io.incidentresponse.activities.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.incidentresponse.workflows.activities.ChatActivities;
import io.incidentresponse.workflows.activities.IncidentBrief;
import io.incidentresponse.workflows.activities.IncidentUpdate;
import io.incidentresponse.workflows.model.ChannelRef;
import io.incidentresponse.workflows.model.Impact;
import io.incidentresponse.workflows.model.Phase;
import io.incidentresponse.workflows.model.Severity;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slack's Web API stood up by MockWebServer; the activity runs in Temporal's activity test env. */
class SlackChatActivitiesImplTest {
  private static final String TOKEN = "xoxb-test-token";

  private final MockWebServer slack = new MockWebServer();
  private TestActivityEnvironment temporal;
  private ChatActivities chat;

  private static final IncidentBrief BRIEF =
      new IncidentBrief(
          "inc-1",
          "Checkout 5xx above 5%",
          "checkout",
          "shop",
          Severity.P1,
          Impact.HIGH,
          Phase.INVESTIGATING,
          "incident-2026-11-26-1400",
          null,
          "alice",
          Instant.parse("2026-11-26T14:00:00Z"));

  @BeforeEach
  void start() throws Exception {
    slack.start();
    SlackConfig config = config();
    SlackSettings settings =
        new SlackSettings(
            TOKEN, null, "leadership", List.of("U1", "U2"), null, null, 600, true, List.of("UCTO"));
    temporal = TestActivityEnvironment.newInstance();
    chat = stub(temporal, new SlackChatActivities(settings, Slack.getInstance(config)));
  }

  /** The activity as the workflow calls it: one attempt, so each failure is seen as thrown. */
  private static ChatActivities stub(TestActivityEnvironment env, SlackChatActivities activities) {
    env.registerActivitiesImplementations(activities);
    return env.newActivityStub(
        ChatActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  private SlackConfig config() {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(slack.url("/api/").toString());
    config.setStatsEnabled(false); // else auth.test eats the first queued answer
    return config;
  }

  @AfterEach
  void stop() {
    temporal.close();
    slack.close();
  }

  private void answer(String json) {
    slack.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(json)
            .build());
  }

  private RecordedRequest next() throws InterruptedException {
    return slack.takeRequest();
  }

  private static Map<String, String> form(RecordedRequest request) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : request.getBody().utf8().split("&")) {
      String[] kv = pair.split("=", 2);
      fields.put(
          URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return fields;
  }

  private static ApplicationFailure failureOf(Throwable thrown) {
    assertThat(thrown).isInstanceOf(ActivityFailure.class);
    return (ApplicationFailure) thrown.getCause();
  }

  @Test
  void openIncidentChannel_createsItThenSetsPurposeTopicAndInvitesResponders() throws Exception {
    answer("{\"ok\":true,\"channel\":{\"id\":\"C100\",\"name\":\"incident-2026-11-26-1400\"}}");
    answer("{\"ok\":true}");
    answer("{\"ok\":true}");
    answer("{\"ok\":true}");

    ChannelRef channel = chat.openIncidentChannel(BRIEF);

    assertThat(channel.id()).isEqualTo("C100");
    assertThat(channel.name()).isEqualTo("incident-2026-11-26-1400");
    RecordedRequest create = next();
    assertThat(create.getUrl().encodedPath()).isEqualTo("/api/conversations.create");
    assertThat(create.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(form(create)).containsEntry("name", "incident-2026-11-26-1400");
    RecordedRequest purpose = next();
    assertThat(purpose.getUrl().encodedPath()).isEqualTo("/api/conversations.setPurpose");
    assertThat(form(purpose).get("purpose")).contains("incident-id: inc-1");
    RecordedRequest topic = next();
    assertThat(form(topic).get("topic")).isEqualTo("P1 | checkout | commander: alice");
    RecordedRequest invite = next();
    assertThat(invite.getUrl().encodedPath()).isEqualTo("/api/conversations.invite");
    assertThat(form(invite)).containsEntry("users", "U1,U2");
  }

  @Test
  void retryAfterACrash_reusesTheChannelItCreatedAndCallsSlackNoMore() {
    temporal.setHeartbeatDetails("C100 incident-2026-11-26-1400");

    ChannelRef channel = chat.openIncidentChannel(BRIEF);

    assertThat(channel.id()).isEqualTo("C100");
    assertThat(slack.getRequestCount()).isZero();
  }

  @Test
  void nameTakenByThisIncident_isAdoptedWithoutASecondChannel() throws Exception {
    answer("{\"ok\":false,\"error\":\"name_taken\"}");
    answer(
        "{\"ok\":true,\"channels\":[{\"id\":\"C7\",\"name\":\"general\"},{\"id\":\"C9\","
            + "\"name\":\"incident-2026-11-26-1400\",\"purpose\":{\"value\":\"P1 incident: x"
            + " (incident-id: inc-1)\"}}],\"response_metadata\":{\"next_cursor\":\"\"}}");

    ChannelRef channel = chat.openIncidentChannel(BRIEF);

    assertThat(channel.id()).isEqualTo("C9");
    assertThat(next().getUrl().encodedPath()).isEqualTo("/api/conversations.create");
    assertThat(next().getUrl().encodedPath()).isEqualTo("/api/conversations.list");
    assertThat(slack.getRequestCount()).isEqualTo(2);
  }

  @Test
  void nameTakenByAnotherIncident_getsTheNextSuffix() throws Exception {
    answer("{\"ok\":false,\"error\":\"name_taken\"}");
    answer(
        "{\"ok\":true,\"channels\":[{\"id\":\"C9\",\"name\":\"incident-2026-11-26-1400\","
            + "\"purpose\":{\"value\":\"P2 incident: y (incident-id: inc-0)\"}}]}");
    answer("{\"ok\":true,\"channel\":{\"id\":\"C101\",\"name\":\"incident-2026-11-26-1400-2\"}}");
    answer("{\"ok\":true}");
    answer("{\"ok\":true}");
    answer("{\"ok\":true}");

    ChannelRef channel = chat.openIncidentChannel(BRIEF);

    assertThat(channel.name()).isEqualTo("incident-2026-11-26-1400-2");
    next();
    next();
    assertThat(form(next())).containsEntry("name", "incident-2026-11-26-1400-2");
  }

  @Test
  void rateLimited_isRetryableAfterSlacksRetryAfter() {
    slack.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "7")
            .addHeader("Content-Type", "application/json")
            .body("{\"ok\":false,\"error\":\"ratelimited\"}")
            .build());

    ApplicationFailure failure = failureOf(catchThrowable(() -> chat.postInitialStatus(BRIEF)));

    assertThat(failure.getType()).isEqualTo("RATE_LIMITED");
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void slack5xx_isRetryable() {
    slack.enqueue(new MockResponse.Builder().code(503).body("upstream unavailable").build());

    ApplicationFailure failure = failureOf(catchThrowable(() -> chat.postInitialStatus(BRIEF)));

    assertThat(failure.getType()).isEqualTo("UNAVAILABLE");
    assertThat(failure.isNonRetryable()).isFalse();
  }

  @Test
  void channelCreationDuringAStorm_isPacedWithoutCallingSlack() {
    TestActivityEnvironment paced = TestActivityEnvironment.newInstance();
    ChatActivities pacedChat =
        stub(
            paced,
            new SlackChatActivities(
                new SlackSettings(TOKEN, null, null, List.of(), null, null, 1, false, null),
                Slack.getInstance(config())));
    answer("{\"ok\":true,\"channel\":{\"id\":\"C1\",\"name\":\"incident-2026-11-26-1400\"}}");
    answer("{\"ok\":true}");
    answer("{\"ok\":true}");
    try {
      pacedChat.openIncidentChannel(BRIEF);

      ApplicationFailure second =
          failureOf(catchThrowable(() -> pacedChat.openIncidentChannel(BRIEF)));

      assertThat(second.getType()).isEqualTo("RATE_LIMITED");
      assertThat(second.getNextRetryDelay()).isEqualTo(Duration.ofMinutes(1));
      assertThat(slack.getRequestCount()).as("only the first create reached Slack").isEqualTo(3);
    } finally {
      paced.close();
    }
  }

  @Test
  void invalidAuthAndMissingChannel_areNotRetried() {
    answer("{\"ok\":false,\"error\":\"invalid_auth\"}");
    answer("{\"ok\":false,\"error\":\"channel_not_found\"}");
    answer("{\"ok\":false,\"error\":\"is_archived\"}");

    ApplicationFailure auth = failureOf(catchThrowable(() -> chat.postInitialStatus(BRIEF)));
    ApplicationFailure missing = failureOf(catchThrowable(() -> chat.postInitialStatus(BRIEF)));
    ApplicationFailure archived = failureOf(catchThrowable(() -> chat.postInitialStatus(BRIEF)));

    assertThat(auth.getType()).isEqualTo("INVALID_CREDENTIALS");
    assertThat(auth.isNonRetryable()).isTrue();
    assertThat(missing.getType()).isEqualTo("NOT_FOUND");
    assertThat(archived.getType()).isEqualTo("NOT_FOUND");
    assertThat(archived.isNonRetryable()).isTrue();
    assertThat(auth.getOriginalMessage()).doesNotContain(TOKEN);
  }

  @Test
  void hostileAlertText_neitherPingsNorBreaksFormatting() throws Exception {
    answer("{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1.2\"}");
    IncidentBrief hostile =
        new IncidentBrief(
            "inc-2",
            "<!channel> disk full & <http://evil.example|click here> @here *bold*",
            "batch <b>",
            "shop",
            Severity.P2,
            Impact.MEDIUM,
            Phase.INVESTIGATING,
            "incident-2026-11-26-1400",
            null,
            null,
            Instant.parse("2026-11-26T14:00:00Z"));

    chat.postInitialStatus(hostile);

    Map<String, String> message = form(next());
    assertThat(message).containsEntry("channel", "platform-alerts");
    String text = message.get("text");
    assertThat(text)
        .contains("&lt;!channel&gt; disk full &amp; &lt;http://evil.example|click here&gt;");
    assertThat(text).doesNotContain("<!channel>").doesNotContain("@here");
    assertThat(text).contains("@\u200Bhere");
    assertThat(text).contains("batch &lt;b&gt;");
    assertThat(text).as("mrkdwn markers from the alert are fenced").doesNotContain("*bold*");
    assertThat(text).contains("\u200B*\u200Bbold\u200B*\u200B");
    assertThat(text).as("the message's own formatting stays").contains("*P2 incident*");
  }

  @Test
  void postUpdate_isABlockKitMessageWithEveryField() throws Exception {
    answer("{\"ok\":true,\"channel\":\"C100\",\"ts\":\"1.2\"}");
    IncidentBrief inChannel =
        new IncidentBrief(
            "inc-1",
            "t",
            "checkout",
            "shop",
            Severity.P1,
            Impact.HIGH,
            Phase.MITIGATING,
            "incident-2026-11-26-1400",
            "C100",
            "alice",
            Instant.parse("2026-11-26T14:00:00Z"));

    chat.postUpdate(
        new IncidentUpdate(
            inChannel,
            "MITIGATING",
            "HIGH: checkout errors",
            List.of("Acknowledged by alice", "rollback-1: SUCCEEDED"),
            List.of("Monitor recovery"),
            "Resolution at 15:20 UTC if recovery holds",
            Instant.parse("2026-11-26T15:00:00Z"),
            2));

    Map<String, String> message = form(next());
    assertThat(message).containsEntry("channel", "C100");
    String blocks = message.get("blocks");
    assertThat(blocks).contains("Incident Update - ");
    assertThat(blocks)
        .contains("*Status:* MITIGATING")
        .contains("*Impact:* HIGH: checkout errors")
        .contains("• rollback-1: SUCCEEDED")
        .contains("*Next Steps:*")
        .contains("*ETA:* Resolution at 15:20 UTC if recovery holds")
        .contains("*Next update:* 2026-11-26 15:00 UTC");
  }

  @Test
  void archive_archivesTheChannelAndAnArchivedOneIsFine() throws Exception {
    answer("{\"ok\":true}");
    answer("{\"ok\":false,\"error\":\"already_archived\"}");
    IncidentBrief closed =
        new IncidentBrief(
            "inc-1",
            "t",
            "checkout",
            "shop",
            Severity.P1,
            Impact.HIGH,
            Phase.CLOSED,
            "incident-2026-11-26-1400",
            "C100",
            "alice",
            Instant.parse("2026-11-26T14:00:00Z"));

    assertThat(chat.archiveIncidentChannel(closed)).isTrue();
    assertThat(chat.archiveIncidentChannel(closed)).isTrue();

    RecordedRequest archive = next();
    assertThat(archive.getUrl().encodedPath()).isEqualTo("/api/conversations.archive");
    assertThat(form(archive)).containsEntry("channel", "C100");
  }

  @Test
  void leadershipNotice_goesToTheChannelAndToEachLeaderDirectly() throws Exception {
    answer("{\"ok\":true,\"channel\":\"C5\",\"ts\":\"1.1\"}");
    answer("{\"ok\":true,\"channel\":\"D9\",\"ts\":\"1.2\"}");

    chat.notifyLeadership(
        new io.incidentresponse.workflows.activities.LeadershipNotice(
            BRIEF, "P1 incident: severity critical", "opened"));

    Map<String, String> toChannel = form(next());
    Map<String, String> toCto = form(next());
    assertThat(toChannel).containsEntry("channel", "leadership");
    assertThat(toChannel.get("text")).startsWith("*P1 incident opened*: Checkout 5xx above 5%");
    assertThat(toCto).containsEntry("channel", "UCTO");
  }

  @Test
  void settingsNeverPrintTheToken() {
    assertThat(new SlackSettings(TOKEN, null, null, null, null, null, null, false, null).toString())
        .doesNotContain(TOKEN)
        .contains("(set)");
  }

  private static Throwable catchThrowable(Runnable call) {
    try {
      call.run();
    } catch (Throwable thrown) {
      return thrown;
    }
    throw new AssertionError("expected a failure");
  }
}
