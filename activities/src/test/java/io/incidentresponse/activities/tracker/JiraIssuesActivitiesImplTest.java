package io.incidentresponse.activities.tracker;

import static io.incidentresponse.activities.tracker.Tickets.POOL_ALERT;
import static io.incidentresponse.activities.tracker.Tickets.answer;
import static io.incidentresponse.activities.tracker.Tickets.loseTheAnswer;
import static io.incidentresponse.activities.tracker.Tickets.taken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import io.incidentresponse.workflows.tracker.TicketState;
import io.incidentresponse.workflows.tracker.TrackerTicket;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jira REST v2 (Cloud and Server) stood up by MockWebServer with the API's own response shapes. */
class JiraIssuesActivitiesImplTest {
  private static final String TOKEN = "ATATT3xFfGF0-test-api-token";
  private static final String LABEL = "incident-response-inc-checkout-7-ai-1";

  private final MockWebServer jira = new MockWebServer();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void start() throws Exception {
    jira.start();
  }

  @AfterEach
  void stop() {
    jira.close();
  }

  /** Jira Cloud: basic auth with the account's e-mail and an API token. */
  private JiraIssues cloud() {
    return jira("ops-bot@acme.example");
  }

  /** Jira Server / Data Center: a bearer personal access token. */
  private JiraIssues server() {
    return jira(null);
  }

  private JiraIssues jira(String email) {
    return new JiraIssues(
        new TrackerSettings(
            "jira",
            jira.url("/").toString(),
            "OPS",
            "Task",
            null,
            TOKEN,
            null,
            email,
            null,
            null,
            null),
        new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build());
  }

  private String base() {
    return jira.url("/").toString().replaceAll("/$", "");
  }

  /** {@code POST /rest/api/2/issue} → 201. */
  private String created(String key) {
    return "{\"id\":\"10042\",\"key\":\"%s\",\"self\":\"%s/rest/api/2/issue/10042\"}"
        .formatted(key, base());
  }

  /** {@code GET /rest/api/2/search/jql} with {@code fields=status}. */
  private String found(String... keys) {
    StringBuilder issues = new StringBuilder();
    for (String key : keys) {
      if (!issues.isEmpty()) {
        issues.append(',');
      }
      issues.append(
          """
          {"expand":"","id":"10042","self":"%s/rest/api/2/issue/10042","key":"%s",
           "fields":{"status":{"self":"%s/rest/api/2/status/10000","name":"To Do","id":"10000",
             "statusCategory":{"id":2,"key":"new","colorName":"blue-gray","name":"To Do"}}}}
          """
              .formatted(base(), key, base()));
    }
    return "{\"issues\":[" + issues + "],\"isLast\":true}";
  }

  /** {@code GET /rest/api/2/issue/OPS-12?fields=status,resolution}. */
  private String issue(String status, String category, String resolution) {
    return """
        {"expand":"renderedFields,names,schema,operations,editmeta,changelog","id":"10042",
         "self":"%1$s/rest/api/2/issue/10042","key":"OPS-12",
         "fields":{
           "resolution":%2$s,
           "status":{"self":"%1$s/rest/api/2/status/10001","description":"","iconUrl":"",
             "name":"%3$s","id":"10001",
             "statusCategory":{"self":"%1$s/rest/api/2/statuscategory/3","id":3,"key":"%4$s",
               "colorName":"green","name":"Done"}}}}
        """
        .formatted(
            base(),
            resolution == null
                ? "null"
                : "{\"self\":\""
                    + base()
                    + "/rest/api/2/resolution/10001\",\"id\":\"10001\","
                    + "\"description\":\"\",\"name\":\""
                    + resolution
                    + "\"}",
            status,
            category);
  }

  private JsonNode body(RecordedRequest request) throws Exception {
    return json.readTree(request.getBody().utf8());
  }

  @Test
  void openTicket_onCloud_searchesByTheItemsLabel_thenCreatesOneIssue() throws Exception {
    answer(jira, 200, found());
    answer(jira, 201, created("OPS-12"));

    TrackerTicket ticket = cloud().openTicket(POOL_ALERT);

    assertThat(ticket).isEqualTo(new TrackerTicket("OPS-12", base() + "/browse/OPS-12"));
    List<RecordedRequest> requests = taken(jira);
    assertThat(requests).hasSize(2);
    RecordedRequest search = requests.get(0);
    assertThat(search.getUrl().encodedPath()).isEqualTo("/rest/api/2/search/jql");
    assertThat(search.getUrl().queryParameter("jql"))
        .isEqualTo("project = \"OPS\" AND labels = \"" + LABEL + "\"");
    RecordedRequest create = requests.get(1);
    assertThat(create.getMethod()).isEqualTo("POST");
    assertThat(create.getUrl().encodedPath()).isEqualTo("/rest/api/2/issue");
    assertThat(create.getHeaders().get("Authorization"))
        .isEqualTo(Credentials.basic("ops-bot@acme.example", TOKEN));
    JsonNode fields = body(create).path("fields");
    assertThat(fields.path("project").path("key").asText()).isEqualTo("OPS");
    assertThat(fields.path("issuetype").path("name").asText()).isEqualTo("Task");
    assertThat(fields.path("summary").asText())
        .isEqualTo("[inc-checkout-7] Alert on connection pool saturation");
    assertThat(fields.path("description").asText()).contains("Owner: carol", "Due: 2026-12-10");
    assertThat(fields.path("labels").toString())
        .isEqualTo("[\"incident-follow-up\",\"" + LABEL + "\"]");
  }

  @Test
  void openTicket_onServer_fallsBackToTheOlderSearch_withABearerToken() throws Exception {
    answer(jira, 404, "<html><body>Not Found</body></html>");
    answer(jira, 200, "{\"startAt\":0,\"maxResults\":1,\"total\":0,\"issues\":[]}");
    answer(jira, 201, created("OPS-13"));

    assertThat(server().openTicket(POOL_ALERT).key()).isEqualTo("OPS-13");
    List<RecordedRequest> requests = taken(jira);
    assertThat(requests)
        .extracting(r -> r.getUrl().encodedPath())
        .containsExactly("/rest/api/2/search/jql", "/rest/api/2/search", "/rest/api/2/issue");
    assertThat(requests.get(2).getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void openTicket_retriedAfterALostAnswer_findsTheFirstIssueAndCreatesNoSecond() throws Exception {
    JiraIssues jira = cloud();
    answer(this.jira, 200, found());
    loseTheAnswer(this.jira);
    ApplicationFailure lost =
        catchThrowableOfType(ApplicationFailure.class, () -> jira.openTicket(POOL_ALERT));
    assertThat(lost.getType()).isEqualTo(FailureType.UNAVAILABLE.type());

    answer(this.jira, 200, found("OPS-12"));
    assertThat(jira.openTicket(POOL_ALERT).key()).isEqualTo("OPS-12");

    assertThat(taken(this.jira))
        .extracting(RecordedRequest::getMethod)
        .containsExactly("GET", "POST", "GET");
  }

  @Test
  void readTicket_doneWithResolutionDone_isDone() throws Exception {
    answer(jira, 200, issue("Done", "done", "Done"));

    TicketState state = cloud().readTicket(new TrackerTicket("OPS-12", "u"));

    assertThat(state.status()).isEqualTo(ActionItemStatus.DONE);
    assertThat(state.reason()).isEqualTo("resolved Done in Jira OPS-12");
    RecordedRequest read = jira.takeRequest();
    assertThat(read.getUrl().encodedPath()).isEqualTo("/rest/api/2/issue/OPS-12");
    assertThat(read.getUrl().queryParameter("fields")).isEqualTo("status,resolution");
  }

  @Test
  void readTicket_doneAsWontDo_isDroppedWithJirasResolution() {
    answer(jira, 200, issue("Closed", "done", "Won't Do"));

    TicketState state = cloud().readTicket(new TrackerTicket("OPS-12", "u"));

    assertThat(state.status()).isEqualTo(ActionItemStatus.WONT_DO);
    assertThat(state.reason()).isEqualTo("resolved Won't Do in Jira OPS-12");
  }

  @Test
  void readTicket_inProgress_keepsTheItemsStatus() {
    answer(jira, 200, issue("In Progress", "indeterminate", null));

    assertThat(cloud().readTicket(new TrackerTicket("OPS-12", "u")).closed()).isFalse();
  }

  @Test
  void badToken_401_isFinalInvalidCredentials_andTheTokenIsInNoMessage() {
    answer(
        jira,
        401,
        "{\"errorMessages\":[\"You do not have permission to see the specified issue.\","
            + "\"Login Required\"],\"errors\":{}}");

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> cloud().readTicket(new TrackerTicket("OPS-12", "u")));

    assertThat(failure.getType()).isEqualTo(FailureType.INVALID_CREDENTIALS.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).doesNotContain(TOKEN);
  }

  @Test
  void deletedIssue_404_isFinalNotFound() {
    answer(
        jira,
        404,
        "{\"errorMessages\":[\"Issue does not exist or you do not have permission to see it.\"],"
            + "\"errors\":{}}");

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> cloud().readTicket(new TrackerTicket("OPS-99", "u")));

    assertThat(failure.getType()).isEqualTo(FailureType.NOT_FOUND.type());
    assertThat(failure.getOriginalMessage()).contains("Issue does not exist");
  }

  @Test
  void unknownIssueType_400_isFinalBadRequestNamingJirasField() {
    answer(jira, 200, found());
    answer(
        jira,
        400,
        "{\"errorMessages\":[],\"errors\":{\"issuetype\":\"Specify a valid issue type\"}}");

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> cloud().openTicket(POOL_ALERT));

    assertThat(failure.getType()).isEqualTo(FailureType.BAD_REQUEST.type());
    assertThat(failure.getOriginalMessage()).contains("issuetype");
  }

  @Test
  void rateLimited_429_isRetriedAfterJirasDelay_thenSucceeds() {
    JiraIssues jira = cloud();
    answer(this.jira, 429, "{\"errorMessages\":[\"Rate limit exceeded.\"]}", "Retry-After", "7");
    ApplicationFailure paced =
        catchThrowableOfType(
            ApplicationFailure.class, () -> jira.readTicket(new TrackerTicket("OPS-12", "u")));
    assertThat(paced.getType()).isEqualTo(FailureType.RATE_LIMITED.type());
    assertThat(paced.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(7));

    answer(this.jira, 200, issue("Done", "done", "Done"));
    assertThat(jira.readTicket(new TrackerTicket("OPS-12", "u")).status())
        .isEqualTo(ActionItemStatus.DONE);
  }
}
