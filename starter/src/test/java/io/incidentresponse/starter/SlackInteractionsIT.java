package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.incidentresponse.workflows.identity.IdentityMethod;
import io.incidentresponse.workflows.identity.IdentityProof;
import io.incidentresponse.workflows.identity.IdentityProofs;
import io.incidentresponse.workflows.incident.ApproveRequest;
import io.incidentresponse.workflows.incident.IncidentInput;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.incidentresponse.workflows.incident.RejectRequest;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The Approve and Reject buttons end to end in the starter: a signed {@code block_actions} payload
 * as Slack sends it, the incident workflow on Temporal's test server, and Slack (its {@code
 * users.info} and the response URLs) behind MockWebServer.
 */
class SlackInteractionsIT extends StarterIT {
  static final String OLD_SECRET = "old-signing-secret-0123456789ab";
  static final String NEW_SECRET = "new-signing-secret-0123456789ab";
  static final String PROOF_KEY = "proof-key-for-the-slack-tests-0123456789";

  static final String ALICE = "U0ALICE"; // in incident.slack.interactions.users
  static final String ALICE_BY_EMAIL = "U0ALICEMAIL"; // found through users.info and her e-mail
  static final String CAROL = "U0CAROL"; // mapped, approves nothing
  static final String STRANGER = "U0STRANGER"; // mapped to nobody
  static final String WHILE_SLACK_FAILS = "U0SLACKDOWN"; // users.info answers 500 for this one

  static final SlackStub slack = new SlackStub();

  @DynamicPropertySource
  static void slackSettings(DynamicPropertyRegistry registry) throws IOException {
    slack.start();
    String prefix = "incident.slack.interactions.";
    registry.add(prefix + "signing-secrets", () -> OLD_SECRET + "," + NEW_SECRET);
    registry.add(prefix + "users." + ALICE, () -> "alice");
    registry.add(prefix + "users." + CAROL, () -> "carol");
    registry.add(prefix + "emails[alice@example.com]", () -> "alice");
    registry.add(prefix + "roles.alice", () -> "approver-high");
    registry.add(prefix + "bot-token", () -> "xoxb-test-token");
    registry.add(prefix + "api-url", () -> slack.server.url("/api/").toString());
    registry.add(prefix + "response-url-base", () -> slack.server.url("/actions/").toString());
    registry.add("incident.identity.proof-key", () -> PROOF_KEY);
  }

  @AfterAll
  static void stopSlack() {
    slack.server.close();
  }

  SlackClicks clicks;

  @BeforeEach
  void clicks() {
    clicks = new SlackClicks(port, json);
  }

  /** A P2 incident with a rollback (HIGH risk) requested by dave, waiting for approval. */
  String awaitingRollback(String service) {
    String id = declare(service, "P2");
    assertThat(
            http.post(
                    "/api/incidents/" + id + "/signals/requestAction",
                    "{\"type\":\"ROLLBACK\",\"namespace\":\"shop\",\"target\":\"checkout\","
                        + "\"by\":\"dave\",\"reason\":\"bad deploy\"}")
                .statusCode())
        .isEqualTo(202);
    await(id, s -> !s.pendingApprovals().isEmpty());
    return id;
  }

  String rollbackId(String incidentId) {
    return incident(incidentId).pendingApprovals().get(0).id();
  }

  MitigationAction action(String incidentId, String actionId) {
    return incident(incidentId).state().actions.stream()
        .filter(a -> a.id().equals(actionId))
        .findFirst()
        .orElseThrow();
  }

  String responseUrl(String name) {
    return slack.server.url("/actions/T0EXAMPLE/" + name + "/" + System.nanoTime()).toString();
  }

  @Test
  void approveClick_fromAConfiguredUser_isAnsweredAtOnce_andReachesTheIncidentWithASlackProof() {
    String id = awaitingRollback("slack-approve");
    String actionId = rollbackId(id);
    String url = responseUrl("approve");
    String body = clicks.body(ALICE, "incident-approve", id, actionId, url);

    long started = System.nanoTime();
    HttpResponse<String> answer = clicks.post(body, NEW_SECRET, Instant.now());
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).isEmpty();
    assertThat(took).as("Slack waits 3 s").isLessThan(Duration.ofSeconds(3));
    JsonNode reply = slack.awaitPost(url);
    assertThat(reply.path("replace_original").asBoolean()).isTrue();
    List<JsonNode> blocks = new ArrayList<>();
    reply.path("blocks").forEach(blocks::add);
    assertThat(blocks).extracting(b -> b.path("type").asString()).doesNotContain("actions");
    assertThat(blocks.get(0).path("text").path("text").asString()).contains("Approval needed");
    assertThat(blocks.get(blocks.size() - 1).path("elements").get(0).path("text").asString())
        .isEqualTo("Approved by alice (verified: Slack)");
    MitigationAction action = action(id, actionId);
    assertThat(action.status()).isNotEqualTo(ActionStatus.AWAITING_APPROVAL);
    assertThat(action.decidedBy()).isEqualTo("alice");

    ApproveRequest received = updateInput(id, "approveAction", ApproveRequest.class);
    assertThat(received.approver()).isEqualTo("alice");
    assertThat(received.actionId()).isEqualTo(actionId);
    assertProof(received.proof(), "alice", id, actionId, "approve");
    assertThat(received.proof().roles()).containsExactly("approver-high");
  }

  @Test
  void rejectClick_fromAUserFoundByTheirSlackEmail_rejectsWithASlackProof() {
    String id = awaitingRollback("slack-reject");
    String actionId = rollbackId(id);
    String url = responseUrl("reject");

    HttpResponse<String> answer =
        clicks.post(
            clicks.body(ALICE_BY_EMAIL, "incident-reject", id, actionId, url),
            OLD_SECRET, // the secret being rotated out still works
            Instant.now());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode reply = slack.awaitPost(url);
    assertThat(last(reply.path("blocks")).path("elements").get(0).path("text").asString())
        .isEqualTo("Rejected by alice (verified: Slack)");
    assertThat(action(id, actionId).status()).isEqualTo(ActionStatus.REJECTED);
    assertThat(slack.usersInfoAsked()).contains(ALICE_BY_EMAIL);
    RejectRequest received = signalInput(id, "reject", RejectRequest.class);
    assertThat(received.approver()).isEqualTo("alice");
    assertProof(received.proof(), "alice", id, actionId, "reject");
  }

  @Test
  void click_fromAnUnmappedUser_isToldOnlyToThem_andChangesNothing() {
    String id = awaitingRollback("slack-stranger");
    String actionId = rollbackId(id);
    String url = responseUrl("stranger");

    HttpResponse<String> answer =
        clicks.post(
            clicks.body(STRANGER, "incident-approve", id, actionId, url),
            NEW_SECRET,
            Instant.now());

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode reply = slack.awaitPost(url);
    assertThat(reply.path("response_type").asString()).isEqualTo("ephemeral");
    assertThat(reply.path("replace_original").asBoolean()).isFalse();
    assertThat(reply.path("text").asString())
        .contains("not mapped to a person")
        .contains(STRANGER)
        .contains("Nothing was done");
    assertThat(action(id, actionId).status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
    assertThat(history(id)).noneMatch(SlackInteractionsIT::isUpdateOrReject);
  }

  @Test
  void click_whileSlacksUsersInfoFails_isToldToTryAgain_andChangesNothing() {
    String id = awaitingRollback("slack-users-info-down");
    String actionId = rollbackId(id);
    String url = responseUrl("users-info-down");

    clicks.post(
        clicks.body(WHILE_SLACK_FAILS, "incident-approve", id, actionId, url),
        NEW_SECRET,
        Instant.now());

    JsonNode reply = slack.awaitPost(url);
    assertThat(reply.path("response_type").asString()).isEqualTo("ephemeral");
    assertThat(reply.path("text").asString())
        .startsWith("Could not tell who you are: Slack's users.info failed")
        .contains("try again")
        .doesNotContain("xoxb");
    assertThat(action(id, actionId).status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
    assertThat(history(id)).noneMatch(SlackInteractionsIT::isUpdateOrReject);
  }

  @Test
  void approveClick_fromAMappedNonApprover_putsTheIncidentsRefusalUnderTheRequest_buttonsKept() {
    String id = awaitingRollback("slack-carol");
    String actionId = rollbackId(id);
    String url = responseUrl("carol");

    clicks.post(
        clicks.body(CAROL, "incident-approve", id, actionId, url), NEW_SECRET, Instant.now());

    JsonNode reply = slack.awaitPost(url);
    assertThat(reply.path("replace_original").asBoolean()).isTrue();
    List<String> types = new ArrayList<>();
    reply.path("blocks").forEach(b -> types.add(b.path("type").asString()));
    assertThat(types).containsExactly("section", "actions", "context");
    assertThat(last(reply.path("blocks")).path("elements").get(0).path("text").asString())
        .startsWith("Refused: ")
        .contains("carol");
    assertThat(action(id, actionId).status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
  }

  @Test
  void forgedStaleFutureTamperedAndReplayedClicks_are401ProblemsAndChangeNothing() {
    String id = awaitingRollback("slack-forged");
    String actionId = rollbackId(id);
    String url = responseUrl("forged");
    String body = clicks.body(ALICE, "incident-approve", id, actionId, url);
    String stranger = clicks.body(STRANGER, "incident-approve", id, actionId, url);
    Instant now = Instant.now();
    long ts = now.getEpochSecond();

    List<HttpResponse<String>> refused =
        List.of(
            clicks.post(body, "an-attackers-own-secret-0123456789", now),
            clicks.post(body, NEW_SECRET, now.minus(Duration.ofMinutes(6))),
            clicks.post(body, NEW_SECRET, now.plus(Duration.ofMinutes(6))),
            // Slack signed a stranger's click; alice's user id is put in its place
            clicks.postWithHeaders(
                stranger.replace(STRANGER, ALICE),
                "" + ts,
                SlackClicks.sign(NEW_SECRET, ts, stranger)),
            clicks.postWithHeaders(body, null, SlackClicks.sign(NEW_SECRET, ts, body)),
            clicks.postWithHeaders(body, "" + ts, null),
            clicks.postWithHeaders(body, "yesterday", SlackClicks.sign(NEW_SECRET, ts, body)));
    for (HttpResponse<String> response : refused) {
      JsonNode problem = problem(response, 401);
      assertThat(problem.get("title").asString()).isEqualTo("Unauthorized");
    }
    // the same click signed by Slack, sent once, then replayed as it was
    String signature = SlackClicks.sign(NEW_SECRET, ts, stranger);
    assertThat(clicks.postWithHeaders(stranger, "" + ts, signature).statusCode()).isEqualTo(200);
    JsonNode replay = problem(clicks.postWithHeaders(stranger, "" + ts, signature), 401);

    assertThat(replay.get("detail").asString()).contains("replay");
    slack.awaitPost(url); // the one accepted click is answered, only to the stranger
    sleep(500);
    assertThat(slack.posts(url)).hasSize(1);
    assertThat(action(id, actionId).status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
    assertThat(history(id)).noneMatch(SlackInteractionsIT::isUpdateOrReject);
  }

  @Test
  void hostileSignedPayloads_areRefusedNamingTheField_andNothingIsCalled() {
    String id = awaitingRollback("slack-hostile");
    String actionId = rollbackId(id);
    int before = slack.requestCount();

    JsonNode elsewhere =
        problem(
            clicks.post(
                clicks.body(ALICE, "incident-approve", id, actionId, "https://evil.example/steal"),
                NEW_SECRET,
                Instant.now()),
            422);
    JsonNode metadata =
        problem(
            clicks.post(
                clicks.body(
                    ALICE,
                    "incident-approve",
                    id,
                    actionId,
                    "https://hooks.slack.com@169.254.169.254/latest"),
                NEW_SECRET,
                Instant.now()),
            422);
    JsonNode huge =
        problem(
            clicks.post(
                clicks.body(ALICE, "incident-approve", id, "a".repeat(5000), responseUrl("h")),
                NEW_SECRET,
                Instant.now()),
            422);
    JsonNode notIds =
        problem(
            clicks.post(
                clicks.body(ALICE, "incident-approve", "{\"$ne\":1}", responseUrl("h")),
                NEW_SECRET,
                Instant.now()),
            422);

    assertThat(elsewhere.get("field").asString()).isEqualTo("response_url");
    assertThat(metadata.get("field").asString()).isEqualTo("response_url");
    assertThat(huge.get("field").asString()).isEqualTo("actions[].value");
    assertThat(huge.get("detail").asString()).doesNotContain("aaaaaaaaaa");
    assertThat(notIds.get("field").asString()).startsWith("actions[].value");
    sleep(300);
    assertThat(slack.requestCount()).isEqualTo(before);
    assertThat(action(id, actionId).status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
  }

  @Test
  void aClickOnAnIncidentWhoseWorkerDoesNotAnswer_isStillAnsweredAtOnce_thenSaysNotConfirmed() {
    String id = "incident-slack-no-worker-" + System.nanoTime();
    WorkflowClient.start(
        client.newWorkflowStub(
                IncidentWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(id)
                    .setTaskQueue("no-worker-polls-this-queue")
                    .build())
            ::run,
        new IncidentInput(List.of(), ResponsePolicy.defaults(), "orphan", null, null, "d-1"));
    String url = responseUrl("orphan");

    long started = System.nanoTime();
    HttpResponse<String> answer =
        clicks.post(
            clicks.body(ALICE, "incident-approve", id, "rollback-1", url),
            NEW_SECRET,
            Instant.now());
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(took).as("Slack waits 3 s").isLessThan(Duration.ofSeconds(3));
    JsonNode reply = slack.awaitPost(url);
    assertThat(last(reply.path("blocks")).path("elements").get(0).path("text").asString())
        .startsWith("Not confirmed: the incident did not answer in time");
    List<String> types = new ArrayList<>();
    reply.path("blocks").forEach(b -> types.add(b.path("type").asString()));
    assertThat(types).as("the buttons stay for a retry").contains("actions");
  }

  // ------------------------------------------------------------------ what the incident received

  private void assertProof(
      IdentityProof proof, String person, String incidentId, String actionId, String decision) {
    assertThat(proof).as("a proof travels with the decision").isNotNull();
    assertThat(proof.method()).isEqualTo(IdentityMethod.SLACK);
    assertThat(proof.person()).isEqualTo(person);
    assertThat(proof.incidentId()).isEqualTo(incidentId);
    assertThat(proof.actionId()).isEqualTo(actionId);
    assertThat(proof.decision()).isEqualTo(decision);
    assertThat(Duration.between(proof.issuedAt(), Instant.now()).abs())
        .isLessThan(Duration.ofMinutes(1));
    assertThat(IdentityProofs.signatureValid(PROOF_KEY.getBytes(StandardCharsets.UTF_8), proof))
        .isTrue();
  }

  private List<HistoryEvent> history(String id) {
    return client.fetchHistory(id).getEvents();
  }

  private static boolean isUpdateOrReject(HistoryEvent event) {
    return event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED
        || (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
            && event
                .getWorkflowExecutionSignaledEventAttributes()
                .getSignalName()
                .equals("reject"));
  }

  /** The input of the update {@code name} as the incident's history recorded it. */
  private <T> T updateInput(String id, String name, Class<T> type) {
    for (HistoryEvent event : history(id)) {
      if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) {
        var input =
            event
                .getWorkflowExecutionUpdateAcceptedEventAttributes()
                .getAcceptedRequest()
                .getInput();
        if (input.getName().equals(name)) {
          return decode(input.getArgs(), type);
        }
      }
    }
    return fail("no %s update in the history of %s", name, id);
  }

  /** The input of the signal {@code name} as the incident's history recorded it. */
  private <T> T signalInput(String id, String name, Class<T> type) {
    for (HistoryEvent event : history(id)) {
      if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
          && event.getWorkflowExecutionSignaledEventAttributes().getSignalName().equals(name)) {
        return decode(event.getWorkflowExecutionSignaledEventAttributes().getInput(), type);
      }
    }
    return fail("no %s signal in the history of %s", name, id);
  }

  private <T> T decode(Payloads args, Class<T> type) {
    return client.getOptions().getDataConverter().fromPayloads(0, Optional.of(args), type, type);
  }

  private static JsonNode last(JsonNode array) {
    return array.get(array.size() - 1);
  }

  // ------------------------------------------------------------------ Slack behind MockWebServer

  /**
   * Slack's {@code users.info} (alice's second account has her e-mail; anyone else is some other
   * address) and the response URLs, every request recorded.
   */
  static final class SlackStub extends Dispatcher {
    final MockWebServer server = new MockWebServer();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final tools.jackson.databind.json.JsonMapper json =
        tools.jackson.databind.json.JsonMapper.builder().build();

    void start() throws IOException {
      if (server.getStarted()) {
        return;
      }
      server.setDispatcher(this);
      server.start();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      synchronized (this) {
        requests.add(request);
      }
      String path = request.getUrl().encodedPath();
      if (path.equals("/api/users.info")) {
        String user = form(request, "user");
        if (WHILE_SLACK_FAILS.equals(user)) {
          return new MockResponse.Builder().code(500).body("upstream connect error").build();
        }
        String email = ALICE_BY_EMAIL.equals(user) ? "Alice@Example.com" : "someone@example.com";
        return json(
            "{\"ok\":true,\"user\":{\"id\":\""
                + user
                + "\",\"team_id\":\"T0EXAMPLE\",\"name\":\"x\",\"deleted\":false,"
                + "\"is_bot\":false,\"profile\":{\"real_name\":\"X\",\"email\":\""
                + email
                + "\"}}}");
      }
      if (path.startsWith("/actions/")) {
        return new MockResponse.Builder().code(200).body("ok").build();
      }
      return json("{\"ok\":false,\"error\":\"unknown_method\"}");
    }

    synchronized int requestCount() {
      return requests.size();
    }

    synchronized List<String> usersInfoAsked() {
      return requests.stream()
          .filter(r -> r.getUrl().encodedPath().equals("/api/users.info"))
          .map(r -> form(r, "user"))
          .toList();
    }

    synchronized List<JsonNode> posts(String url) {
      String path = java.net.URI.create(url).getPath();
      return requests.stream()
          .filter(r -> r.getUrl().encodedPath().equals(path))
          .map(r -> json.readTree(r.getBody().utf8()))
          .toList();
    }

    /** The first JSON posted to {@code url}; fails the test after 15 s without one. */
    JsonNode awaitPost(String url) {
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (System.nanoTime() < deadline) {
        List<JsonNode> posts = posts(url);
        if (!posts.isEmpty()) {
          return posts.get(0);
        }
        sleep(25);
      }
      return fail("nothing was posted to the response_url");
    }

    private static String form(RecordedRequest request, String name) {
      for (String pair : request.getBody().utf8().split("&")) {
        String[] kv = pair.split("=", 2);
        if (kv[0].equals(name) && kv.length == 2) {
          return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
        }
      }
      return null;
    }

    private static MockResponse json(String body) {
      return new MockResponse.Builder()
          .code(200)
          .addHeader("Content-Type", "application/json; charset=utf-8")
          .body(body)
          .build();
    }
  }
}
