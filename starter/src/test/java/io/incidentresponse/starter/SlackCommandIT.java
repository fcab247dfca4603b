package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Slack's {@code /incident} command as Slack posts it (form-encoded, signed), into the starter and
 * the real incident workflow on Temporal's test server.
 */
class SlackCommandIT extends StarterIT {
  static final String SECRET = "command-signing-secret-0123456789";

  /** Slack's response URLs. */
  static final MockWebServer slack = new MockWebServer();

  @Autowired SlowDescribes network;

  @DynamicPropertySource
  static void slackSettings(DynamicPropertyRegistry registry) throws IOException {
    slack.start();
    registry.add("incident.slack.interactions.signing-secrets", () -> SECRET);
    registry.add("incident.slack.interactions.users.U0ALICE", () -> "alice");
    registry.add(
        "incident.slack.interactions.response-url-base", () -> slack.url("/commands/").toString());
  }

  @AfterAll
  static void stopSlack() {
    slack.close();
  }

  @Test
  void declare_opensTheIncidentWithSeverityServiceAndTitle_andNamesItsIdEphemerally()
      throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> response =
        command("U0ALICE", "declare P1 giftcards \u201ccard payments failing\u201d", Instant.now());
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String id = incidentId("giftcards", "Declared");
    JsonNode answer = json.readTree(response.body());
    assertThat(answer.get("response_type").asString()).isEqualTo("ephemeral");
    assertThat(outcome(answer, "U0ALICE")).contains(id, "P1");
    // the command answers after at most 2 s of waiting for Temporal (Slack waits 3 s); bounded
    // generously here, as the house rules say, since the first request of a context is cold
    assertThat(took).isLessThan(Duration.ofSeconds(10));
    IncidentState state = await(id, s -> s.phase == Phase.MITIGATING);
    assertThat(state.severity).isEqualTo(Severity.P1);
    assertThat(state.title).isEqualTo("card payments failing");
    Alert alert = state.alerts.values().iterator().next();
    assertThat(alert.annotations()).containsEntry("reported_by", "alice");
  }

  @Test
  void unknownUser_isTheReporterByTheirSlackNameAndId() {
    HttpResponse<String> response =
        command("U0STRANGER", "declare p2 vouchers Voucher codes rejected", Instant.now());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    IncidentState state =
        await(incidentId("vouchers", "Declared"), s -> s.phase == Phase.MITIGATING);
    assertThat(state.severity).isEqualTo(Severity.P2);
    assertThat(state.title).isEqualTo("Voucher codes rejected");
    assertThat(state.alerts.values().iterator().next().annotations())
        .containsEntry("reported_by", "u0stranger-name (Slack U0STRANGER)");
  }

  @Test
  void badText_answersTheUsageEphemerallyAndOpensNothing() {
    for (String text :
        new String[] {
          "", "help", "declare P9 wallets broken", "declare P1 wallets", "open P1 x y"
        }) {
      HttpResponse<String> response = command("U0ALICE", text, Instant.now());

      assertThat(response.statusCode()).as(text).isEqualTo(200);
      JsonNode answer = json.readTree(response.body());
      assertThat(answer.get("response_type").asString()).isEqualTo("ephemeral");
      assertThat(answer.get("text").asString()).as(text).contains("Usage: /incident declare");
    }
    sleep(300);
    assertThat(exists(incidentId("wallets", "Declared"))).isFalse();
  }

  @Test
  void overlongService_isRefusedEphemerallyNamingTheFieldAndOpensNothing() {
    String service = "s".repeat(5000);
    HttpResponse<String> response =
        command("U0ALICE", "declare P1 " + service + " broken", Instant.now());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json.readTree(response.body()).get("text").asString())
        .startsWith("Not declared: service is 5000 characters long")
        .hasSizeLessThan(400);
    sleep(300);
    assertThat(exists(incidentId(service, "Declared"))).isFalse();
  }

  @Test
  void badSignatureOrStaleTimestamp_is401AndOpensNothing() {
    String body = form("U0ALICE", "declare P1 ledger \"ledger writes failing\"");
    long now = Instant.now().getEpochSecond();

    problem(send(body, now, SlackClicks.sign("another-secret-0123456789abcdef", now, body)), 401);
    long stale = now - 600;
    problem(send(body, stale, SlackClicks.sign(SECRET, stale, body)), 401);
    problem(send(body, now, null), 401);

    sleep(300);
    assertThat(exists(incidentId("ledger", "Declared"))).isFalse();
  }

  @Test
  void slacksRetries_areAnsweredWithTheSameIncident_countedAsDuplicates_andDeclareOnce()
      throws Exception {
    String id = incidentId("coupons", "Declared");
    String body = form("U0ALICE", "declare P2 coupons \"coupons not applied\"");
    long now = Instant.now().getEpochSecond();
    String signature = SlackClicks.sign(SECRET, now, body);
    HttpResponse<String> first = send(body, now, signature);
    assertThat(outcome(json.readTree(first.body()), "U0ALICE")).contains(id);

    // Slack's retry of a late answer: the same body, signed anew, or the very same request
    HttpResponse<String> resigned =
        send(body, now + 1, SlackClicks.sign(SECRET, now + 1, body), "X-Slack-Retry-Num", "1");
    HttpResponse<String> same = send(body, now, signature, "X-Slack-Retry-Num", "2");
    HttpResponse<String> replay = send(body, now, signature);

    for (HttpResponse<String> retry : java.util.List.of(resigned, same)) {
      assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
      assertThat(outcome(json.readTree(retry.body()), "U0ALICE")).contains(id);
    }
    problem(replay, 401);
    assertThat(http.get("/actuator/prometheus").body())
        .containsPattern("incident_alerts_duplicates_total\\{source=\"slack-command\"\\} 2\\.0\\b");
    sleep(300);
    IncidentState state = await(id, s -> s.phase == Phase.MITIGATING);
    assertThat(state.alerts).hasSize(1);
  }

  @Test
  void temporalSlowerThanSlack_answersAtOnceAndPostsTheOutcomeToTheResponseUrl() throws Exception {
    String id = incidentId("rewards", "Declared");
    network.slowDownStarts(id);
    try {
      long started = System.nanoTime();
      HttpResponse<String> response =
          command("U0LATE", "declare P2 rewards \"points not credited\"", Instant.now());
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(json.readTree(response.body()).get("text").asString())
          .contains("the incident id follows here");
      assertThat(took).as("answered before Temporal did").isLessThan(SlowDescribes.DELAY);
      RecordedRequest later = slack.takeRequest(20, TimeUnit.SECONDS);
      while (later != null && !later.getUrl().encodedPath().equals("/commands/T0001/U0LATE")) {
        later = slack.takeRequest(20, TimeUnit.SECONDS); // another test's late answer
      }
      assertThat(later).as("the outcome was posted to the response_url").isNotNull();
      JsonNode posted = json.readTree(later.getBody().utf8());
      assertThat(posted.get("response_type").asString()).isEqualTo("ephemeral");
      // the signal-with-start outlasted the 3 s deadline: not confirmed, and safe to repeat
      assertThat(posted.get("text").asString()).contains("Not confirmed", "Run the command again");
    } finally {
      network.speedUpStarts(id);
    }
  }

  /**
   * The text naming the declaration's outcome: the answer itself, or, when Temporal was slower than
   * the command may wait (a loaded machine), what was posted to the user's response_url.
   */
  private String outcome(JsonNode answer, String userId) throws InterruptedException {
    String text = answer.get("text").asString();
    if (!text.contains("follows here")) {
      return text;
    }
    RecordedRequest later = slack.takeRequest(20, TimeUnit.SECONDS);
    while (later != null && !later.getUrl().encodedPath().equals("/commands/T0001/" + userId)) {
      later = slack.takeRequest(20, TimeUnit.SECONDS);
    }
    assertThat(later).as("the outcome was posted to the response_url").isNotNull();
    return json.readTree(later.getBody().utf8()).get("text").asString();
  }

  private HttpResponse<String> command(String userId, String text, Instant at) {
    String body = form(userId, text);
    long timestamp = at.getEpochSecond();
    return send(body, timestamp, SlackClicks.sign(SECRET, timestamp, body));
  }

  /** The form Slack posts for a slash command (fields as in Slack's documentation). */
  private static String form(String userId, String text) {
    String[][] fields = {
      {"token", "gIkuvaNzQIHg97ATvDxqgjtO"},
      {"team_id", "T0001"},
      {"team_domain", "example"},
      {"channel_id", "C2147483705"},
      {"channel_name", "incidents"},
      {"user_id", userId},
      {"user_name", userId.toLowerCase() + "-name"},
      {"command", "/incident"},
      {"text", text},
      {"api_app_id", "A123456"},
      {"response_url", slack.url("/commands/T0001/" + userId).toString()},
      {"trigger_id", "13345224609.738474920.8088930838d88f008e0" + System.nanoTime()}
    };
    StringBuilder out = new StringBuilder();
    for (String[] field : fields) {
      out.append(out.isEmpty() ? "" : "&")
          .append(field[0])
          .append('=')
          .append(URLEncoder.encode(field[1], StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private HttpResponse<String> send(
      String body, long timestamp, String signature, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/slack/commands"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Slack-Request-Timestamp", String.valueOf(timestamp))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header("X-Slack-Signature", signature);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return Http.send(request.build());
  }
}
