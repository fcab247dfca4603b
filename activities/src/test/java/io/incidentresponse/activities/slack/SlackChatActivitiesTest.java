package io.incidentresponse.activities.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.incidentresponse.activities.grafana.GrafanaLinks;
import io.incidentresponse.activities.grafana.GrafanaSettings;
import io.incidentresponse.workflows.communication.ApprovalRequestMessage;
import io.incidentresponse.workflows.communication.ChannelRef;
import io.incidentresponse.workflows.communication.ChatActivities;
import io.incidentresponse.workflows.communication.ContactsMessage;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.communication.IncidentUpdate;
import io.incidentresponse.workflows.communication.LeadershipNotice;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.incident.Impact;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.oncall.EmergencyContact;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slack's Web API stood up by MockWebServer; the activity runs in Temporal's activity test env. */
class SlackChatActivitiesTest {
  private static final String TOKEN = "xoxb-test-token";

  private final MockWebServer slack = new MockWebServer();
  private final List<TestActivityEnvironment> others = new ArrayList<>();
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
            TOKEN,
            null,
            "leadership",
            List.of("U1", "U2"),
            null,
            null,
            600,
            true,
            List.of("UCTO"),
            null);
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
    others.forEach(TestActivityEnvironment::close);
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

  private void answerOk(int times) {
    for (int i = 0; i < times; i++) {
      answer("{\"ok\":true}");
    }
  }

  private void answerCreate(String id, String name) {
    answer("{\"ok\":true,\"channel\":{\"id\":\"" + id + "\",\"name\":\"" + name + "\"}}");
  }

  /** The next request Slack received; a request that never comes fails the test, not hangs it. */
  private RecordedRequest next() throws InterruptedException {
    RecordedRequest request = slack.takeRequest(10, TimeUnit.SECONDS);
    assertThat(request).as("a request to Slack").isNotNull();
    return request;
  }

  /** The paths of the next {@code count} requests Slack received. */
  private List<String> paths(int count) throws InterruptedException {
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      paths.add(next().getUrl().encodedPath());
    }
    return paths;
  }

  private static Map<String, String> form(RecordedRequest request) {
    return RecordingSlack.form(request);
  }

  private static ApplicationFailure failureOf(Throwable thrown) {
    assertThat(thrown).isInstanceOf(ActivityFailure.class);
    return (ApplicationFailure) thrown.getCause();
  }

  @Test
  void openIncidentChannel_createsItThenSetsPurposeTopicAndInvitesResponders() throws Exception {
    answerCreate("C100", "incident-2026-11-26-1400");
    answerOk(3);

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
  void retryAfterACrash_withTheChannelDescribed_returnsItAndCallsSlackNoMore() {
    temporal.setHeartbeatDetails(
        new ChannelProgress(1L, 1, "C100", "incident-2026-11-26-1400", true));

    ChannelRef channel = chat.openIncidentChannel(BRIEF);

    assertThat(channel.id()).isEqualTo("C100");
    assertThat(slack.getRequestCount()).isZero();
  }

  @Test
  void retryAfterACrashBeforeThePurpose_finishesPurposeTopicAndInviteWithoutCreating()
      throws Exception {
    temporal.setHeartbeatDetails(
        new ChannelProgress(1L, 1, "C100", "incident-2026-11-26-1400", false));
    answerOk(2);
    answer("{\"ok\":false,\"error\":\"already_in_channel\"}");

    ChannelRef channel = chat.openIncidentChannel(BRIEF);

    assertThat(channel.id()).isEqualTo("C100");
    assertThat(paths(3))
        .containsExactly(
            "/api/conversations.setPurpose",
            "/api/conversations.setTopic",
            "/api/conversations.invite");
  }

  @Test
  void retryOfAnAttemptFromAWorkerBeforeThisVersion_finishesTheChannelItCreated() throws Exception {
    temporal.setHeartbeatDetails("C100 incident-2026-11-26-1400");
    answerOk(3);

    ChannelRef channel = chat.openIncidentChannel(BRIEF);

    assertThat(channel).isEqualTo(new ChannelRef("C100", "incident-2026-11-26-1400", null));
    assertThat(paths(3)).doesNotContain("/api/conversations.create");
  }

  @Test
  void retryAfterTheNameWasTakenByAnother_goesOnAtTheSuffixItReached() throws Exception {
    temporal.setHeartbeatDetails(new ChannelProgress(1L, 3, null, null, false));
    answerCreate("C103", "incident-2026-11-26-1400-3");
    answerOk(3);

    ChannelRef channel = chat.openIncidentChannel(BRIEF);

    assertThat(channel.name()).isEqualTo("incident-2026-11-26-1400-3");
    assertThat(form(next())).containsEntry("name", "incident-2026-11-26-1400-3");
  }

  @Test
  void nameTakenByThisIncident_isAdoptedWithoutASecondChannel() throws Exception {
    answer("{\"ok\":false,\"error\":\"name_taken\"}");
    answer(
        "{\"ok\":true,\"channels\":[{\"id\":\"C7\",\"name\":\"general\"},{\"id\":\"C9\","
            + "\"name\":\"incident-2026-11-26-1400\",\"purpose\":{\"value\":\"P1 incident: x"
            + " (incident-id: inc-1)\"}}],\"response_metadata\":{\"next_cursor\":\"\"}}");

    answerOk(3);

    ChannelRef channel = chat.openIncidentChannel(BRIEF);

    assertThat(channel.id()).isEqualTo("C9");
    assertThat(paths(5))
        .containsExactly(
            "/api/conversations.create",
            "/api/conversations.list",
            "/api/conversations.setPurpose",
            "/api/conversations.setTopic",
            "/api/conversations.invite");
  }

  @Test
  void nameTakenByIncident10_isNotAdoptedByIncident1() throws Exception {
    answer("{\"ok\":false,\"error\":\"name_taken\"}");
    answer(
        "{\"ok\":true,\"channels\":[{\"id\":\"C9\",\"name\":\"incident-2026-11-26-1400\","
            + "\"creator\":\"U0BOT\",\"purpose\":{\"value\":\"P1 incident: x (incident-id: inc-10)\"}}]}");
    answerCreate("C101", "incident-2026-11-26-1400-2");
    answerOk(3);

    ChannelRef channel = chat.openIncidentChannel(BRIEF);

    assertThat(channel.id()).isEqualTo("C101");
  }

  @Test
  void nameTakenByAPersonsChannel_getsTheNextSuffix() throws Exception {
    answer("{\"ok\":false,\"error\":\"name_taken\"}");
    answer(
        "{\"ok\":true,\"channels\":[{\"id\":\"C9\",\"name\":\"incident-2026-11-26-1400\","
            + "\"creator\":\"U0HUMAN\",\"purpose\":{\"value\":\"\"}}]}");
    answer("{\"ok\":true,\"url\":\"https://example.slack.com/\",\"user_id\":\"U0BOT\"}");
    answerCreate("C101", "incident-2026-11-26-1400-2");
    answerOk(3);

    ChannelRef channel = chat.openIncidentChannel(BRIEF);

    assertThat(channel.id()).isEqualTo("C101");
    assertThat(paths(4))
        .containsExactly(
            "/api/conversations.create",
            "/api/conversations.list",
            "/api/auth.test",
            "/api/conversations.create");
  }

  @Test
  void nameTakenByAnotherIncident_getsTheNextSuffix() throws Exception {
    answer("{\"ok\":false,\"error\":\"name_taken\"}");
    answer(
        "{\"ok\":true,\"channels\":[{\"id\":\"C9\",\"name\":\"incident-2026-11-26-1400\","
            + "\"purpose\":{\"value\":\"P2 incident: y (incident-id: inc-0)\"}}]}");
    answerCreate("C101", "incident-2026-11-26-1400-2");
    answerOk(3);

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

  /** A second worker-wide activity with its own pace, in its own test environment. */
  private ChatActivities paced(int perMinute, ActivityOptions options) {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    others.add(env);
    env.registerActivitiesImplementations(
        new SlackChatActivities(
            new SlackSettings(
                TOKEN, null, null, List.of(), null, null, perMinute, false, null, null),
            Slack.getInstance(config())));
    return env.newActivityStub(ChatActivities.class, options);
  }

  private static IncidentBrief incident(String id, String channelName) {
    return new IncidentBrief(
        id,
        "t",
        "checkout",
        "shop",
        Severity.P2,
        Impact.MEDIUM,
        Phase.TRIGGERED,
        channelName,
        null,
        null,
        Instant.parse("2026-11-26T14:00:00Z"));
  }

  @Test
  void secondChannelDuringAStorm_waitsForThePaceInsideTheAttemptAndIsCreated() throws Exception {
    ChatActivities pacedChat =
        paced(
            10,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(40))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    answerCreate("C1", "incident-a");
    answerOk(2);
    answerCreate("C2", "incident-b");
    answerOk(2);
    long start = System.nanoTime();

    pacedChat.openIncidentChannel(incident("inc-a", "incident-a"));
    ChannelRef second = pacedChat.openIncidentChannel(incident("inc-b", "incident-b"));

    assertThat(second.id()).as("no attempt failed for the pace").isEqualTo("C2");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("10 a minute: the second create went six seconds after the first")
        .isGreaterThanOrEqualTo(Duration.ofMillis(5900));
    assertThat(paths(6))
        .containsSubsequence("/api/conversations.create", "/api/conversations.create");
  }

  @Test
  void waitThatWouldOutlastTheAttempt_asksForALaterRetryWithoutCallingSlack() {
    ChatActivities pacedChat =
        paced(
            1,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(10))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    answerCreate("C1", "incident-a");
    answerOk(2);
    pacedChat.openIncidentChannel(incident("inc-a", "incident-a"));

    ApplicationFailure second =
        failureOf(
            catchThrowable(() -> pacedChat.openIncidentChannel(incident("inc-b", "incident-b"))));

    assertThat(second.getType()).isEqualTo("RATE_LIMITED");
    assertThat(second.isNonRetryable()).isFalse();
    assertThat(second.getNextRetryDelay())
        .isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60));
    assertThat(slack.getRequestCount()).as("only the first channel reached Slack").isEqualTo(3);
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
  void initialPostAndUpdates_linkTheDashboardOverTheIncidentsRange_withLabelsEncoded()
      throws Exception {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    others.add(env);
    env.registerActivitiesImplementations(
        new SlackChatActivities(
            new SlackSettings(TOKEN, null, null, List.of(), null, null, 600, false, null, null),
            Slack.getInstance(config()),
            new GrafanaLinks(
                new GrafanaSettings(
                    "https://grafana.example/d/svc/overview?var-service={service}"
                        + "&var-namespace={namespace}&from={from}&to={to}",
                    Map.of(),
                    null,
                    null))));
    ChatActivities linked =
        env.newActivityStub(
            ChatActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(10))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    IncidentBrief brief =
        new IncidentBrief(
            "inc-3",
            "Checkout errors",
            "check|out>&x",
            "shop",
            Severity.P1,
            Impact.HIGH,
            Phase.INVESTIGATING,
            "incident-2026-11-26-1400",
            null,
            null,
            Instant.parse("2026-11-26T14:00:00Z"));
    answer("{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1.2\"}");

    linked.postInitialStatus(brief);

    String text = form(next()).get("text");
    // an hour before detection (13:00 UTC) to now; the label cannot end the link early
    assertThat(text)
        .contains(
            "<https://grafana.example/d/svc/overview?var-service=check%7Cout%3E%26x"
                + "&amp;var-namespace=shop&amp;from=1795698000000&amp;to=now"
                + "|Dashboard (impact since detection)>");

    answer("{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1.3\"}");
    linked.postUpdate(
        new IncidentUpdate(brief, "Investigating", "HIGH", List.of(), List.of(), "?", null, 1));
    // the blocks are JSON (Gson escapes '=' and '<'): the same link, the same range
    assertThat(form(next()).get("blocks"))
        .contains("1795698000000")
        .contains("|Dashboard (impact since detection)");
  }

  /** What an alert's title, labels and annotations can carry to ping, spoof or mislead. */
  private static final String HOSTILE = "<!channel> @here & <b>bold</b> \u202Egnp.exe";

  @Test
  void hostileAlertText_isEscapedInEveryMessageKind() throws Exception {
    IncidentBrief brief =
        new IncidentBrief(
            "inc-h",
            "Title " + HOSTILE,
            "svc " + HOSTILE,
            "shop",
            Severity.P1,
            Impact.HIGH,
            Phase.MITIGATING,
            "incident-2026-11-26-1400-svc-abc123",
            "C100",
            "oncall " + HOSTILE,
            Instant.parse("2026-11-26T14:00:00Z"));
    answerCreate("C100", "incident-h");
    answer("{\"ok\":true,\"purpose\":\"set\"}");
    answer("{\"ok\":true,\"topic\":\"set\"}");
    answer("{\"ok\":true,\"channel\":{\"id\":\"C100\"}}");
    for (int i = 0; i < 6; i++) {
      answer("{\"ok\":true,\"channel\":\"C100\",\"ts\":\"1.2\"}");
    }
    ActionProposal proposal =
        new ActionProposal(
            ActionType.ROLLBACK,
            "shop",
            "checkout " + HOSTILE,
            Map.of("revision", HOSTILE),
            null,
            "error rate rose after deploy " + HOSTILE);

    chat.openIncidentChannel(brief);
    chat.postInitialStatus(brief);
    chat.notifyLeadership(new LeadershipNotice(brief, "opened: " + HOSTILE, "opened"));
    chat.postUpdate(
        new IncidentUpdate(
            brief,
            "MITIGATING",
            "impact " + HOSTILE,
            List.of("action " + HOSTILE),
            List.of("next " + HOSTILE),
            "eta " + HOSTILE,
            Instant.parse("2026-11-26T15:00:00Z"),
            1));
    chat.requestApproval(
        new ApprovalRequestMessage(
            brief,
            new MitigationAction(
                "rollback-1",
                proposal,
                "probe",
                Instant.parse("2026-11-26T14:05:00Z"),
                ActionStatus.AWAITING_APPROVAL,
                null,
                null,
                null,
                null),
            "approve",
            "{\"actionId\":\"rollback-1\",\"approver\":\"<your name>\"}",
            "{\"actionId\":\"rollback-1\",\"approver\":\"<your name>\",\"reason\":\"why\"}"));

    next(); // conversations.create
    assertSafe("purpose", form(next()).get("purpose"), 1);
    assertSafe("topic", form(next()).get("topic"), 2);
    next(); // conversations.invite
    assertSafe("initial status", form(next()).get("text"), 2);
    assertSafe("leadership notice", form(next()).get("text"), 3);
    assertSafe("leadership direct message", form(next()).get("text"), 3);
    Map<String, String> update = form(next());
    assertSafe("update", blockTexts(update.get("blocks")), 4);
    String approval = form(next()).get("text");
    assertSafe("approval request", approval, 3);
    assertThat(approval).contains("&lt;your name&gt;");
  }

  /**
   * {@code sent} carries {@code times} copies of {@link #HOSTILE}, each neutralised: no mention, no
   * markup, no bidi override, every {@code &} an entity.
   */
  private static void assertSafe(String kind, String sent, int times) {
    assertThat(sent)
        .as(kind)
        .doesNotContain("<!channel>")
        .doesNotContain("<b>")
        .doesNotContain("\u202E")
        .doesNotContainPattern("(?i)@here")
        .doesNotContainPattern("&(?!amp;|lt;|gt;)");
    assertThat(
            count(sent, "&lt;!channel&gt; @\u200Bhere &amp; &lt;b&gt;bold&lt;/b&gt; \uFFFDgnp.exe"))
        .as(kind + ": " + sent)
        .isEqualTo(times);
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  /** Every text of a Block Kit message, as Slack reads it out of the JSON. */
  private static String blockTexts(String blocksJson) throws Exception {
    List<String> texts = new ArrayList<>();
    new ObjectMapper()
        .readTree(blocksJson)
        .forEach(
            block -> block.findValues("text").forEach(t -> texts.add(t.path("text").asText())));
    return String.join("\n", texts);
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
  void anIncidentWithoutAChannel_getsItsUpdatesAndApprovalRequestsInTheAlertsChannel()
      throws Exception {
    answer("{\"ok\":true,\"channel\":\"C-ALERTS\",\"ts\":\"1.2\"}");
    answer("{\"ok\":true,\"channel\":\"C-ALERTS\",\"ts\":\"1.3\"}");
    // BRIEF has no channel id: Slack refused to create the incident channel
    chat.postUpdate(
        new IncidentUpdate(
            BRIEF, "MITIGATING", "HIGH", List.of(), List.of("Approve rollback-1"), "?", null, 1));
    chat.requestApproval(approvalOf(BRIEF, "rollback-1"));

    Map<String, String> update = form(next());
    assertThat(update).containsEntry("channel", "platform-alerts");
    assertThat(update.get("blocks")).contains("No incident channel").contains("inc-1");
    Map<String, String> approval = form(next());
    assertThat(approval).containsEntry("channel", "platform-alerts");
    assertThat(approval.get("text"))
        .contains("No incident channel")
        .contains("Approval needed")
        .contains("rollback-1");
  }

  private static ApprovalRequestMessage approvalOf(IncidentBrief brief, String actionId) {
    return approvalOf(
        brief,
        actionId,
        new ActionProposal(ActionType.ROLLBACK, "shop", "checkout", Map.of(), null, "bad deploy"));
  }

  private static ApprovalRequestMessage approvalOf(
      IncidentBrief brief, String actionId, ActionProposal proposal) {
    return new ApprovalRequestMessage(
        brief,
        new MitigationAction(
            actionId,
            proposal,
            "diagnosis",
            Instant.parse("2026-11-26T14:01:00Z"),
            ActionStatus.AWAITING_APPROVAL,
            null,
            null,
            null,
            null),
        "approve",
        "{\"actionId\":\"" + actionId + "\",\"approver\":\"YOUR_NAME\"}",
        "{\"actionId\":\"" + actionId + "\",\"approver\":\"YOUR_NAME\",\"reason\":\"why\"}");
  }

  @Test
  void requestApproval_inTheIncidentsChannel_namesTheActionItsRiskAndWhyAndEveryWayToDecide()
      throws Exception {
    answer("{\"ok\":true,\"channel\":\"C100\",\"ts\":\"1.4\"}");
    IncidentBrief inChannel =
        new IncidentBrief(
            "inc-7",
            BRIEF.title(),
            BRIEF.service(),
            BRIEF.namespace(),
            BRIEF.severity(),
            BRIEF.impact(),
            Phase.MITIGATING,
            BRIEF.channelName(),
            "C100",
            BRIEF.commander(),
            BRIEF.detectedAt());
    ApprovalRequestMessage request =
        approvalOf(
            inChannel,
            "rollback-1",
            new ActionProposal(
                ActionType.ROLLBACK,
                "shop",
                "checkout",
                Map.of("revision", "41"),
                null,
                "revision 42 rolled out 10 minutes before the error ratio rose"));

    chat.requestApproval(request);

    RecordedRequest sent = next();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/api/chat.postMessage");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    Map<String, String> message = form(sent);
    assertThat(message).containsEntry("channel", "C100");
    assertThat(message.get("text"))
        .isEqualTo(
            ":raised_hand: *Approval needed* for `rollback-1`: rollback shop/checkout"
                + " {revision=41} (HIGH risk)\n"
                + "revision 42 rolled out 10 minutes before the error ratio rose\n"
                + "Outside Slack: `incidentctl approve inc-7 rollback-1` or `incidentctl reject"
                + " inc-7 rollback-1 --reason \"...\"`; REST: `POST"
                + " /api/incidents/inc-7/approvals` with `{\"actionId\":\"rollback-1\"}` or"
                + " `POST /api/incidents/inc-7/signals/reject` with"
                + " `{\"actionId\":\"rollback-1\",\"reason\":\"...\"}`\n"
                + "In the Temporal UI (<http://127.0.0.1:8233/namespaces/default/workflows/inc-7"
                + "|workflow>) send the signal `approve` with:\n"
                + "```{\"actionId\":\"rollback-1\",\"approver\":\"YOUR_NAME\"}```\n"
                + "or `reject` with:\n"
                + "```{\"actionId\":\"rollback-1\",\"approver\":\"YOUR_NAME\","
                + "\"reason\":\"why\"}```");
    JsonNode blocks = new ObjectMapper().readTree(message.get("blocks"));
    assertThat(blocks).hasSize(2);
    assertThat(blocks.get(0).at("/text/type").asText()).isEqualTo("mrkdwn");
    assertThat(blocks.get(0).at("/text/text").asText()).isEqualTo(message.get("text"));
    assertThat(blocks.get(1).path("block_id").asText()).isEqualTo("incident-approval");
    assertThat(blocks.get(1).path("elements"))
        .extracting(b -> b.at("/text/text").asText())
        .containsExactly("Approve", "Reject");
    for (JsonNode button : blocks.get(1).path("elements")) {
      JsonNode value = new ObjectMapper().readTree(button.path("value").asText());
      assertThat(value.path("incidentId").asText()).isEqualTo("inc-7");
      assertThat(value.path("actionId").asText()).isEqualTo("rollback-1");
    }
    assertThat(slack.getRequestCount()).isEqualTo(1);
  }

  @Test
  void requestApproval_hasApproveAndRejectButtonsNamingTheIncidentAndTheAction() throws Exception {
    answer("{\"ok\":true,\"channel\":\"C-ALERTS\",\"ts\":\"1.3\"}");

    chat.requestApproval(approvalOf(BRIEF, "rollback-1"));

    Map<String, String> message = form(next());
    assertThat(message.get("text")).contains("Approval needed").contains("`approve`");
    JsonNode blocks = new ObjectMapper().readTree(message.get("blocks"));
    assertThat(blocks.get(0).path("type").asText()).isEqualTo("section");
    assertThat(blocks.get(0).path("text").path("text").asText())
        .isEqualTo(message.get("text"))
        .contains("send the signal");
    JsonNode buttons = blocks.get(1).path("elements");
    assertThat(blocks.get(1).path("type").asText()).isEqualTo("actions");
    assertThat(buttons).hasSize(2);
    assertThat(buttons.get(0).path("action_id").asText()).isEqualTo("incident-approve");
    assertThat(buttons.get(0).path("text").path("text").asText()).isEqualTo("Approve");
    assertThat(buttons.get(0).path("style").asText()).isEqualTo("primary");
    assertThat(buttons.get(1).path("action_id").asText()).isEqualTo("incident-reject");
    assertThat(buttons.get(1).path("style").asText()).isEqualTo("danger");
    for (JsonNode button : buttons) {
      JsonNode value = new ObjectMapper().readTree(button.path("value").asText());
      assertThat(value.path("incidentId").asText()).isEqualTo("inc-1");
      assertThat(value.path("actionId").asText()).isEqualTo("rollback-1");
    }
  }

  @Test
  void requestApproval_fromTheIncidentsWorkflow_linksToItsUserMetadataTab() throws Exception {
    answer("{\"ok\":true,\"channel\":\"C-ALERTS\",\"ts\":\"1.3\"}");
    IncidentBrief fromThisWorkflow =
        new IncidentBrief(
            "test-workflow-id", // the workflow id TestActivityEnvironment runs activities under
            BRIEF.title(),
            BRIEF.service(),
            BRIEF.namespace(),
            BRIEF.severity(),
            BRIEF.impact(),
            BRIEF.phase(),
            BRIEF.channelName(),
            BRIEF.channelId(),
            BRIEF.commander(),
            BRIEF.detectedAt());

    chat.requestApproval(approvalOf(fromThisWorkflow, "rollback-1"));

    assertThat(form(next()).get("text"))
        .containsPattern(
            "<http://127\\.0\\.0\\.1:8233/namespaces/default/workflows/test-workflow-id/"
                + "[0-9a-f-]{36}/user-metadata\\|workflow>");
  }

  @Test
  void requestApproval_whoseIdsWouldNotFitAButton_isSentWithTheTextAlone() throws Exception {
    answer("{\"ok\":true,\"channel\":\"C-ALERTS\",\"ts\":\"1.3\"}");
    String longId = "rollback-" + "9".repeat(2000);

    chat.requestApproval(approvalOf(BRIEF, longId));

    Map<String, String> message = form(next());
    JsonNode blocks = new ObjectMapper().readTree(message.get("blocks"));
    assertThat(blocks).hasSize(1);
    assertThat(blocks.get(0).path("type").asText()).isEqualTo("section");
    assertThat(blocks.get(0).path("text").path("text").asText())
        .hasSizeLessThanOrEqualTo(3000)
        .endsWith("…");
    assertThat(message.get("text")).contains(longId);
  }

  @Test
  void archive_archivesTheChannelAndAnArchivedOneIsFine() throws Exception {
    answerOk(1);
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

    chat.notifyLeadership(new LeadershipNotice(BRIEF, "P1 incident: severity critical", "opened"));

    Map<String, String> toChannel = form(next());
    Map<String, String> toCto = form(next());
    assertThat(toChannel).containsEntry("channel", "leadership");
    assertThat(toChannel.get("text")).startsWith("*P1 incident opened*: Checkout 5xx above 5%");
    assertThat(toCto).containsEntry("channel", "UCTO");
  }

  private static IncidentBrief confidential(IncidentBrief brief) {
    return new IncidentBrief(
        brief.incidentId(),
        brief.title(),
        brief.service(),
        brief.namespace(),
        brief.severity(),
        brief.impact(),
        brief.phase(),
        brief.channelName(),
        brief.channelId(),
        brief.commander(),
        brief.detectedAt(),
        true);
  }

  @Test
  void securityIncident_isCreatedAsAPrivateChannel_andAnOrdinaryOneIsNot() throws Exception {
    answerCreate("C200", "incident-2026-11-26-1400");
    answerOk(3);
    answerCreate("C201", "incident-2026-11-26-1400");
    answerOk(3);

    chat.openIncidentChannel(confidential(BRIEF));
    Map<String, String> privateCreate = form(next());
    paths(3);
    chat.openIncidentChannel(BRIEF);
    Map<String, String> publicCreate = form(next());

    assertThat(privateCreate).containsEntry("is_private", "1");
    assertThat(publicCreate).containsEntry("is_private", "0");
  }

  @Test
  void securityIncident_alertsChannelHearsOnlyThatItIsHandledPrivately() throws Exception {
    answer("{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1.1\"}");

    chat.postInitialStatus(confidential(BRIEF));

    String text = form(next()).get("text");
    assertThat(text).contains("security incident is being handled privately");
    assertThat(text)
        .doesNotContain("Checkout 5xx")
        .doesNotContain("checkout")
        .doesNotContain("incident-2026-11-26-1400");
  }

  @Test
  void securityIncident_leadershipIsToldByDirectMessageOnly_neverInTheChannel() throws Exception {
    answer("{\"ok\":true,\"channel\":\"D9\",\"ts\":\"1.2\"}");

    chat.notifyLeadership(
        new LeadershipNotice(confidential(BRIEF), "P0 incident: security breach", "opened"));

    assertThat(form(next())).containsEntry("channel", "UCTO");
    assertThat(slack.takeRequest(300, TimeUnit.MILLISECONDS)).as("nothing else sent").isNull();
  }

  @Test
  void postContacts_goesToTheIncidentChannelWithEveryWayToReachEach() throws Exception {
    answer("{\"ok\":true,\"channel\":\"C100\",\"ts\":\"1.3\"}");
    IncidentBrief inChannel =
        new IncidentBrief(
            "inc-1",
            BRIEF.title(),
            BRIEF.service(),
            BRIEF.namespace(),
            BRIEF.severity(),
            BRIEF.impact(),
            BRIEF.phase(),
            BRIEF.channelName(),
            "C100",
            BRIEF.commander(),
            BRIEF.detectedAt());

    chat.postContacts(
        new ContactsMessage(
            inChannel,
            List.of(
                new EmergencyContact(
                    "aws-support",
                    "AWS Support",
                    "external",
                    null,
                    List.of("https://console.aws.amazon.com/support", "<!channel> +1 555 0100"),
                    List.of("aws"))),
            "the diagnosis implicates aws"));

    Map<String, String> post = form(next());
    assertThat(post).containsEntry("channel", "C100");
    assertThat(post.get("text"))
        .contains("*Emergency contacts* (the diagnosis implicates aws)")
        .contains("*AWS Support*")
        .contains("https://console.aws.amazon.com/support")
        .contains("&lt;!channel&gt; +1 555 0100");
  }

  @Test
  void postContacts_withoutAChannel_isRefusedNotPostedInTheAlertsChannel() {
    ApplicationFailure failure =
        failureOf(
            catchThrowable(
                () -> chat.postContacts(new ContactsMessage(BRIEF, List.of(), "asked for"))));

    assertThat(failure.getType()).isEqualTo(FailureType.NOT_FOUND.type());
    assertThat(failure.isNonRetryable()).isTrue();
  }

  @Test
  void settingsNeverPrintTheToken() {
    assertThat(
            new SlackSettings(TOKEN, null, null, null, null, null, null, false, null, null)
                .toString())
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
