package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.identity.IdentityMethod;
import io.incidentresponse.workflows.identity.IdentityProof;
import io.incidentresponse.workflows.identity.IdentityProofs;
import io.incidentresponse.workflows.incident.ApproveRequest;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.RejectRequest;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.HistoryEvent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Who may do what on the people's API, through the real filter chain on a real port: API keys and
 * OIDC tokens signed by a key of the test's own identity provider (JWK set on MockWebServer),
 * forged tokens, people acting as somebody else, roles, and what the incident workflow received.
 */
class SecurityIT extends StarterIT {

  // ---------------------------------------------------------------- no credentials

  @Test
  void noCredentials_is401ProblemJsonSayingWhatToSend_andNothingReachesTemporal() {
    String id = declare("sec-anon", "P2");
    Http anonymous = http.as();
    int before = writes.count();

    List<HttpResponse<String>> refused =
        List.of(
            anonymous.get("/api/incidents/" + id),
            anonymous.get("/api/incidents/" + id + "/timeline"),
            anonymous.post("/api/incidents/" + id + "/signals/acknowledge", "{}"),
            anonymous.post("/api/incidents/" + id + "/approvals", "{\"actionId\":\"x\"}"),
            anonymous.post("/api/incidents", "{\"title\":\"t\",\"service\":\"s\"}"),
            anonymous.get("/api/reports/2026-10"),
            anonymous.get("/v3/api-docs"),
            anonymous.get("/swagger-ui/index.html"),
            anonymous.get("/actuator/prometheus"),
            anonymous.get("/actuator/info"));

    for (HttpResponse<String> response : refused) {
      JsonNode problem = problem(response, 401);
      assertThat(problem.get("detail").asString()).contains("API key").contains("X-API-Key");
      assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }
    assertThat(writes.count()).isEqualTo(before);
    assertThat(incident(id).state().acknowledged()).isFalse();
  }

  @Test
  void health_anonymousSeesTheStatusOnly_aVerifiedCallerSeesTheComponents() {
    HttpResponse<String> anonymous = http.as().get("/actuator/health");
    HttpResponse<String> verified = http.get("/actuator/health");

    assertThat(anonymous.statusCode()).isEqualTo(200);
    JsonNode bare = json.readTree(anonymous.body());
    assertThat(bare.get("status").asString()).isEqualTo("UP");
    assertThat(bare.has("components")).isFalse();
    assertThat(anonymous.body()).doesNotContain("temporal");
    assertThat(json.readTree(verified.body()).get("components").has("temporal")).isTrue();
  }

  // ---------------------------------------------------------------- OIDC tokens

  @Test
  void validToken_approves_andTheWorkflowGetsTheTokensPersonWithAProofItCanCheck() {
    String id = declare("sec-oidc", "P2");
    String token = TOKENS.token("dave", "approver-high");

    HttpResponse<String> response =
        http.post(
            "/api/incidents/" + id + "/signals/approve",
            "{\"actionId\":\"rollback-1\",\"comment\":\"go\"}",
            "Authorization",
            "Bearer " + token);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    ApproveRequest received = firstSignalled(id, "approve", ApproveRequest.class);
    assertThat(received.approver()).isEqualTo("dave");
    assertThat(received.comment()).isEqualTo("go");
    IdentityProof proof = received.proof();
    assertThat(IdentityProofs.signatureValid(TestKeys.PROOF_KEY, proof)).isTrue();
    assertThat(proof.person()).isEqualTo("dave");
    assertThat(proof.method()).isEqualTo(IdentityMethod.OIDC);
    assertThat(proof.roles()).containsExactly("approver-high");
    assertThat(proof.incidentId()).isEqualTo(id);
    assertThat(proof.actionId()).isEqualTo("rollback-1");
    assertThat(proof.decision()).isEqualTo("approve");
    assertThat(Duration.between(proof.issuedAt(), Instant.now())).isLessThan(Duration.ofMinutes(1));
  }

  static Stream<Arguments> forgedTokens() {
    Supplier<String> wrongIssuer =
        () -> TOKENS.token("dave", c -> c.issuer("https://evil.example/"), "admin");
    Supplier<String> expired =
        () ->
            TOKENS.token(
                "dave",
                c ->
                    c.issueTime(Date.from(Instant.now().minusSeconds(3600)))
                        .expirationTime(Date.from(Instant.now().minusSeconds(600))),
                "admin");
    Supplier<String> wrongAudience =
        () -> TOKENS.token("dave", c -> c.audience("another-api"), "admin");
    return Stream.of(
        Arguments.of("wrong issuer", wrongIssuer),
        Arguments.of("expired", expired),
        Arguments.of("wrong audience", wrongAudience),
        Arguments.of("alg none", (Supplier<String>) () -> TOKENS.unsigned("dave", "admin")),
        Arguments.of(
            "signed by another key",
            (Supplier<String>) () -> TOKENS.signedByAnotherKey("dave", "admin")),
        Arguments.of(
            "HS256 with the public key",
            (Supplier<String>) () -> TOKENS.hmacWithThePublicKey("dave", "admin")),
        Arguments.of(
            "no preferred_username",
            (Supplier<String>)
                () -> TOKENS.token("dave", c -> c.claim("preferred_username", null), "admin")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forgedTokens")
  void forgedOrInvalidToken_is401_andNothingIsSignalled(String name, Supplier<String> token) {
    String id = declare("sec-forged-" + name.replace(' ', '-').toLowerCase(), "P2");
    int before = writes.count();

    JsonNode refused =
        refused(
            401,
            "/api/incidents/" + id + "/signals/approve",
            "{\"actionId\":\"rollback-1\"}",
            "Authorization",
            "Bearer " + token.get());

    assertThat(refused.get("detail").asString()).contains("bearer token");
    assertThat(writes.count()).isEqualTo(before);
    assertThat(signalled(id, "approve", ApproveRequest.class)).isEmpty();
  }

  @Test
  void tokenRoles_asAStringClaim_count() {
    String id = declare("sec-string-roles", "P2");
    HttpResponse<String> requested =
        http.post(
            "/api/incidents/" + id + "/signals/requestAction",
            "{\"type\":\"ROLLBACK\",\"namespace\":\"shop\",\"target\":\"sec-string-roles\"}",
            "X-API-Key",
            TestKeys.BOB);
    assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
    String actionId =
        await(id, s -> !s.pendingApprovals().isEmpty()).pendingApprovals().get(0).id();
    String token = TOKENS.token("erin", c -> c.claim("roles", "responder approver-low"));

    HttpResponse<String> response =
        http.post(
            "/api/incidents/" + id + "/signals/reject",
            "{\"actionId\":\"" + actionId + "\",\"reason\":\"not now\"}",
            "Authorization",
            "Bearer " + token);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    RejectRequest received = firstSignalled(id, "reject", RejectRequest.class);
    assertThat(received.approver()).isEqualTo("erin");
    assertThat(received.proof().decision()).isEqualTo("reject");
    assertThat(received.proof().roles()).containsExactly("responder", "approver-low");
  }

  @Test
  void approvalsUpdate_withAToken_carriesTheProof_andTheIncidentAcceptsIt() {
    String id = declare("sec-update", "P2");
    HttpResponse<String> requested =
        http.post(
            "/api/incidents/" + id + "/signals/requestAction",
            "{\"type\":\"ROLLBACK\",\"namespace\":\"shop\",\"target\":\"sec-update\"}",
            "X-API-Key",
            TestKeys.BOB);
    assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
    String actionId =
        await(id, s -> !s.pendingApprovals().isEmpty()).pendingApprovals().get(0).id();

    HttpResponse<String> approved =
        http.post(
            "/api/incidents/" + id + "/approvals",
            "{\"actionId\":\"" + actionId + "\"}",
            "Authorization",
            "Bearer " + TOKENS.token("alice", "approver-high"));

    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(json.readTree(approved.body()).get("accepted").asBoolean()).isTrue();
    ApproveRequest received = updated(id, "approveAction", ApproveRequest.class).get(0);
    assertThat(received.approver()).isEqualTo("alice");
    assertThat(IdentityProofs.signatureValid(TestKeys.PROOF_KEY, received.proof())).isTrue();
    assertThat(received.proof().actionId()).isEqualTo(actionId);
    assertThat(received.proof().method()).isEqualTo(IdentityMethod.OIDC);
  }

  // ---------------------------------------------------------------- API keys

  @Test
  void apiKey_asXApiKeyOrBearer_actsAsItsPerson() {
    String id = declare("sec-key", "P2");

    HttpResponse<String> ack =
        http.post(
            "/api/incidents/" + id + "/signals/acknowledge",
            "{}",
            "Authorization",
            "Bearer " + TestKeys.BOB);
    HttpResponse<String> note =
        http.post(
            "/api/incidents/" + id + "/signals/addNote",
            "{\"text\":\"looking\"}",
            "X-API-Key",
            TestKeys.BOB);

    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(202);
    assertThat(note.statusCode()).as(note.body()).isEqualTo(202);
    IncidentState state = await(id, s -> s.acknowledged() && s.timeline.size() > 1);
    assertThat(state.acknowledgedBy).isEqualTo("bob");
  }

  @Test
  void approvalWithAnApiKey_carriesAnApiKeyProofWithTheKeysRoles() {
    String id = declare("sec-key-proof", "P2");

    HttpResponse<String> response =
        http.post(
            "/api/incidents/" + id + "/signals/approve",
            "{\"actionId\":\"rollback-1\",\"approver\":\"carol\"}",
            "X-API-Key",
            TestKeys.CAROL);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    IdentityProof proof = firstSignalled(id, "approve", ApproveRequest.class).proof();
    assertThat(IdentityProofs.signatureValid(TestKeys.PROOF_KEY, proof)).isTrue();
    assertThat(proof.method()).isEqualTo(IdentityMethod.API_KEY);
    assertThat(proof.roles()).containsExactly("responder", "approver-high");
  }

  static Stream<Arguments> badKeys() {
    return Stream.of(
        Arguments.of("unknown key", new String[] {"X-API-Key", "nobody-knows-this-key"}),
        Arguments.of(
            "one character off",
            new String[] {"X-API-Key", TestKeys.ALICE.substring(0, TestKeys.ALICE.length() - 1)}),
        Arguments.of("the configured hash", new String[] {"X-API-Key", TestKeys.ALICE_SHA256}),
        Arguments.of(
            "the hash as bearer",
            new String[] {"Authorization", "Bearer " + TestKeys.ALICE_SHA256}),
        Arguments.of("empty bearer", new String[] {"Authorization", "Bearer    "}),
        Arguments.of("basic scheme", new String[] {"Authorization", Http.basic("alice", "x")}),
        Arguments.of(
            "key and a different bearer",
            new String[] {"X-API-Key", TestKeys.BOB, "Authorization", "Bearer " + TestKeys.ALICE}),
        Arguments.of(
            "the same key twice",
            new String[] {"X-API-Key", TestKeys.BOB, "X-API-Key", TestKeys.BOB}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badKeys")
  void badCredential_is401_andNothingIsSignalled(String name, String[] headers) {
    String id = declare("sec-badkey-" + name.replace(' ', '-').toLowerCase(), "P2");
    int before = writes.count();

    refused(401, "/api/incidents/" + id + "/signals/acknowledge", "{}", headers);

    assertThat(writes.count()).isEqualTo(before);
    assertThat(incident(id).state().acknowledged()).isFalse();
  }

  @Test
  void keyInTheQueryString_isNotACredential() {
    problem(http.as().get("/api/incidents/x?api_key=" + TestKeys.ALICE), 401);
    problem(http.as().get("/api/incidents/x?access_token=" + TestKeys.ALICE), 401);
  }

  @Test
  void bearerWithExtraSpacesAndLowerCaseScheme_isTheSameKey() {
    String id = declare("sec-spaces", "P2");

    HttpResponse<String> response =
        http.post(
            "/api/incidents/" + id + "/signals/acknowledge",
            "{}",
            "Authorization",
            "bearer    " + TestKeys.BOB + "  ");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(await(id, IncidentState::acknowledged).acknowledgedBy).isEqualTo("bob");
  }

  @Test
  void overlongAuthorization_isRefusedAsProblemJson() {
    JsonNode longKey = problem(http.get("/api/incidents/x", "X-API-Key", "k".repeat(6_000)), 401);
    HttpResponse<String> huge =
        http.get("/api/incidents/x", "Authorization", "Bearer " + "k".repeat(20_000));

    assertThat(longKey.get("detail").asString()).doesNotContain("kkkk");
    assertThat(huge.statusCode()).isBetween(400, 499);
    assertThat(huge.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(huge.body()).doesNotContain("kkkk").doesNotContain("<html");
  }

  // ---------------------------------------------------------------- acting as somebody else

  static Stream<Arguments> otherPeople() {
    return Stream.of(
        Arguments.of("someone else", "alice"),
        Arguments.of("cyrillic a lookalike", "c\u0430rol"),
        Arguments.of("fullwidth letters", "\uff43\uff41\uff52\uff4f\uff4c"),
        Arguments.of("zero-width joiner", "car\u200dol"),
        Arguments.of("trailing non-breaking space", "carol\u00a0x"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherPeople")
  void approvingAsSomebodyElse_is403NamingTheField_andNothingIsSignalled(
      String name, String approver) {
    String id = declare("sec-other-" + name.replace(' ', '-').toLowerCase(), "P2");
    int before = writes.count();
    String quoted = json.writeValueAsString(approver);

    JsonNode signal =
        refused(
            403,
            "/api/incidents/" + id + "/signals/approve",
            "{\"actionId\":\"rollback-1\",\"approver\":" + quoted + "}",
            TestKeys.apiKey(TestKeys.CAROL));
    JsonNode update =
        refused(
            403,
            "/api/incidents/" + id + "/approvals",
            "{\"actionId\":\"rollback-1\",\"approver\":" + quoted + "}",
            TestKeys.apiKey(TestKeys.CAROL));

    assertThat(signal.get("field").asString()).isEqualTo("approver");
    assertThat(signal.get("detail").asString()).contains("you are carol");
    assertThat(update.get("field").asString()).isEqualTo("approver");
    assertThat(writes.count()).isEqualTo(before);
  }

  @Test
  void ownNameWithOtherCaseAndSpaces_isAccepted_andTheWorkflowGetsTheCredentialsName() {
    String id = declare("sec-own-name", "P2");

    HttpResponse<String> response =
        http.post(
            "/api/incidents/" + id + "/signals/acknowledge",
            "{\"by\":\"  BOB \"}",
            TestKeys.apiKey(TestKeys.BOB));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(await(id, IncidentState::acknowledged).acknowledgedBy).isEqualTo("bob");
  }

  @Test
  void bodyWithItsOwnProof_is400_andNothingIsSignalled() {
    String id = declare("sec-proof", "P2");
    int before = writes.count();
    String body = "{\"actionId\":\"rollback-1\",\"proof\":{\"person\":\"carol\"}}";

    JsonNode signal =
        refused(
            400,
            "/api/incidents/" + id + "/signals/approve",
            body,
            TestKeys.apiKey(TestKeys.CAROL));
    JsonNode update =
        refused(400, "/api/incidents/" + id + "/approvals", body, TestKeys.apiKey(TestKeys.CAROL));
    JsonNode nullProof =
        refused(
            400,
            "/api/incidents/" + id + "/signals/reject",
            "{\"actionId\":\"rollback-1\",\"proof\":null}",
            TestKeys.apiKey(TestKeys.CAROL));

    assertThat(signal.get("field").asString()).isEqualTo("proof");
    assertThat(update.get("field").asString()).isEqualTo("proof");
    assertThat(nullProof.get("field").asString()).isEqualTo("proof");
    assertThat(writes.count()).isEqualTo(before);
  }

  // ---------------------------------------------------------------- roles

  @Test
  void responder_cannotResolveOrApprove_butTheIncidentsCommanderResolves() {
    String id = declare("sec-roles", "P2");
    int before = writes.count();

    JsonNode resolve =
        refused(
            403, "/api/incidents/" + id + "/signals/resolve", "{}", TestKeys.apiKey(TestKeys.BOB));
    JsonNode approve =
        refused(
            403,
            "/api/incidents/" + id + "/signals/approve",
            "{\"actionId\":\"rollback-1\"}",
            TestKeys.apiKey(TestKeys.BOB));
    assertThat(resolve.get("detail").asString())
        .contains("commander")
        .contains("bob has responder");
    assertThat(approve.get("detail").asString()).contains("approver-low");
    assertThat(writes.count()).isEqualTo(before);

    HttpResponse<String> assigned =
        http.post(
            "/api/incidents/" + id + "/signals/assignRole",
            "{\"role\":\"INCIDENT_COMMANDER\",\"person\":\"bob\"}");
    assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(202);
    await(id, s -> "bob".equals(s.commander()));

    HttpResponse<String> resolved =
        http.post(
            "/api/incidents/" + id + "/signals/resolve",
            "{\"note\":\"fixed\"}",
            TestKeys.apiKey(TestKeys.BOB));

    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(202);
    IncidentState state = await(id, s -> s.resolveRequest != null || s.phase.isOver());
    assertThat(state.phase).isNotEqualTo(Phase.MITIGATING);
  }

  @Test
  void tokenWithoutAKnownRole_canNeitherDeclareNorRead_butAResponderDeclares() {
    String id = declare("sec-no-role", "P2");
    String[] noRole =
        new String[] {"Authorization", "Bearer " + TOKENS.token("frank", "viewer", "staff")};
    int before = writes.count();

    JsonNode declare =
        refused(
            403,
            "/api/incidents",
            "{\"title\":\"by frank\",\"service\":\"sec-no-role-2\",\"severity\":\"P3\"}",
            noRole);
    JsonNode read = problem(http.get("/api/incidents/" + id, noRole), 403);
    JsonNode report = problem(http.get("/api/reports/2026-10", noRole), 403);
    assertThat(writes.count()).isEqualTo(before);
    HttpResponse<String> declared =
        http.post(
            "/api/incidents",
            "{\"title\":\"by bob\",\"service\":\"sec-declare\",\"severity\":\"P3\"}",
            TestKeys.apiKey(TestKeys.BOB));

    assertThat(declare.get("detail").asString()).contains("responder");
    assertThat(read.get("detail").asString()).contains("frank has no role");
    assertThat(report.get("detail").asString()).contains("frank has no role");
    assertThat(declared.statusCode()).as(declared.body()).isEqualTo(202);
  }

  /** A POST that must be refused with {@code status}: its problem. */
  private JsonNode refused(int status, String path, String body, String... headers) {
    return problem(http.post(path, body, headers), status);
  }

  // ---------------------------------------------------------------- what Temporal received

  private <T> List<T> signalled(String workflowId, String signal, Class<T> type) {
    return client.fetchHistory(workflowId).getEvents().stream()
        .filter(HistoryEvent::hasWorkflowExecutionSignaledEventAttributes)
        .map(HistoryEvent::getWorkflowExecutionSignaledEventAttributes)
        .filter(a -> a.getSignalName().equals(signal))
        .map(a -> decode(a.getInput(), type))
        .toList();
  }

  /**
   * The first {@code signal} in the history, waited for a few seconds: once in four full runs on a
   * loaded machine the history read right after the 202 did not have it yet.
   */
  private <T> T firstSignalled(String workflowId, String signal, Class<T> type) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<T> seen = signalled(workflowId, signal, type);
    while (seen.isEmpty() && System.nanoTime() < deadline) {
      sleep(25);
      seen = signalled(workflowId, signal, type);
    }
    assertThat(seen).as("a " + signal + " signal in " + workflowId + "'s history").isNotEmpty();
    return seen.get(0);
  }

  private <T> List<T> updated(String workflowId, String update, Class<T> type) {
    return client.fetchHistory(workflowId).getEvents().stream()
        .filter(HistoryEvent::hasWorkflowExecutionUpdateAcceptedEventAttributes)
        .map(e -> e.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest())
        .filter(r -> r.getInput().getName().equals(update))
        .map(r -> decode(r.getInput().getArgs(), type))
        .toList();
  }

  private <T> T decode(Payloads payloads, Class<T> type) {
    return client
        .getOptions()
        .getDataConverter()
        .fromPayloads(0, Optional.of(payloads), type, type);
  }
}
