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

  /**
   * A P2 incident with a rollback (HIGH risk) requested by bob (a responder), waiting for approval.
   */
  String awaitingRollback(String service) {
    String id = declare(service, "P2");
    assertThat(
            http.post(
                    "/api/incidents/" + id + "/signals/requestAction",
                    "{\"type\":\"ROLLBACK\",\"namespace\":\"shop\",\"target\":\"checkout\","
                        + "\"by\":\"bob\",\"reason\":\"bad deploy\"}",
                    TestKeys.apiKey(TestKeys.BOB))
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

  /**
   * {@code userId} clicked {@code button} on the request for a rollback waiting in a new incident
   * of {@code service}, signed with {@code secret}: the ids, Slack's answer and how long it took,
   * and what the starter then posted to the response URL.
   */
  record Clicked(
      String incidentId,
      String actionId,
      HttpResponse<String> answer,
      Duration took,
      JsonNode reply) {

    String outcome() {
      return last(reply.path("blocks")).path("elements").get(0).path("text").asString();
    }

    List<String> blockTypes() {
      List<String> types = new ArrayList<>();
      reply.path("blocks").forEach(b -> types.add(b.path("type").asString()));
      return types;
    }
  }

  Clicked clickOnAWaitingRollback(String service, String userId, String button, String secret) {
    String id = awaitingRollback(service);
    String actionId = rollbackId(id);
    String url = responseUrl(service);
    String body = clicks.body(userId, button, id, actionId, url);
    long started = System.nanoTime();
    HttpResponse<String> answer = clicks.post(body, secret, Instant.now());
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).isEmpty();
    return new Clicked(id, actionId, answer, took, slack.awaitPost(url));
  }

  @Test
  void approveClick_fromAConfiguredUser_isAnsweredAtOnce_andReachesTheIncidentWithASlackProof() {
    Clicked click = clickOnAWaitingRollback("slack-approve", ALICE, "incident-approve", NEW_SECRET);
    String id = click.incidentId();

    assertThat(click.took()).as("Slack waits 3 s").isLessThan(Duration.ofSeconds(3));
    assertThat(click.reply().path("replace_original").asBoolean()).isTrue();
    assertThat(click.blockTypes()).containsExactly("section", "context");
    assertThat(click.reply().path("blocks").get(0).path("text").path("text").asString())
        .contains("Approval needed");
    assertThat(click.outcome()).isEqualTo("Approved by alice (verified: Slack)");
    MitigationAction action = action(id, click.actionId());
    assertThat(action.status()).isNotEqualTo(ActionStatus.AWAITING_APPROVAL);
    assertThat(action.decidedBy()).isEqualTo("alice");

    ApproveRequest received = updateInput(id, "approveAction", ApproveRequest.class);
    assertThat(received.approver()).isEqualTo("alice");
    assertThat(received.actionId()).isEqualTo(click.actionId());
    assertProof(received.proof(), "alice", id, click.actionId(), "approve");
    assertThat(received.proof().roles()).containsExactly("approver-high");
  }

  @Test
  void rejectClick_fromAUserFoundByTheirSlackEmail_rejectsWithASlackProof() {
    // signed with the secret being rotated out, which still works
    Clicked click =
        clickOnAWaitingRollback("slack-reject", ALICE_BY_EMAIL, "incident-reject", OLD_SECRET);

    assertThat(click.outcome()).isEqualTo("Rejected by alice (verified: Slack)");
    assertThat(click.blockTypes()).doesNotContain("actions");
    assertThat(action(click.incidentId(), click.actionId()).status())
        .isEqualTo(ActionStatus.REJECTED);
    assertThat(slack.usersInfoAsked()).contains(ALICE_BY_EMAIL);
    RejectRequest received = signalInput(click.incidentId(), "reject", RejectRequest.class);
    assertThat(received.approver()).isEqualTo("alice");
    assertProof(received.proof(), "alice", click.incidentId(), click.actionId(), "reject");
  }

  @Test
  void click_fromAnUnmappedUser_isToldOnlyToThem_andChangesNothing() {
    Clicked click =
        clickOnAWaitingRollback("slack-stranger", STRANGER, "incident-approve", NEW_SECRET);

    assertThat(click.reply().path("response_type").asString()).isEqualTo("ephemeral");
    assertThat(click.reply().path("replace_original").asBoolean()).isFalse();
    assertThat(click.reply().path("text").asString())
        .contains("not mapped to a person")
        .contains(STRANGER)
        .contains("Nothing was done");
    assertNothingChanged(click);
  }

  @Test
  void click_whileSlacksUsersInfoFails_isToldToTryAgain_andChangesNothing() {
    Clicked click =
        clickOnAWaitingRollback(
            "slack-users-info-down", WHILE_SLACK_FAILS, "incident-approve", NEW_SECRET);

    assertThat(click.reply().path("response_type").asString()).isEqualTo("ephemeral");
    assertThat(click.reply().path("text").asString())
        .startsWith("Could not tell who you are: Slack's users.info failed")
        .contains("try again")
        .doesNotContain("xoxb");
    assertNothingChanged(click);
  }

  @Test
  void approveClick_fromAMappedNonApprover_putsTheIncidentsRefusalUnderTheRequest_buttonsKept() {
    Clicked click = clickOnAWaitingRollback("slack-carol", CAROL, "incident-approve", NEW_SECRET);

    assertThat(click.reply().path("replace_original").asBoolean()).isTrue();
    assertThat(click.blockTypes()).containsExactly("section", "actions", "context");
    assertThat(click.outcome()).startsWith("Refused: ").contains("carol");
    assertThat(action(click.incidentId(), click.actionId()).status())
        .isEqualTo(ActionStatus.AWAITING_APPROVAL);
  }

  private void assertNothingChanged(Clicked click) {
    assertThat(action(click.incidentId(), click.actionId()).status())
        .isEqualTo(ActionStatus.AWAITING_APPROVAL);
    assertThat(history(click.incidentId())).noneMatch(SlackInteractionsIT::isUpdateOrReject);
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

  // ------------------------------------------------------------------ a page's Acknowledge button

  /** The value the worker puts on a page's Acknowledge button (PageButtonContract). */
  String pageButton(String incidentId, String person, String slackUserId) {
    tools.jackson.databind.node.ObjectNode value = json.createObjectNode();
    value.put("incidentId", incidentId);
    value.put("level", 1);
    value.put("slackUserId", slackUserId);
    value.put("person", person);
    return json.writeValueAsString(value);
  }

  /** {@code userId} clicks Acknowledge on the page sent to {@code pagedUser}: the reply. */
  JsonNode acknowledgeClick(String id, String userId, String pagedPerson, String pagedUser) {
    String url = responseUrl("page-" + id);
    String body =
        clicks.body(
            userId, "incident-page-acknowledge", pageButton(id, pagedPerson, pagedUser), url);
    HttpResponse<String> answer = clicks.post(body, NEW_SECRET, Instant.now());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return slack.awaitPost(url);
  }

  private static String outcomeOf(JsonNode reply) {
    return last(reply.path("blocks")).path("elements").get(0).path("text").asString();
  }

  private boolean acknowledgeSignalled(String id) {
    return history(id).stream()
        .anyMatch(
            e ->
                e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
                    && e.getWorkflowExecutionSignaledEventAttributes()
                        .getSignalName()
                        .equals("acknowledge"));
  }

  @Test
  void acknowledgeClick_onAPage_signalsTheIncidentsAcknowledgeAsTheMappedPerson_buttonRemoved() {
    String id = declare("slack-page-ack", "P2");

    JsonNode reply = acknowledgeClick(id, ALICE, "alice-roster", ALICE);

    assertThat(outcomeOf(reply)).isEqualTo("Acknowledged by alice (verified: Slack)");
    List<String> types = new ArrayList<>();
    reply.path("blocks").forEach(b -> types.add(b.path("type").asString()));
    assertThat(types).doesNotContain("actions");
    var received =
        signalInput(
            id, "acknowledge", io.incidentresponse.workflows.incident.AcknowledgeRequest.class);
    assertThat(received.by()).isEqualTo("alice");
    assertThat(received.note())
        .contains("Slack user " + ALICE)
        .contains("the person paged")
        .contains("verified: Slack signature");
    assertThat(await(id, s -> s.acknowledgedBy != null).acknowledgedBy).isEqualTo("alice");
  }

  @Test
  void acknowledgeClick_byThePagedPersonNotMappedInTheStarter_acknowledgesAsThePersonPaged() {
    String id = declare("slack-page-ack-paged", "P2");

    JsonNode reply = acknowledgeClick(id, STRANGER, "sam", STRANGER);

    assertThat(outcomeOf(reply)).isEqualTo("Acknowledged by sam (verified: Slack)");
    var received =
        signalInput(
            id, "acknowledge", io.incidentresponse.workflows.incident.AcknowledgeRequest.class);
    assertThat(received.by()).isEqualTo("sam");
  }

  @Test
  void acknowledgeClick_byAnotherMappedUser_isAllowedAndRecordsWhoItWas() {
    String id = declare("slack-page-ack-other", "P2");

    JsonNode reply = acknowledgeClick(id, CAROL, "sam", STRANGER);

    assertThat(outcomeOf(reply)).isEqualTo("Acknowledged by carol (verified: Slack)");
    var received =
        signalInput(
            id, "acknowledge", io.incidentresponse.workflows.incident.AcknowledgeRequest.class);
    assertThat(received.by()).isEqualTo("carol");
    assertThat(received.note()).contains("Slack user " + CAROL).contains("not the person paged");
  }

  @Test
  void acknowledgeClick_byAnUnmappedUserWhoWasNotPaged_changesNothing() {
    String id = declare("slack-page-ack-stranger", "P2");

    JsonNode reply = acknowledgeClick(id, STRANGER, "alice-roster", ALICE);

    assertThat(reply.path("response_type").asString()).isEqualTo("ephemeral");
    assertThat(reply.path("text").asString()).contains("not mapped").contains("Nothing was done");
    sleep(300);
    assertThat(acknowledgeSignalled(id)).isFalse();
  }

  @Test
  void unsignedOrStaleAcknowledgeClicks_are401AndSignalNothing() {
    String id = declare("slack-page-ack-forged", "P2");
    String body =
        clicks.body(
            ALICE,
            "incident-page-acknowledge",
            pageButton(id, "alice-roster", ALICE),
            responseUrl("forged-ack"));
    Instant now = Instant.now();

    HttpResponse<String> unsigned = clicks.postWithHeaders(body, "" + now.getEpochSecond(), null);
    HttpResponse<String> stale = clicks.post(body, NEW_SECRET, now.minus(Duration.ofMinutes(6)));
    HttpResponse<String> forged = clicks.post(body, "an-attackers-own-secret-0123456789", now);

    for (HttpResponse<String> response : List.of(unsigned, stale, forged)) {
      problem(response, 401);
    }
    sleep(300);
    assertThat(acknowledgeSignalled(id)).isFalse();
  }

  @Test
  void acknowledgeClick_onAPageWhoseIncidentHasEnded_saysSoAndRemovesTheButton() {
    String id = declare("slack-page-ack-ended", "P2");
    client.newUntypedWorkflowStub(id).terminate("ended for the test");

    JsonNode reply = acknowledgeClick(id, ALICE, "alice-roster", ALICE);

    assertThat(outcomeOf(reply)).isEqualTo("Not acknowledged: the incident " + id + " has ended");
    List<String> types = new ArrayList<>();
    reply.path("blocks").forEach(b -> types.add(b.path("type").asString()));
    assertThat(types).doesNotContain("actions");
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
