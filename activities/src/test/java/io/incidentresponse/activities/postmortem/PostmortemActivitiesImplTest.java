package io.incidentresponse.activities.postmortem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.incidentresponse.activities.slack.SlackSettings;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.postmortem.PostmortemActivities;
import io.incidentresponse.workflows.postmortem.PostmortemDocument;
import io.incidentresponse.workflows.postmortem.PostmortemInput;
import io.incidentresponse.workflows.postmortem.PostmortemStatus;
import io.incidentresponse.workflows.postmortem.ReviewInvitation;
import io.incidentresponse.workflows.postmortem.ReviewReminder;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slack's Web API stood up by MockWebServer; the activities run in Temporal's activity test env.
 */
class PostmortemActivitiesImplTest {
  private static final String TOKEN = "xoxb-test-token";
  private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
  private static final Instant DUE = Instant.parse("2026-12-03T14:35:00Z");
  private static final String LINK_TEMPLATE = "https://docs.example.com/postmortems/{file}";

  @TempDir Path temp;
  private final MockWebServer slack = new MockWebServer();
  private TestActivityEnvironment temporal;

  @BeforeEach
  void start() throws Exception {
    slack.start();
    temporal = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void stop() {
    temporal.close();
    slack.close();
  }

  private SlackSettings slackSettings(String token) {
    return new SlackSettings(
        token, "C0ALERTS", null, List.of(), null, null, null, false, null, null);
  }

  private PostmortemActivities activities(SlackSettings settings, Clock clock) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(slack.url("/api/").toString());
    config.setStatsEnabled(false); // else auth.test eats the first queued answer
    PostmortemActivitiesImpl impl =
        new PostmortemActivitiesImpl(
            ScriptedIncident.settings(),
            new PostmortemPublishingSettings(
                temp.resolve("docs").toString(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                LINK_TEMPLATE),
            settings,
            Slack.getInstance(config),
            clock);
    temporal.registerActivitiesImplementations(impl);
    // One attempt, so each failure is seen as thrown.
    return temporal.newActivityStub(
        PostmortemActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(20))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  private PostmortemActivities activities() {
    return activities(slackSettings(TOKEN), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private void answer(String json) {
    slack.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(json)
            .build());
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

  /**
   * Without action items: {@code ActionItem.isAssigned()} is serialized by Temporal's Jackson as an
   * {@code assigned} property that it then refuses to read back, so an input with items cannot
   * cross Temporal until the contract ignores it (reported to the lead). The renderer's tests cover
   * the items.
   */
  private static PostmortemInput input(IncidentState state) {
    return new PostmortemInput(state, DUE, null, List.of());
  }

  private static ReviewInvitation invitation(Instant start) {
    return new ReviewInvitation(
        ScriptedIncident.ID,
        "Checkout 5xx above 5%",
        "C0CHECKOUT",
        start,
        start.plus(Duration.ofHours(1)),
        "alice",
        List.of("alice", "bob", "carol@example.com"),
        "https://docs.example.com/postmortems/2026-11-26-1405-" + ScriptedIncident.ID + ".md",
        "postmortem-" + ScriptedIncident.ID + "-2026-11-26-1405");
  }

  private static String expectedFile() {
    return "2026-11-26-1405-" + ScriptedIncident.ID + ".md";
  }

  // ------------------------------------------------------------------ draft

  @Test
  void draftPostmortem_writesTheDocumentAndPostsItsLinkInTheIncidentChannel() throws Exception {
    PostmortemActivities postmortem = activities();
    answer("{\"ok\":true,\"channel\":\"C0CHECKOUT\",\"ts\":\"1.1\"}");

    PostmortemDocument document = postmortem.draftPostmortem(input(ScriptedIncident.state()));

    Path file = temp.resolve("docs").resolve(expectedFile());
    assertThat(file)
        .hasContent(
            new PostmortemRenderer(java.time.ZoneId.of("UTC"), ScriptedIncident.settings())
                .render(ScriptedIncident.state(), List.of())
                .stripTrailing());
    assertThat(document.location()).isEqualTo(file.toAbsolutePath().toString());
    assertThat(document.link()).isEqualTo("https://docs.example.com/postmortems/" + expectedFile());
    RecordedRequest post = slack.takeRequest();
    assertThat(post.getUrl().encodedPath()).isEqualTo("/api/chat.postMessage");
    assertThat(post.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    Map<String, String> form = form(post);
    assertThat(form).containsEntry("channel", "C0CHECKOUT");
    assertThat(form.get("text"))
        .startsWith(
            ":memo: *Postmortem draft* for Checkout 5xx above 5%: <" + document.link() + "|")
        .contains("before the review (due Thu 2026-12-03 14:35 UTC)");
  }

  @Test
  void draftPostmortem_givenTheIncidentsResponseTimeAndSlo_writesTheDocumentAgainstThem() {
    PostmortemActivities postmortem = activities();
    answer("{\"ok\":true}");
    IncidentState state = ScriptedIncident.state();
    state.errorBudgetBurned = null;

    postmortem.draftPostmortem(
        new PostmortemInput(state, DUE, null, List.of(), Duration.ofMinutes(3), 0.99));

    assertThat(temp.resolve("docs").resolve(expectedFile()))
        .content()
        .contains("(SLO 99%), estimated from the downtime")
        .contains("beyond the P1 response time of 3m.");
  }

  @Test
  void draftPostmortem_again_postsNothingWhenUnchanged_andAnUpdateWhenChanged() throws Exception {
    PostmortemActivities postmortem = activities();
    answer("{\"ok\":true}");
    postmortem.draftPostmortem(input(ScriptedIncident.state()));
    slack.takeRequest();

    postmortem.draftPostmortem(input(ScriptedIncident.state()));

    assertThat(slack.getRequestCount()).isEqualTo(1);

    answer("{\"ok\":true}");
    IncidentState reviewed = ScriptedIncident.state();
    reviewed.usersAffected = 13_000L;
    postmortem.draftPostmortem(input(reviewed));

    assertThat(slack.getRequestCount()).isEqualTo(2);
    assertThat(form(slack.takeRequest()).get("text"))
        .startsWith(":memo: *Postmortem updated* for Checkout 5xx above 5%: <https://");
    assertThat(temp.resolve("docs").resolve(expectedFile()))
        .content()
        .contains("- **Users Affected**: 13,000 (source:");
  }

  @Test
  void draftPostmortem_retriedAfterSlackFailed_stillPostsTheLinkOnce() throws Exception {
    PostmortemActivities postmortem = activities();
    List<String> heartbeats = new java.util.concurrent.CopyOnWriteArrayList<>();
    temporal.setActivityHeartbeatListener(String.class, heartbeats::add);
    answer("{\"ok\":false,\"error\":\"internal_error\"}");

    ApplicationFailure first =
        failureOf(
            catchThrowable(() -> postmortem.draftPostmortem(input(ScriptedIncident.state()))));

    assertThat(first.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
    assertThat(first.isNonRetryable()).isFalse();
    assertThat(heartbeats).isNotEmpty();
    // Temporal hands the failed attempt's last heartbeat to the retry.
    temporal.setHeartbeatDetails(heartbeats.get(heartbeats.size() - 1));
    answer("{\"ok\":true}");

    postmortem.draftPostmortem(input(ScriptedIncident.state()));

    // The retry finds the document unchanged, yet owes the post the first attempt could not make.
    assertThat(slack.getRequestCount()).isEqualTo(2);
    slack.takeRequest();
    assertThat(form(slack.takeRequest()).get("text")).startsWith(":memo: *Postmortem draft*");
  }

  @Test
  void draftPostmortem_whenTheIncidentChannelIsArchived_postsInTheAlertsChannel() throws Exception {
    PostmortemActivities postmortem = activities();
    answer("{\"ok\":false,\"error\":\"is_archived\"}");
    answer("{\"ok\":true}");

    postmortem.draftPostmortem(input(ScriptedIncident.state()));

    assertThat(form(slack.takeRequest())).containsEntry("channel", "C0CHECKOUT");
    Map<String, String> fallback = form(slack.takeRequest());
    assertThat(fallback).containsEntry("channel", "C0ALERTS");
    assertThat(fallback.get("text")).contains("*Postmortem draft*");
  }

  @Test
  void draftPostmortem_withoutSlack_publishesAndPostsNothing() {
    PostmortemActivities postmortem =
        activities(slackSettings(null), Clock.fixed(NOW, ZoneOffset.UTC));

    PostmortemDocument document = postmortem.draftPostmortem(input(ScriptedIncident.state()));

    assertThat(Path.of(document.location())).exists();
    assertThat(slack.getRequestCount()).isZero();
  }

  // ------------------------------------------------------------------ review invitation

  private void answerUpload(String fileId) {
    answer(
        "{\"ok\":true,\"upload_url\":\""
            + slack.url("/upload/" + fileId)
            + "\",\"file_id\":\""
            + fileId
            + "\"}");
    slack.enqueue(new MockResponse.Builder().code(200).body("OK - 512").build());
    answer("{\"ok\":true,\"files\":[{\"id\":\"" + fileId + "\",\"title\":\"review\"}]}");
  }

  @Test
  void scheduleReview_uploadsAnIcsInvitationWithAStableUidAndUtcTimes() throws Exception {
    PostmortemActivities postmortem = activities();
    answerUpload("F0ICS1");
    Instant start = Instant.parse("2026-12-02T14:00:00Z");

    postmortem.scheduleReview(invitation(start));

    RecordedRequest getUrl = slack.takeRequest();
    assertThat(getUrl.getUrl().encodedPath()).isEqualTo("/api/files.getUploadURLExternal");
    assertThat(form(getUrl))
        .containsEntry("filename", "postmortem-review-" + ScriptedIncident.ID + ".ics");
    RecordedRequest upload = slack.takeRequest();
    assertThat(upload.getUrl().encodedPath()).isEqualTo("/upload/F0ICS1");
    String ics = upload.getBody().utf8();
    assertThat(form(getUrl)).containsEntry("length", String.valueOf(upload.getBodySize()));
    assertThat(ics)
        .contains("DTSTART:20261202T140000Z")
        .contains("DTEND:20261202T150000Z")
        .contains("METHOD:REQUEST");
    ICalendar calendar = Biweekly.parse(ics).first();
    assertThat(calendar).isNotNull();
    VEvent event = calendar.getEvents().get(0);
    assertThat(event.getUid().getValue())
        .isEqualTo(ReviewCalendar.uid("postmortem-" + ScriptedIncident.ID + "-2026-11-26-1405"));
    assertThat(event.getDateStart().getValue()).isEqualTo(Date.from(start));
    assertThat(event.getDateEnd().getValue()).isEqualTo(Date.from(start.plusSeconds(3600)));
    assertThat(event.getSummary().getValue()).isEqualTo("Postmortem review: Checkout 5xx above 5%");
    assertThat(event.getDescription().getValue())
        .contains("https://docs.example.com/postmortems/2026-11-26-1405-");
    assertThat(event.getOrganizer().getCommonName()).isEqualTo("alice");
    // a name without an address still gets a value: an empty one is rejected by some clients
    assertThat(event.getOrganizer().getUri()).isEqualTo("urn:x-incident-response:person:alice");
    assertThat(event.getAttendees())
        .extracting(a -> a.getCommonName() != null ? a.getCommonName() : a.getEmail())
        .containsExactly("alice", "bob", "carol@example.com");
    assertThat(event.getDateTimeStamp().getValue()).isEqualTo(Date.from(NOW));
    RecordedRequest complete = slack.takeRequest();
    assertThat(complete.getUrl().encodedPath()).isEqualTo("/api/files.completeUploadExternal");
    Map<String, String> form = form(complete);
    assertThat(form).containsEntry("channel_id", "C0CHECKOUT");
    assertThat(form.get("files")).contains("\"id\":\"F0ICS1\"");
    assertThat(form.get("initial_comment"))
        .startsWith(":spiral_calendar_pad: *Postmortem review*: Checkout 5xx above 5%")
        .contains("*When:* Wed 2026-12-02 14:00–15:00 UTC")
        .contains("*Facilitator:* alice");
  }

  @Test
  void scheduleReview_sentAgainLater_updatesTheSameEvent() throws Exception {
    answerUpload("F0ICS1");
    activities().scheduleReview(invitation(Instant.parse("2026-12-02T14:00:00Z")));
    slack.takeRequest();
    VEvent first = Biweekly.parse(slack.takeRequest().getBody().utf8()).first().getEvents().get(0);
    slack.takeRequest();
    temporal.close();
    temporal = TestActivityEnvironment.newInstance();

    answerUpload("F0ICS2");
    activities(slackSettings(TOKEN), Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC))
        .scheduleReview(invitation(Instant.parse("2026-12-03T10:00:00Z")));
    slack.takeRequest();
    VEvent second = Biweekly.parse(slack.takeRequest().getBody().utf8()).first().getEvents().get(0);

    assertThat(second.getUid().getValue()).isEqualTo(first.getUid().getValue());
    assertThat(second.getSequence().getValue()).isGreaterThan(first.getSequence().getValue());
    assertThat(second.getDateStart().getValue())
        .isEqualTo(Date.from(Instant.parse("2026-12-03T10:00:00Z")));
  }

  @Test
  void scheduleReview_withoutSlack_isNotConfigured() {
    PostmortemActivities postmortem =
        activities(slackSettings(null), Clock.fixed(NOW, ZoneOffset.UTC));

    ApplicationFailure failure =
        failureOf(
            catchThrowable(
                () ->
                    postmortem.scheduleReview(invitation(Instant.parse("2026-12-02T14:00:00Z")))));

    assertThat(failure.getType()).isEqualTo(FailureType.NOT_CONFIGURED.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(slack.getRequestCount()).isZero();
  }

  // ------------------------------------------------------------------ reminders

  @Test
  void remindReview_postsWhatIsMissingTheDueDateAndTheDraftInTheChannel() throws Exception {
    PostmortemActivities postmortem = activities();
    answer("{\"ok\":true}");

    postmortem.remindReview(
        new ReviewReminder(
            ScriptedIncident.ID,
            "Checkout 5xx above 5%",
            "C0CHECKOUT",
            DUE,
            false,
            List.of("the review has not been held", "AI-2 has no owner"),
            "U0ALICE1",
            1,
            false,
            "https://docs.example.com/postmortems/x.md",
            null));

    RecordedRequest post = slack.takeRequest();
    Map<String, String> form = form(post);
    assertThat(post.getUrl().encodedPath()).isEqualTo("/api/chat.postMessage");
    assertThat(form).containsEntry("channel", "C0CHECKOUT");
    assertThat(form.get("text"))
        .isEqualTo(
            ":alarm_clock: *Postmortem reminder #1* for Checkout 5xx above 5% (`"
                + ScriptedIncident.ID
                + "`)\n"
                + "The review is due Thu 2026-12-03 14:35 UTC. Still missing:\n"
                + "• the review has not been held\n"
                + "• AI-2 has no owner\n"
                + "*Draft:* <https://docs.example.com/postmortems/x.md|postmortem draft>\n"
                + "<@U0ALICE1>, please follow up.");
    assertThat(slack.getRequestCount()).isEqualTo(1);
  }

  @Test
  void remindReview_escalation_postsInTheChannelAndMessagesTheTeamLeadDirectly() throws Exception {
    PostmortemActivities postmortem = activities();
    answer("{\"ok\":true}");
    answer("{\"ok\":true}");

    postmortem.remindReview(
        new ReviewReminder(
            ScriptedIncident.ID,
            "Checkout 5xx above 5%",
            "C0CHECKOUT",
            DUE,
            false,
            List.of("the review has not been held"),
            "U0LEAD01",
            3,
            true,
            null,
            null));

    Map<String, String> channel = form(slack.takeRequest());
    assertThat(channel).containsEntry("channel", "C0CHECKOUT");
    assertThat(channel.get("text"))
        .startsWith(":rotating_light: *Postmortem review overdue* for Checkout 5xx above 5%")
        .contains("The review was due Thu 2026-12-03 14:35 UTC")
        .contains("Escalated to <@U0LEAD01> (team lead).");
    Map<String, String> direct = form(slack.takeRequest());
    assertThat(direct).containsEntry("channel", "U0LEAD01");
    assertThat(direct.get("text"))
        .contains("is overdue since Thu 2026-12-03 14:35 UTC")
        .contains("• the review has not been held")
        .contains("Details in <#C0CHECKOUT>.");
  }

  @Test
  void remindReview_overdueActionItems_namesTheItemsNotTheReview_andMessagesTheLead()
      throws Exception {
    PostmortemActivities postmortem = activities();
    answer("{\"ok\":true}");
    answer("{\"ok\":true}");

    postmortem.remindReview(
        new ReviewReminder(
            ScriptedIncident.ID,
            "Checkout 5xx above 5%",
            "C0CHECKOUT",
            DUE,
            true,
            List.of("AI-1 overdue since 2026-12-10 (owner carol): Alert on pool saturation"),
            "U0LEAD01",
            4,
            true,
            null,
            ReviewReminder.FollowUp.OVERDUE));

    Map<String, String> channel = form(slack.takeRequest());
    assertThat(channel).containsEntry("channel", "C0CHECKOUT");
    assertThat(channel.get("text"))
        .startsWith(":rotating_light: *Action items overdue* for Checkout 5xx above 5%")
        .contains("• AI-1 overdue since 2026-12-10 (owner carol): Alert on pool saturation")
        .contains("<@U0LEAD01> (team lead)")
        .doesNotContain("review");
    Map<String, String> direct = form(slack.takeRequest());
    assertThat(direct).containsEntry("channel", "U0LEAD01");
    assertThat(direct.get("text")).startsWith(":rotating_light: *Action items overdue*");
  }

  @Test
  void remindReview_escalationRetriedAfterTheDirectMessageFailed_doesNotPostInTheChannelAgain()
      throws Exception {
    PostmortemActivities postmortem = activities();
    List<String> heartbeats = new java.util.concurrent.CopyOnWriteArrayList<>();
    temporal.setActivityHeartbeatListener(String.class, heartbeats::add);
    ReviewReminder reminder =
        new ReviewReminder(
            ScriptedIncident.ID,
            "Checkout 5xx above 5%",
            "C0CHECKOUT",
            DUE,
            false,
            List.of("the review has not been held"),
            "U0LEAD01",
            3,
            true,
            null,
            null);
    answer("{\"ok\":true}");
    answer("{\"ok\":false,\"error\":\"internal_error\"}");

    ApplicationFailure first = failureOf(catchThrowable(() -> postmortem.remindReview(reminder)));

    assertThat(first.isNonRetryable()).isFalse();
    assertThat(heartbeats).isNotEmpty();
    // Temporal hands the failed attempt's last heartbeat to the retry.
    temporal.setHeartbeatDetails(heartbeats.get(heartbeats.size() - 1));
    answer("{\"ok\":true}");

    postmortem.remindReview(reminder);

    assertThat(slack.getRequestCount()).isEqualTo(3);
    assertThat(form(slack.takeRequest())).containsEntry("channel", "C0CHECKOUT");
    assertThat(form(slack.takeRequest())).containsEntry("channel", "U0LEAD01");
    assertThat(form(slack.takeRequest())).containsEntry("channel", "U0LEAD01");
  }

  @Test
  void remindOverdueReview_isAnEscalationInTheAlertsChannel() throws Exception {
    PostmortemActivities postmortem = activities();
    answer("{\"ok\":true}");

    postmortem.remindOverdueReview(
        new PostmortemStatus(
            ScriptedIncident.ID,
            new PostmortemDocument("/data/postmortems/x.md"),
            null,
            DUE,
            null,
            true));

    Map<String, String> form = form(slack.takeRequest());
    assertThat(form).containsEntry("channel", "C0ALERTS");
    assertThat(form.get("text"))
        .startsWith(":rotating_light: *Postmortem review overdue*")
        .contains("*Draft:* `/data/postmortems/x.md`");
  }

  @Test
  void remindReview_whenSlackRefusesTheToken_isInvalidCredentialsAndNotRetried() {
    PostmortemActivities postmortem = activities();
    answer("{\"ok\":false,\"error\":\"invalid_auth\"}");

    ApplicationFailure failure =
        failureOf(
            catchThrowable(
                () ->
                    postmortem.remindReview(
                        new ReviewReminder(
                            ScriptedIncident.ID,
                            "t",
                            "C0CHECKOUT",
                            DUE,
                            false,
                            List.of(),
                            null,
                            1,
                            false,
                            null,
                            null))));

    assertThat(failure.getType()).isEqualTo(FailureType.INVALID_CREDENTIALS.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).doesNotContain(TOKEN);
  }

  @Test
  void scheduleReview_whenTheUploadUrlIsRefused_isClassifiedByItsError() {
    PostmortemActivities postmortem = activities();
    answer("{\"ok\":false,\"error\":\"invalid_auth\"}");

    ApplicationFailure failure =
        failureOf(
            catchThrowable(
                () ->
                    postmortem.scheduleReview(invitation(Instant.parse("2026-12-02T14:00:00Z")))));

    assertThat(failure.getType()).isEqualTo(FailureType.INVALID_CREDENTIALS.type());
    assertThat(failure.getOriginalMessage()).contains("files.getUploadURLExternal");
  }
}
