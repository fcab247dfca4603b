package io.incidentresponse.activities.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import io.incidentresponse.activities.oncall.HeldIncidents;
import io.incidentresponse.activities.slack.SlackDirectMessages;
import io.incidentresponse.activities.slack.SlackSettings;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.oncall.Handoff;
import io.incidentresponse.workflows.oncall.HandoffActivities;
import io.incidentresponse.workflows.oncall.HandoffNotice;
import io.incidentresponse.workflows.oncall.OnCallPerson;
import io.incidentresponse.workflows.oncall.OwnedIncident;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hand-off reminders by Slack DM (Slack's Web API behind MockWebServer with Slack's response
 * bodies) and e-mail (recorded; SMTP itself is tested in the worker's {@code MailPageMailerTest}),
 * in Temporal's activity test environment.
 */
class HandoffActivitiesImplTest {
  private static final String ALICE_SLACK = "U0ALICE01";
  private static final String BOB_SLACK = "U0BOB0001";
  private static final OnCallPerson ALICE =
      new OnCallPerson("alice", "Alice Ng", ALICE_SLACK, "alice@example.com", null, null);
  private static final OnCallPerson BOB =
      new OnCallPerson("bob", "Bob <b>Ray</b>", BOB_SLACK, null, null, null);
  private static final Handoff HANDOFF =
      new Handoff(
          "payments", "payments-primary", Instant.parse("2026-11-30T09:00:00Z"), ALICE, BOB);
  private static final OwnedIncident CHECKOUT =
      new OwnedIncident(
          "incident-checkout-1",
          "Checkout 5xx <!channel>",
          "checkout",
          Severity.P1,
          Phase.MITIGATING,
          "incident-2026-11-30-0812",
          List.of("incident commander"));

  private final MockWebServer server = new MockWebServer();
  private final DirectMessageSlack slack = new DirectMessageSlack(ALICE_SLACK, BOB_SLACK);
  private final List<PageMail> mails = new CopyOnWriteArrayList<>();
  private TestActivityEnvironment temporal;
  private HandoffActivities handoffs;

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(slack);
    server.start();
    temporal = TestActivityEnvironment.newInstance();
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(server.url("/api/").toString());
    config.setStatsEnabled(false);
    SlackSettings settings =
        new SlackSettings("xoxb-test", null, null, null, null, null, null, false, null, null);
    temporal.registerActivitiesImplementations(
        new HandoffActivitiesImpl(
            new HeldIncidents(null),
            new SlackDirectMessages(settings, Slack.getInstance(config)),
            mails::add));
    handoffs =
        temporal.newActivityStub(
            HandoffActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(20))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  @AfterEach
  void stop() {
    temporal.close();
    server.close();
  }

  @Test
  void notice_reachesTheOutgoingPersonByDmAndEmail_listingTheIncidentsEscaped() {
    handoffs.sendHandoffNotice(new HandoffNotice(HANDOFF, ALICE, true, List.of(CHECKOUT)));

    assertThat(slack.messagesTo(ALICE_SLACK)).hasSize(1);
    String dm = slack.messagesTo(ALICE_SLACK).get(0).path("text").asText();
    assertThat(dm)
        .contains("hand-off of payments-primary* at 2026-11-30 09:00 UTC")
        .contains("you hand over to Bob &lt;b&gt;Ray&lt;/b&gt;")
        .contains("Open incidents you holds (1)")
        .contains("*P1* checkout: Checkout 5xx &lt;!channel&gt;")
        .contains("#incident-2026-11-30-0812; incident commander")
        .doesNotContain("<!channel>");
    assertThat(mails)
        .singleElement()
        .satisfies(
            mail -> {
              assertThat(mail.to()).isEqualTo("alice@example.com");
              assertThat(mail.subject())
                  .isEqualTo(
                      "On-call hand-off of payments-primary at 2026-11-30 09:00 UTC: 1 open"
                          + " incident(s)");
              assertThat(mail.text())
                  .contains("- P1 checkout: Checkout 5xx <!channel> (MITIGATING");
            });
  }

  @Test
  void notice_toTheIncomingPerson_namesWhoHoldsTheIncidents() {
    handoffs.sendHandoffNotice(new HandoffNotice(HANDOFF, BOB, false, List.of(CHECKOUT)));

    String dm = slack.messagesTo(BOB_SLACK).get(0).path("text").asText();
    assertThat(dm)
        .contains("you take over from Alice Ng")
        .contains("Open incidents Alice Ng holds (1)");
    assertThat(mails).isEmpty(); // Bob has no address
  }

  @Test
  void notice_retried_isOneDmAndTheSameMessageId() {
    HandoffNotice notice = new HandoffNotice(HANDOFF, ALICE, true, List.of());

    handoffs.sendHandoffNotice(notice);
    handoffs.sendHandoffNotice(notice);

    assertThat(slack.messagesTo(ALICE_SLACK)).hasSize(1);
    assertThat(slack.messagesTo(ALICE_SLACK).get(0).path("text").asText())
        .contains("No open incidents to hand over.");
    assertThat(mails).hasSize(2);
    assertThat(mails.get(0).messageId()).isEqualTo(mails.get(1).messageId());
    HandoffNotice incoming = new HandoffNotice(HANDOFF, ALICE, false, List.of());
    handoffs.sendHandoffNotice(incoming);
    assertThat(slack.messagesTo(ALICE_SLACK)).hasSize(2);
    assertThat(mails.get(2).messageId()).isNotEqualTo(mails.get(0).messageId());
  }

  @Test
  void personWithoutAnyChannel_isNotConfiguredNamingWhatIsMissing() {
    OnCallPerson carol = new OnCallPerson("carol", "Carol", null, null, null, null);

    Throwable thrown =
        catchThrowable(
            () -> handoffs.sendHandoffNotice(new HandoffNotice(HANDOFF, carol, true, List.of())));

    assertThat(thrown).isInstanceOf(ActivityFailure.class);
    ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
    assertThat(failure.getType()).isEqualTo(FailureType.NOT_CONFIGURED.type());
    assertThat(failure.getOriginalMessage())
        .contains("cannot remind Carol (carol)")
        .contains("no Slack user id");
  }

  @Test
  void manyIncidents_staysWithinWhatASlackSectionTakes() {
    List<OwnedIncident> many =
        java.util.stream.IntStream.range(0, 50)
            .mapToObj(
                i ->
                    new OwnedIncident(
                        "incident-" + i,
                        "x".repeat(5000),
                        "checkout",
                        Severity.P2,
                        Phase.INVESTIGATING,
                        null,
                        List.of("acknowledged")))
            .toList();

    handoffs.sendHandoffNotice(new HandoffNotice(HANDOFF, ALICE, true, many));

    String dm = slack.messagesTo(ALICE_SLACK).get(0).path("text").asText();
    assertThat(dm.length()).isLessThanOrEqualTo(SlackDirectMessages.MAX_SECTION_TEXT);
    assertThat(dm).contains("…and more: incidentctl list");
  }
}
