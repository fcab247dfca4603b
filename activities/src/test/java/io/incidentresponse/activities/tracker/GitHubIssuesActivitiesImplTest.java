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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GitHub Issues (REST v3) stood up by MockWebServer with the API's own response shapes. */
class GitHubIssuesActivitiesImplTest {
  private static final String TOKEN = "ghp_test0000000000000000000000000000000";
  private static final Instant NOW = Instant.parse("2026-11-30T10:05:00Z");

  private final MockWebServer github = new MockWebServer();
  private final ObjectMapper json = new ObjectMapper();
  private GitHubIssues issues;

  @BeforeEach
  void start() throws Exception {
    github.start();
    issues =
        new GitHubIssues(
            new TrackerSettings(
                "github",
                github.url("/api/v3").toString(),
                "acme/shop",
                null,
                List.of("incident-follow-up", "postmortem"),
                TOKEN,
                null,
                null,
                null,
                null,
                null),
            new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build(),
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    github.close();
  }

  /**
   * An issue as {@code GET /repos/acme/shop/issues/42} answers it (fields trimmed, none made up).
   */
  private static String issue(int number, String state, String stateReason, String body) {
    return """
        {
          "url": "https://api.github.com/repos/acme/shop/issues/%1$d",
          "repository_url": "https://api.github.com/repos/acme/shop",
          "html_url": "https://github.com/acme/shop/issues/%1$d",
          "id": 2710000%1$d,
          "node_id": "I_kwDOABCD5M6f%1$d",
          "number": %1$d,
          "title": "[inc-checkout-7] Alert on connection pool saturation",
          "user": {"login": "incident-bot", "id": 9000001, "type": "Bot"},
          "labels": [{"id": 7001, "name": "incident-follow-up", "color": "d73a4a", "default": false}],
          "state": "%2$s",
          "state_reason": %3$s,
          "locked": false,
          "assignee": null,
          "assignees": [],
          "comments": 0,
          "created_at": "2026-11-30T10:00:02Z",
          "updated_at": "2026-12-08T15:12:40Z",
          "closed_at": %4$s,
          "closed_by": %5$s,
          "author_association": "NONE",
          "body": %6$s
        }
        """
        .formatted(
            number,
            state,
            stateReason == null ? "null" : "\"" + stateReason + "\"",
            state.equals("closed") ? "\"2026-12-08T15:12:40Z\"" : "null",
            state.equals("closed") ? "{\"login\": \"carol\", \"id\": 5100}" : "null",
            body == null ? "null" : new ObjectMapper().valueToTree(body).toString());
  }

  private static String ourBody() {
    return TicketText.body(POOL_ALERT);
  }

  private JsonNode body(RecordedRequest request) throws Exception {
    return json.readTree(request.getBody().utf8());
  }

  @Test
  void openTicket_givenNoEarlierTicket_looksThenCreatesOneIssueWithTheMarkerAndLabels()
      throws Exception {
    answer(github, 200, "[" + issue(7, "open", null, "someone else's bug") + "]");
    answer(github, 201, issue(42, "open", null, ourBody()));

    TrackerTicket ticket = issues.openTicket(POOL_ALERT);

    assertThat(ticket).isEqualTo(new TrackerTicket("42", "https://github.com/acme/shop/issues/42"));
    List<RecordedRequest> requests = taken(github);
    assertThat(requests).hasSize(2);
    RecordedRequest list = requests.get(0);
    assertThat(list.getMethod()).isEqualTo("GET");
    assertThat(list.getUrl().encodedPath()).isEqualTo("/api/v3/repos/acme/shop/issues");
    assertThat(list.getUrl().queryParameter("state")).isEqualTo("all");
    assertThat(list.getUrl().queryParameter("since")).isEqualTo("2026-11-30T09:50:00Z");
    RecordedRequest create = requests.get(1);
    assertThat(create.getMethod()).isEqualTo("POST");
    assertThat(create.getUrl().encodedPath()).isEqualTo("/api/v3/repos/acme/shop/issues");
    assertThat(create.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(create.getHeaders().get("Accept")).isEqualTo("application/vnd.github+json");
    assertThat(create.getHeaders().get("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
    JsonNode sent = body(create);
    assertThat(sent.path("title").asText())
        .isEqualTo("[inc-checkout-7] Alert on connection pool saturation");
    assertThat(sent.path("body").asText())
        .contains("Owner: carol", "Due: 2026-12-10", "Kind: MONITORING")
        .contains("<!-- incident-response:inc-checkout-7/AI-1 -->");
    assertThat(sent.path("labels").toString()).isEqualTo("[\"incident-follow-up\",\"postmortem\"]");
  }

  @Test
  void openTicket_retriedAfterALostAnswer_findsTheFirstIssueAndCreatesNoSecond() throws Exception {
    answer(github, 200, "[]");
    loseTheAnswer(github);
    ApplicationFailure lost =
        catchThrowableOfType(ApplicationFailure.class, () -> issues.openTicket(POOL_ALERT));
    assertThat(lost.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
    assertThat(lost.isNonRetryable()).isFalse();

    // The retry: the issue the lost attempt made is there, among others.
    answer(
        github,
        200,
        "["
            + issue(43, "open", null, "unrelated")
            + ","
            + issue(42, "open", null, ourBody())
            + "]");
    TrackerTicket ticket = issues.openTicket(POOL_ALERT);

    assertThat(ticket.key()).isEqualTo("42");
    List<String> methods = taken(github).stream().map(RecordedRequest::getMethod).toList();
    assertThat(methods).containsExactly("GET", "POST", "GET");
  }

  @Test
  void openTicket_findsItsIssueOnALaterPage_andCreatesNone() throws Exception {
    String fullPage =
        IntStream.range(0, GitHubIssues.PAGE)
            .mapToObj(i -> issue(100 + i, "open", null, "other"))
            .collect(Collectors.joining(",", "[", "]"));
    answer(github, 200, fullPage);
    answer(github, 200, "[" + issue(42, "open", null, ourBody()) + "]");

    assertThat(issues.openTicket(POOL_ALERT).key()).isEqualTo("42");
    List<RecordedRequest> requests = taken(github);
    assertThat(requests).extracting(RecordedRequest::getMethod).containsExactly("GET", "GET");
    assertThat(requests.get(1).getUrl().queryParameter("page")).isEqualTo("2");
  }

  @Test
  void readTicket_closedAsCompleted_isDone() {
    answer(github, 200, issue(42, "closed", "completed", ourBody()));

    TicketState state = issues.readTicket(new TrackerTicket("42", "u"));

    assertThat(state.status()).isEqualTo(ActionItemStatus.DONE);
    assertThat(state.reason()).isEqualTo("closed as completed by carol in GitHub #42");
  }

  @Test
  void readTicket_closedAsNotPlanned_isDroppedWithGitHubsReason() {
    answer(github, 200, issue(42, "closed", "not_planned", ourBody()));

    TicketState state = issues.readTicket(new TrackerTicket("42", "u"));

    assertThat(state.status()).isEqualTo(ActionItemStatus.WONT_DO);
    assertThat(state.reason()).isEqualTo("closed as not planned by carol in GitHub #42");
  }

  @Test
  void readTicket_open_orReopened_keepsTheItemsStatus() throws Exception {
    answer(github, 200, issue(42, "open", "reopened", ourBody()));

    TicketState state = issues.readTicket(new TrackerTicket("42", "u"));

    assertThat(state.closed()).isFalse();
    assertThat(state.status()).isNull();
    assertThat(github.takeRequest().getUrl().encodedPath())
        .isEqualTo("/api/v3/repos/acme/shop/issues/42");
  }

  @Test
  void badToken_401_isFinalInvalidCredentials_andTheTokenIsInNoMessage() {
    answer(
        github,
        401,
        "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\","
            + "\"status\":\"401\"}");

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> issues.openTicket(POOL_ALERT));

    assertThat(failure.getType()).isEqualTo(FailureType.INVALID_CREDENTIALS.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("Bad credentials").doesNotContain(TOKEN);
  }

  @Test
  void missingIssue_404_isFinalNotFound() {
    answer(
        github,
        404,
        "{\"message\":\"Not Found\",\"documentation_url\":"
            + "\"https://docs.github.com/rest/issues/issues#get-an-issue\",\"status\":\"404\"}");

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> issues.readTicket(new TrackerTicket("999", "u")));

    assertThat(failure.getType()).isEqualTo(FailureType.NOT_FOUND.type());
    assertThat(failure.isNonRetryable()).isTrue();
  }

  @Test
  void issuesDisabledOrDeleted_410_isFinal() {
    answer(
        github,
        410,
        "{\"message\":\"Issues are disabled for this repo\",\"documentation_url\":"
            + "\"https://docs.github.com/v3/issues/\",\"status\":\"410\"}");

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> issues.readTicket(new TrackerTicket("42", "u")));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("410", "Issues are disabled");
  }

  @Test
  void secondaryRateLimit_429WithRetryAfter_isRetriedAfterGitHubsDelay_thenSucceeds() {
    answer(
        github,
        429,
        "{\"message\":\"You have exceeded a secondary rate limit.\"}",
        "Retry-After",
        "30");
    ApplicationFailure paced =
        catchThrowableOfType(
            ApplicationFailure.class, () -> issues.readTicket(new TrackerTicket("42", "u")));
    assertThat(paced.getType()).isEqualTo(FailureType.RATE_LIMITED.type());
    assertThat(paced.isNonRetryable()).isFalse();
    assertThat(paced.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(30));

    answer(github, 200, issue(42, "closed", "completed", ourBody()));
    assertThat(issues.readTicket(new TrackerTicket("42", "u")).status())
        .isEqualTo(ActionItemStatus.DONE);
  }

  @Test
  void rateLimitedThenHanging_isPacedThenTimedOut_bothRetryable_andNothingIsCreated()
      throws Exception {
    GitHubIssues impatient =
        new GitHubIssues(
            new TrackerSettings(
                "github",
                github.url("/").toString(),
                "acme/shop",
                null,
                null,
                TOKEN,
                null,
                null,
                null,
                null,
                null),
            new OkHttpClient.Builder().readTimeout(Duration.ofMillis(500)).build(),
            Clock.fixed(NOW, ZoneOffset.UTC));
    answer(github, 429, "{\"message\":\"secondary rate limit\"}", "Retry-After", "5");
    github.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());

    ApplicationFailure paced =
        catchThrowableOfType(ApplicationFailure.class, () -> impatient.openTicket(POOL_ALERT));
    ApplicationFailure hung =
        catchThrowableOfType(ApplicationFailure.class, () -> impatient.openTicket(POOL_ALERT));

    assertThat(paced.getType()).isEqualTo(FailureType.RATE_LIMITED.type());
    assertThat(hung.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
    assertThat(hung.isNonRetryable()).isFalse();
    assertThat(hung.getOriginalMessage()).contains("timed out");
    // Both were the lookup: no issue was created by either.
    assertThat(taken(github)).extracting(RecordedRequest::getMethod).containsExactly("GET", "GET");
  }

  @Test
  void primaryRateLimit_403WithNoneRemaining_isPacedUntilTheReset_notBadCredentials() {
    answer(
        github,
        403,
        "{\"message\":\"API rate limit exceeded for installation ID 1.\"}",
        "x-ratelimit-remaining",
        "0",
        "x-ratelimit-reset",
        String.valueOf(NOW.plusSeconds(120).getEpochSecond()));

    ApplicationFailure paced =
        catchThrowableOfType(
            ApplicationFailure.class, () -> issues.readTicket(new TrackerTicket("42", "u")));

    assertThat(paced.getType()).isEqualTo(FailureType.RATE_LIMITED.type());
    assertThat(paced.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void forbidden_403WithoutRateLimitHeaders_isFinalInvalidCredentials() {
    answer(github, 403, "{\"message\":\"Resource not accessible by integration\"}");

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> issues.openTicket(POOL_ALERT));

    assertThat(failure.getType()).isEqualTo(FailureType.INVALID_CREDENTIALS.type());
  }
}
