package io.incidentresponse.activities.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentresponse.activities.Briefs;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.communication.PageRef;
import io.incidentresponse.workflows.communication.PageRequest;
import io.incidentresponse.workflows.communication.PageUrgency;
import io.incidentresponse.workflows.oncall.EscalationTarget;
import io.incidentresponse.workflows.oncall.OnCallPerson;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** PagerDuty's REST API v2 and Events API v2 stood up by MockWebServer. */
class PagerDutyPagingActivitiesTest {
  private static final String TOKEN = "pd-rest-token";
  private static final String ROUTING_KEY = "R0UT1NGKEY";
  private static final IncidentBrief BRIEF = Briefs.CHECKOUT_P1;
  private static final PageRef FROM_PAGERDUTY =
      new PageRef("PGR0VU2", "https://acme.pagerduty.com/incidents/PGR0VU2");

  private final MockWebServer pagerduty = new MockWebServer();
  private final ObjectMapper json = new ObjectMapper();
  private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
  private final Logger log = (Logger) LoggerFactory.getLogger(PagerDutyPagingActivities.class);
  private PagerDutyPagingActivities paging;

  @BeforeEach
  void start() throws Exception {
    warnings.start();
    log.addAppender(warnings);
    pagerduty.start();
    String base = pagerduty.url("/").toString();
    paging =
        new PagerDutyPagingActivities(
            new PagerDutySettings(TOKEN, "oncall-bot@example.com", ROUTING_KEY, base, base),
            new OkHttpClient());
  }

  @AfterEach
  void stop() {
    log.detachAppender(warnings);
    pagerduty.close();
  }

  private void answer(int code, String body) {
    pagerduty.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json")
            .body(body)
            .build());
  }

  private JsonNode body(RecordedRequest request) throws Exception {
    return json.readTree(request.getBody().utf8());
  }

  @Test
  void incidentFromPagerDuty_getsThePolicysUrgencyAndANoteAndKeepsItsPage() throws Exception {
    answer(200, "{\"incident\":{\"id\":\"PGR0VU2\",\"urgency\":\"low\"}}");
    answer(201, "{\"note\":{\"id\":\"PWL7QXS\",\"content\":\"x\"}}");

    PageRef page =
        paging.openPage(
            new PageRequest(
                BRIEF,
                FROM_PAGERDUTY,
                0,
                "primary",
                "Channel #incident-2026-11-26-1400",
                PageUrgency.LOW));

    assertThat(page.id()).isEqualTo(FROM_PAGERDUTY.id());
    assertThat(page.url()).isEqualTo(FROM_PAGERDUTY.url());
    assertThat(page.via()).containsExactly("PagerDuty");
    RecordedRequest urgency = pagerduty.takeRequest();
    assertThat(urgency.getMethod()).isEqualTo("PUT");
    assertThat(urgency.getUrl().encodedPath()).isEqualTo("/incidents/PGR0VU2");
    assertThat(body(urgency))
        .isEqualTo(
            json.readTree("{\"incident\":{\"type\":\"incident_reference\",\"urgency\":\"low\"}}"));
    RecordedRequest note = pagerduty.takeRequest();
    assertThat(note.getMethod()).isEqualTo("POST");
    assertThat(note.getUrl().encodedPath()).isEqualTo("/incidents/PGR0VU2/notes");
    assertThat(note.getHeaders().get("Authorization")).isEqualTo("Token token=" + TOKEN);
    assertThat(note.getHeaders().get("From")).isEqualTo("oncall-bot@example.com");
    assertThat(note.getHeaders().get("Accept"))
        .isEqualTo("application/vnd.pagerduty+json;version=2");
    assertThat(body(note).at("/note/content").asText())
        .contains("Channel #incident-2026-11-26-1400")
        .contains("incident-checkout-errors-abc123");
  }

  @Test
  void otherIncident_isTriggeredThroughTheEventsApiWithItsIdAsDedupKey() throws Exception {
    answer(
        202,
        "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"incident-checkout-errors-abc123\"}");
    answer(202, "{\"status\":\"success\",\"dedup_key\":\"incident-checkout-errors-abc123\"}");

    PageRef page = paging.openPage(new PageRequest(BRIEF, null, 0, "primary", "opened"));
    paging.resolvePage(new PageRequest(BRIEF, page, 0, null, "resolved"));

    RecordedRequest trigger = pagerduty.takeRequest();
    assertThat(trigger.getUrl().encodedPath()).isEqualTo("/v2/enqueue");
    JsonNode event = body(trigger);
    assertThat(event.path("routing_key").asText()).isEqualTo(ROUTING_KEY);
    assertThat(event.path("event_action").asText()).isEqualTo("trigger");
    assertThat(event.path("dedup_key").asText()).isEqualTo("incident-checkout-errors-abc123");
    assertThat(event.at("/payload/severity").asText())
        .as("a high-urgency page (the default)")
        .isEqualTo("critical");
    assertThat(event.at("/payload/source").asText()).isEqualTo("checkout");
    assertThat(event.at("/payload/custom_details/severity").asText()).isEqualTo("P1");
    JsonNode resolve = body(pagerduty.takeRequest());
    assertThat(resolve.path("event_action").asText()).isEqualTo("resolve");
    assertThat(resolve.path("dedup_key").asText()).isEqualTo("incident-checkout-errors-abc123");
  }

  @Test
  void acknowledgeAndEscalate_setAbsoluteStateSoRetriesAreSafe() throws Exception {
    answer(200, "{\"incident\":{\"id\":\"PGR0VU2\",\"status\":\"acknowledged\"}}");
    answer(200, "{\"incident\":{\"id\":\"PGR0VU2\"}}");

    paging.acknowledgePage(new PageRequest(BRIEF, FROM_PAGERDUTY, 0, "alice", "ack"));
    paging.escalatePage(new PageRequest(BRIEF, FROM_PAGERDUTY, 1, "secondary-oncall", "late"));

    RecordedRequest ack = pagerduty.takeRequest();
    assertThat(ack.getMethod()).isEqualTo("PUT");
    assertThat(ack.getUrl().encodedPath()).isEqualTo("/incidents/PGR0VU2");
    assertThat(body(ack).at("/incident/status").asText()).isEqualTo("acknowledged");
    assertThat(body(ack).at("/incident/type").asText()).isEqualTo("incident_reference");
    JsonNode escalate = body(pagerduty.takeRequest());
    assertThat(escalate.at("/incident/escalation_level").asInt())
        .as("PagerDuty counts from 1")
        .isEqualTo(2);
    assertThat(body(ack).at("/incident/urgency").isMissingNode())
        .as("acknowledging changes no urgency")
        .isTrue();
  }

  @Test
  void trigger_carriesTheUrgencyAsTheEventSeverity() throws Exception {
    answer(202, "{\"status\":\"success\",\"dedup_key\":\"a\"}");
    answer(202, "{\"status\":\"success\",\"dedup_key\":\"b\"}");

    paging.openPage(new PageRequest(BRIEF, null, 0, "primary", "opened", PageUrgency.HIGH));
    paging.openPage(new PageRequest(BRIEF, null, 0, "primary", "opened", PageUrgency.LOW));

    JsonNode high = body(pagerduty.takeRequest());
    JsonNode low = body(pagerduty.takeRequest());
    assertThat(high.at("/payload/severity").asText()).isEqualTo("critical");
    assertThat(high.at("/payload/custom_details/urgency").asText()).isEqualTo("high");
    assertThat(low.at("/payload/severity").asText()).isEqualTo("warning");
    assertThat(low.at("/payload/custom_details/urgency").asText()).isEqualTo("low");
  }

  @Test
  void escalation_carriesTheUrgencyWithTheLevel() throws Exception {
    answer(200, "{\"incident\":{\"id\":\"PGR0VU2\"}}");
    answer(200, "{\"incident\":{\"id\":\"PGR0VU2\"}}");

    paging.escalatePage(
        new PageRequest(BRIEF, FROM_PAGERDUTY, 1, "secondary", "late", PageUrgency.LOW));
    paging.escalatePage(
        new PageRequest(BRIEF, FROM_PAGERDUTY, 2, "manager", "later", PageUrgency.HIGH));

    assertThat(body(pagerduty.takeRequest()))
        .isEqualTo(
            json.readTree(
                "{\"incident\":{\"type\":\"incident_reference\",\"escalation_level\":2,"
                    + "\"urgency\":\"low\"}}"));
    assertThat(body(pagerduty.takeRequest()).at("/incident/urgency").asText()).isEqualTo("high");
  }

  @Test
  void urgencyRefusedByPagerDuty_stillEscalates() throws Exception {
    answer(
        400,
        "{\"error\":{\"message\":\"Invalid Input Provided\",\"code\":2001,"
            + "\"errors\":[\"Urgency is not supported for this service\"]}}");
    answer(200, "{\"incident\":{\"id\":\"PGR0VU2\"}}");

    paging.escalatePage(
        new PageRequest(BRIEF, FROM_PAGERDUTY, 1, "secondary", "late", PageUrgency.LOW));

    assertThat(body(pagerduty.takeRequest()).at("/incident/urgency").asText()).isEqualTo("low");
    JsonNode again = body(pagerduty.takeRequest());
    assertThat(again.at("/incident/escalation_level").asInt()).isEqualTo(2);
    assertThat(again.at("/incident/urgency").isMissingNode()).isTrue();
    assertThat(warnings.list)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getFormattedMessage())
                    .contains("urgency low")
                    .contains("Urgency is not supported for this service")
                    .doesNotContain(TOKEN));
  }

  @Test
  void escalationRefusedForAnotherReason_failsAsBadRequest() {
    answer(400, "{\"error\":{\"message\":\"Escalation level out of range\",\"code\":2001}}");
    answer(400, "{\"error\":{\"message\":\"Escalation level out of range\",\"code\":2001}}");

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                paging.escalatePage(
                    new PageRequest(BRIEF, FROM_PAGERDUTY, 9, "nobody", "late", PageUrgency.HIGH)));

    assertThat(failure.getType()).isEqualTo("BAD_REQUEST");
    assertThat(failure.getOriginalMessage()).contains("Escalation level out of range");
    assertThat(pagerduty.getRequestCount()).isEqualTo(2);
  }

  @Test
  void withoutARestToken_escalatingAnEventsApiPageIsNotConfigured() {
    PagerDutyPagingActivities eventsOnly =
        new PagerDutyPagingActivities(
            new PagerDutySettings(null, null, ROUTING_KEY, null, pagerduty.url("/").toString()),
            new OkHttpClient());

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                eventsOnly.escalatePage(
                    new PageRequest(
                        BRIEF,
                        new PageRef("dedup:incident-checkout-errors-abc123", null),
                        1,
                        "secondary",
                        "late")));

    assertThat(failure.getType()).isEqualTo("NOT_CONFIGURED");
    assertThat(failure.getOriginalMessage()).contains("PAGERDUTY_API_TOKEN");
    assertThat(pagerduty.getRequestCount()).as("no call with an empty token").isZero();
  }

  @Test
  void escalatingAnEventsApiPage_findsItsIncidentByDedupKey() throws Exception {
    answer(
        200,
        "{\"incidents\":[{\"id\":\"PXYZ123\",\"incident_key\":\"incident-checkout-errors-abc123\"}]}");
    answer(200, "{\"incident\":{\"id\":\"PXYZ123\"}}");

    paging.escalatePage(
        new PageRequest(
            BRIEF,
            new PageRef("dedup:incident-checkout-errors-abc123", null),
            1,
            "secondary",
            "late"));

    RecordedRequest lookup = pagerduty.takeRequest();
    assertThat(lookup.getMethod()).isEqualTo("GET");
    assertThat(lookup.getUrl().queryParameter("incident_key"))
        .isEqualTo("incident-checkout-errors-abc123");
    assertThat(pagerduty.takeRequest().getUrl().encodedPath()).isEqualTo("/incidents/PXYZ123");
  }

  @Test
  void failures_areClassified() {
    answer(401, "{\"error\":{\"message\":\"Unauthorized\",\"code\":2006}}");
    answer(404, "{\"error\":{\"message\":\"Not Found\",\"code\":2100}}");
    pagerduty.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "12")
            .body("{\"error\":{\"message\":\"Rate Limit Exceeded\"}}")
            .build());
    answer(503, "{\"error\":{\"message\":\"Service Unavailable\"}}");
    PageRequest ack = new PageRequest(BRIEF, FROM_PAGERDUTY, 0, "alice", "ack");

    ApplicationFailure unauthorized =
        catchThrowableOfType(ApplicationFailure.class, () -> paging.acknowledgePage(ack));
    ApplicationFailure missing =
        catchThrowableOfType(ApplicationFailure.class, () -> paging.acknowledgePage(ack));
    ApplicationFailure limited =
        catchThrowableOfType(ApplicationFailure.class, () -> paging.acknowledgePage(ack));
    ApplicationFailure down =
        catchThrowableOfType(ApplicationFailure.class, () -> paging.acknowledgePage(ack));

    assertThat(unauthorized.getType()).isEqualTo("INVALID_CREDENTIALS");
    assertThat(unauthorized.isNonRetryable()).isTrue();
    assertThat(unauthorized.getOriginalMessage()).contains("Unauthorized").doesNotContain(TOKEN);
    assertThat(missing.getType()).isEqualTo("NOT_FOUND");
    assertThat(limited.getType()).isEqualTo("RATE_LIMITED");
    assertThat(limited.isNonRetryable()).isFalse();
    assertThat(limited.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(12));
    assertThat(down.getType()).isEqualTo("UNAVAILABLE");
    assertThat(down.isNonRetryable()).isFalse();
  }

  @Test
  void withoutARoutingKey_anIncidentFromElsewhereIsNotConfigured() {
    PagerDutyPagingActivities restOnly =
        new PagerDutyPagingActivities(
            new PagerDutySettings(TOKEN, null, null, pagerduty.url("/").toString(), null),
            new OkHttpClient());

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> restOnly.openPage(new PageRequest(BRIEF, null, 0, "primary", "x")));

    assertThat(failure.getType()).isEqualTo("NOT_CONFIGURED");
    assertThat(pagerduty.getRequestCount()).isZero();
    assertThat(new PagerDutySettings(TOKEN, null, ROUTING_KEY, null, null).toString())
        .doesNotContain(TOKEN)
        .doesNotContain(ROUTING_KEY);
  }

  // ------------------------------------------------------------ the person the roster resolved

  private static final OnCallPerson ALICE =
      new OnCallPerson("alice", "Alice Ng", "U0ALICE", "alice@example.com", null, "PABC123");

  /** The next request PagerDuty received; fails (rather than waits forever) when none came. */
  private RecordedRequest next() throws InterruptedException {
    RecordedRequest request = pagerduty.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(request).as("a request to PagerDuty").isNotNull();
    return request;
  }

  private static EscalationTarget person(OnCallPerson person) {
    return new EscalationTarget(
        "secondary-oncall", person, "rotation payments-secondary", null, null);
  }

  @Test
  void escalation_toAPersonWithAPagerDutyUser_assignsTheIncidentToThatUser() throws Exception {
    answer(200, "{\"incident\":{\"id\":\"PGR0VU2\"}}");

    PageRef page =
        paging.escalatePage(
            new PageRequest(BRIEF, FROM_PAGERDUTY, 1, "secondary-oncall", "late")
                .withPerson(person(ALICE)));

    RecordedRequest put = next();
    assertThat(put.getMethod()).isEqualTo("PUT");
    assertThat(put.getUrl().encodedPath()).isEqualTo("/incidents/PGR0VU2");
    assertThat(body(put))
        .isEqualTo(
            json.readTree(
                "{\"incident\":{\"type\":\"incident_reference\",\"assignments\":[{\"assignee\":"
                    + "{\"id\":\"PABC123\",\"type\":\"user_reference\"}}],\"urgency\":\"high\"}}"));
    assertThat(page.via()).containsExactly("PagerDuty user PABC123");
  }

  @Test
  void pageBesideTheFirstResponder_addsTheUserAndKeepsWhoIsAssigned() throws Exception {
    answer(
        200,
        "{\"incident\":{\"id\":\"PGR0VU2\",\"escalation_level\":1,\"assignments\":[{\"at\":"
            + "\"2026-11-30T06:00:00Z\",\"assignee\":{\"id\":\"PPRIMARY\",\"type\":"
            + "\"user_reference\",\"summary\":\"Pat Primary\"}}]}}");
    answer(200, "{\"incident\":{\"id\":\"PGR0VU2\"}}");

    PageRef page =
        paging.escalatePage(
            new PageRequest(BRIEF, FROM_PAGERDUTY, 0, "security-lead", "security incident")
                .withPerson(person(ALICE)));

    RecordedRequest get = next();
    assertThat(get.getMethod()).isEqualTo("GET");
    assertThat(get.getUrl().encodedPath()).isEqualTo("/incidents/PGR0VU2");
    JsonNode put = body(next());
    assertThat(put.at("/incident/assignments"))
        .extracting(a -> a.at("/assignee/id").asText())
        .containsExactly("PABC123", "PPRIMARY");
    assertThat(put.at("/incident/escalation_level").isMissingNode()).isTrue();
    assertThat(page.via()).containsExactly("PagerDuty user PABC123");
  }

  @Test
  void escalation_toALevelMappedToAnEscalationPolicy_movesTheIncidentToThatPolicy()
      throws Exception {
    answer(200, "{\"incident\":{\"id\":\"PGR0VU2\"}}");

    PageRef page =
        paging.escalatePage(
            new PageRequest(BRIEF, FROM_PAGERDUTY, 2, "team-lead", "later")
                .withPerson(new EscalationTarget("team-lead", null, "policy", "PEPOL42", null)));

    JsonNode sent = body(next());
    assertThat(sent.at("/incident/escalation_policy"))
        .isEqualTo(json.readTree("{\"id\":\"PEPOL42\",\"type\":\"escalation_policy_reference\"}"));
    assertThat(sent.at("/incident/escalation_level").isMissingNode()).isTrue();
    assertThat(sent.at("/incident/assignments").isMissingNode()).isTrue();
    assertThat(page.via()).containsExactly("PagerDuty escalation policy PEPOL42");
  }

  @Test
  void escalation_toAPersonWithoutPagerDutyIds_escalatesTheLevelAsBefore() throws Exception {
    answer(200, "{\"incident\":{\"id\":\"PGR0VU2\"}}");

    PageRef page =
        paging.escalatePage(
            new PageRequest(BRIEF, FROM_PAGERDUTY, 1, "secondary-oncall", "late")
                .withPerson(person(new OnCallPerson("bob", "Bob", "U0BOB", null, null, null))));

    JsonNode sent = body(next());
    assertThat(sent.at("/incident/escalation_level").asInt()).isEqualTo(2);
    assertThat(sent.at("/incident/assignments").isMissingNode()).isTrue();
    assertThat(page.via()).containsExactly("PagerDuty escalation level 2");
  }

  @Test
  void triggeredPage_forAPerson_isAssignedToThemOnceThePagerDutyIncidentExists() throws Exception {
    answer(202, "{\"status\":\"success\",\"dedup_key\":\"incident-checkout-errors-abc123\"}");
    answer(
        200,
        "{\"incidents\":[{\"id\":\"PXYZ123\",\"incident_key\":\"incident-checkout-errors-abc123\"}]}");
    answer(200, "{\"incident\":{\"id\":\"PXYZ123\"}}");

    PageRef page =
        paging.openPage(
            new PageRequest(BRIEF, null, 0, "primary", "opened").withPerson(person(ALICE)));

    assertThat(body(next()).path("event_action").asText()).isEqualTo("trigger");
    assertThat(next().getUrl().queryParameter("incident_key"))
        .isEqualTo("incident-checkout-errors-abc123");
    RecordedRequest assign = next();
    assertThat(assign.getUrl().encodedPath()).isEqualTo("/incidents/PXYZ123");
    assertThat(body(assign).at("/incident/assignments/0/assignee/id").asText())
        .isEqualTo("PABC123");
    assertThat(page.id()).isEqualTo("dedup:incident-checkout-errors-abc123");
    assertThat(page.via()).containsExactly("PagerDuty user PABC123");
  }
}
