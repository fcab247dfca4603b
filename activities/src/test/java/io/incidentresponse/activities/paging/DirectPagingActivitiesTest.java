package io.incidentresponse.activities.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.incidentresponse.activities.Briefs;
import io.incidentresponse.activities.slack.SlackDirectMessages;
import io.incidentresponse.activities.slack.SlackSettings;
import io.incidentresponse.workflows.communication.PageRef;
import io.incidentresponse.workflows.communication.PageRequest;
import io.incidentresponse.workflows.communication.PageUrgency;
import io.incidentresponse.workflows.communication.PagingActivities;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.oncall.EscalationTarget;
import io.incidentresponse.workflows.oncall.OnCallPerson;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Paging without PagerDuty: Slack's Web API behind MockWebServer with Slack's response bodies, the
 * activity in Temporal's activity test environment. The e-mail side is recorded here; it is sent
 * through a real SMTP server in the worker's {@code MailPageMailerTest}.
 */
class DirectPagingActivitiesTest {
  private static final String ALICE_SLACK = "U0ALICE01";
  private static final OnCallPerson ALICE =
      new OnCallPerson("alice", "Alice Ng", ALICE_SLACK, "alice@example.com", null, null);
  private static final OnCallPerson SLACK_ONLY =
      new OnCallPerson("alice", "Alice Ng", ALICE_SLACK, null, null, null);

  private final ObjectMapper json = new ObjectMapper();
  private final MockWebServer server = new MockWebServer();
  private final DirectMessageSlack slack = new DirectMessageSlack(ALICE_SLACK, "U0BOB0001");
  private final List<PageMail> mails = new CopyOnWriteArrayList<>();
  private volatile ApplicationFailure mailFailure;
  private TestActivityEnvironment temporal;

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(slack);
    server.start();
    temporal = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void stop() {
    temporal.close();
    server.close();
  }

  private PagingActivities paging(boolean withSlack, boolean withMail) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(server.url("/api/").toString());
    config.setStatsEnabled(false); // else auth.test comes first
    SlackSettings settings =
        new SlackSettings("xoxb-test", null, null, null, null, null, null, false, null, null);
    PageMailer mailer =
        mail -> {
          if (mailFailure != null) {
            throw mailFailure;
          }
          mails.add(mail);
        };
    temporal.registerActivitiesImplementations(
        new DirectPagingActivities(
            withSlack ? new SlackDirectMessages(settings, Slack.getInstance(config)) : null,
            withMail ? mailer : null));
    return temporal.newActivityStub(
        PagingActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(20))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  private static PageRequest page(int level, OnCallPerson person) {
    return page(level, person, PageUrgency.HIGH);
  }

  private static PageRequest page(int level, OnCallPerson person, PageUrgency urgency) {
    return new PageRequest(
            Briefs.CHECKOUT_P1,
            null,
            level,
            level == 0 ? "primary-oncall" : "secondary-oncall",
            "Unacknowledged P1 incident after 15m",
            urgency)
        .withPerson(
            new EscalationTarget(
                "primary-oncall", person, "rotation checkout-primary, weekly", null, null));
  }

  private static ApplicationFailure failure(Runnable call) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).isInstanceOf(ActivityFailure.class);
    return (ApplicationFailure) thrown.getCause();
  }

  private JsonNode blocks(JsonNode message) {
    return message.path("blocks");
  }

  @Test
  void page_sendsADmToThePersonsSlackUser_withAnAcknowledgeButtonForTheIncident_andAnEmail()
      throws Exception {
    PageRef page = paging(true, true).escalatePage(page(1, ALICE));

    assertThat(page.id()).isEqualTo("direct:incident-checkout-errors-abc123");
    assertThat(page.via()).containsExactly("Slack DM", "e-mail");
    assertThat(slack.calls("conversations.open"))
        .singleElement()
        .satisfies(c -> assertThat(c.form().get("users")).isEqualTo(ALICE_SLACK));
    assertThat(slack.calls("chat.postMessage"))
        .singleElement()
        .satisfies(c -> assertThat(c.form().get("channel")).isEqualTo("D0ALICE01"));
    JsonNode message = slack.messagesTo(ALICE_SLACK).get(0);
    String text = blocks(message).get(0).at("/text/text").asText();
    assertThat(text)
        .contains("P1 incident")
        .contains("Checkout 5xx above 5%")
        .contains("checkout")
        .contains("escalation level 1 (secondary-oncall)")
        .contains("rotation checkout-primary")
        .contains("HIGH urgency")
        .contains("#incident-2026-11-26-1400");
    JsonNode button = blocks(message).get(1).at("/elements/0");
    assertThat(button.path("action_id").asText()).isEqualTo("incident-page-acknowledge");
    JsonNode value = json.readTree(button.path("value").asText());
    assertThat(value.path("incidentId").asText()).isEqualTo("incident-checkout-errors-abc123");
    assertThat(value.path("level").asInt()).isEqualTo(1);
    assertThat(value.path("person").asText()).isEqualTo("alice");
    assertThat(value.path("slackUserId").asText()).isEqualTo(ALICE_SLACK);
    assertThat(mails)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.to()).isEqualTo("alice@example.com");
              assertThat(m.subject()).isEqualTo("[P1] Page (HIGH urgency): Checkout 5xx above 5%");
            });
  }

  @Test
  void retriedPage_findsItsEarlierDm_andDoesNotPostTwice_whileTheNextLevelIsANewDm() {
    PagingActivities paging = paging(true, true);

    paging.escalatePage(page(1, ALICE));
    paging.escalatePage(page(1, ALICE));
    paging.escalatePage(page(2, ALICE));

    assertThat(slack.calls("chat.postMessage")).hasSize(2);
    assertThat(slack.messagesTo(ALICE_SLACK)).hasSize(2);
    assertThat(mails).hasSize(3);
    assertThat(mails.get(1).messageId()).isEqualTo(mails.get(0).messageId());
    assertThat(mails.get(2).messageId()).isNotEqualTo(mails.get(0).messageId());
  }

  @Test
  void retriedEmail_carriesTheSameMessageId() {
    PagingActivities paging = paging(false, true);

    paging.escalatePage(page(1, ALICE));
    paging.escalatePage(page(1, ALICE));

    assertThat(mails).hasSize(2);
    assertThat(mails.get(0).messageId())
        .isEqualTo(mails.get(1).messageId())
        .startsWith("<incident-checkout-errors-abc123.page-1.")
        .endsWith("@incident-response>");
  }

  @Test
  void slackRateLimitThenOk_waitsForTheRetryAfterAndPostsOnce() {
    slack.fail("chat.postMessage", DirectMessageSlack.Fault.RATE_LIMITED);

    PageRef page = paging(true, false).escalatePage(page(1, SLACK_ONLY));

    assertThat(page.via()).containsExactly("Slack DM");
    assertThat(slack.calls("chat.postMessage")).hasSize(2);
    assertThat(slack.messagesTo(ALICE_SLACK)).hasSize(1);
  }

  @Test
  void slackDown_butEmailWorks_isAPageByEmail() {
    slack.down();

    PageRef page = paging(true, true).escalatePage(page(1, ALICE));

    assertThat(page.via()).containsExactly("e-mail");
    assertThat(mails).hasSize(1);
  }

  @Test
  void slackDown_andEmailDown_isARetryableFailureNamingThePersonAndEachChannel() {
    slack.down();
    mailFailure =
        ApplicationFailure.newFailure("SMTP send failed: timeout", FailureType.UNAVAILABLE.type());

    ApplicationFailure failure = failure(() -> paging(true, true).escalatePage(page(1, ALICE)));

    assertThat(failure.getType()).isEqualTo("UNAVAILABLE");
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage())
        .contains("Alice Ng (alice)")
        .contains("Slack DM failed")
        .contains("e-mail failed (UNAVAILABLE: SMTP send failed: timeout)")
        .doesNotContain("xoxb");
  }

  @Test
  void aSlackUserIdThatIsNoUser_withNoEmail_isANonRetryableNotFound() {
    OnCallPerson ghost = new OnCallPerson("ghost", "Ghost", "U0NOSUCH1", null, null, null);

    ApplicationFailure failure = failure(() -> paging(true, true).escalatePage(page(1, ghost)));

    assertThat(failure.getType()).isEqualTo("NOT_FOUND");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("ghost").contains("user_not_found");
    assertThat(slack.calls("chat.postMessage")).isEmpty();
  }

  @Test
  void aPersonWithNoChannel_isNotConfigured_namingWhatIsMissing() {
    OnCallPerson phoneOnly = new OnCallPerson("carol", "Carol", null, null, "+49 30 1234", null);

    ApplicationFailure failure =
        failure(() -> paging(true, false).escalatePage(page(1, phoneOnly)));

    assertThat(failure.getType()).isEqualTo("NOT_CONFIGURED");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("carol")
        .contains("no Slack user id")
        .contains("e-mail is not configured");
    assertThat(slack.calls("conversations.open")).isEmpty();
  }

  @Test
  void nobodyOnCall_isANonRetryableFailureSayingSo() {
    PageRequest nobody =
        page(2, ALICE)
            .withPerson(
                new EscalationTarget("team-lead", null, null, null, "no rotation for team-lead"));

    PagingActivities paging = paging(true, true);
    ApplicationFailure failure = failure(() -> paging.escalatePage(nobody));
    ApplicationFailure unresolved = failure(() -> paging.openPage(page(0, ALICE).withPerson(null)));

    assertThat(failure.getType()).isEqualTo("NOT_FOUND");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("nobody is on call for escalation level 2")
        .contains("no rotation for team-lead");
    assertThat(unresolved.getOriginalMessage()).contains("nobody is on call");
    assertThat(slack.calls("conversations.open")).isEmpty();
    assertThat(mails).isEmpty();
  }

  @Test
  void acknowledge_replacesTheDmWithWhoAcknowledged_withoutTheButton_andResolveAfterIt() {
    PagingActivities paging = paging(true, false);
    PageRef page = paging.openPage(page(0, SLACK_ONLY));
    PageRequest base = page(0, SLACK_ONLY);

    paging.acknowledgePage(
        new PageRequest(base.brief(), page, 0, "bob", "Acknowledged in Slack")
            .withPerson(base.person()));

    JsonNode acknowledged = slack.messagesTo(ALICE_SLACK).get(0);
    assertThat(acknowledged.path("text").asText()).contains("Acknowledged").contains("bob");
    assertThat(blocks(acknowledged)).hasSize(1);
    assertThat(blocks(acknowledged).get(0).path("type").asText()).isEqualTo("section");

    paging.resolvePage(
        new PageRequest(base.brief(), page, 0, null, "Incident resolved")
            .withPerson(base.person()));

    assertThat(slack.calls("chat.update")).hasSize(2);
    assertThat(slack.messagesTo(ALICE_SLACK).get(0).path("text").asText()).contains("Resolved");
  }

  @Test
  void lowUrgencyPage_isStillSent_andSaysLowUrgency() {
    paging(true, true).openPage(page(0, ALICE, PageUrgency.LOW));

    assertThat(slack.messagesTo(ALICE_SLACK).get(0).path("text").asText()).contains("low urgency");
    assertThat(mails.get(0).subject()).startsWith("[P1] Page (low urgency)");
  }

  @Test
  void aPersonWithA5000CharacterName_isPagedWithinSlacksLimits() throws Exception {
    OnCallPerson longName =
        new OnCallPerson(
            "x".repeat(5000), "N".repeat(5000), ALICE_SLACK, "a@example.com", null, null);

    PageRef page = paging(true, true).escalatePage(page(1, longName));

    assertThat(page.via()).containsExactly("Slack DM", "e-mail");
    JsonNode message = slack.messagesTo(ALICE_SLACK).get(0);
    assertThat(message.path("text").asText().length()).isLessThanOrEqualTo(3000);
    assertThat(blocks(message).get(0).at("/text/text").asText().length()).isLessThanOrEqualTo(3000);
    String value = blocks(message).get(1).at("/elements/0/value").asText();
    assertThat(value.length()).isLessThanOrEqualTo(2000);
    assertThat(json.readTree(value).path("incidentId").asText())
        .isEqualTo("incident-checkout-errors-abc123");
    assertThat(blocks(message).get(1).path("block_id").asText().length()).isLessThanOrEqualTo(255);
    assertThat(mails.get(0).text().length()).isLessThan(3000);
  }
}
