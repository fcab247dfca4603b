package io.incidentresponse.workflows.incident;

import static io.incidentresponse.workflows.StoredHistories.read;
import static io.incidentresponse.workflows.StoredHistories.write;
import static io.incidentresponse.workflows.incident.Incidents.alert;
import static io.incidentresponse.workflows.incident.Incidents.await;
import static io.incidentresponse.workflows.incident.Incidents.hasEvent;
import static io.incidentresponse.workflows.incident.Incidents.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.when;

import io.incidentresponse.workflows.Json;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertBatch;
import io.incidentresponse.workflows.capabilities.Capabilities;
import io.incidentresponse.workflows.capabilities.Integration;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.identity.IdentityMethod;
import io.incidentresponse.workflows.identity.IdentityProof;
import io.incidentresponse.workflows.identity.IdentityProofs;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.RiskClass;
import io.incidentresponse.workflows.mitigation.VerificationRequest;
import io.incidentresponse.workflows.mitigation.VerificationResult;
import io.incidentresponse.workflows.oncall.EmergencyContact;
import io.incidentresponse.workflows.oncall.EscalationTarget;
import io.incidentresponse.workflows.oncall.EscalationTargetRequest;
import io.incidentresponse.workflows.oncall.OnCallPerson;
import io.incidentresponse.workflows.policy.PolicyEditions;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.incidentresponse.workflows.postmortem.PostmortemWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays stored histories of finished incidents against the current workflow code. A change that
 * would break a running incident fails here. Histories are recorded from the scenarios below with
 * {@code ./mvnw -pl workflows test -Dtest=IncidentWorkflowReplayTest -DrecordHistories=true}, which
 * writes only files that do not exist yet: old files stand for incidents still running.
 */
class IncidentWorkflowReplayTest {
  // Each file is named after its workflow id: replay needs the id (the child's id derives from it).
  private static final String APPROVED_ROLLBACK = "inc-p1-approved-rollback";
  private static final String UNACKNOWLEDGED_FALSE_POSITIVE =
      "inc-p0-unacknowledged-false-positive";
  // Recorded after the archive-channel-at-close change (Workflow.getVersion): both sides replay.
  private static final String ROLLBACK_WITH_ARCHIVE = "inc-p1-rollback-archive-v1";
  // Recorded after the ranked-hypotheses change: the rollback comes from the ranking.
  private static final String RANKED_ROLLBACK = "inc-p1-ranked-rollback-v2";
  // Recorded after the closure-impact and history-store changes.
  private static final String IMPACT_AND_HISTORY = "inc-p1-impact-history-v3";
  // Recorded after the hardened-lifecycle change: the initial response beside the diagnosis.
  private static final String HARDENED = "inc-p1-hardened-v4";
  // Recorded before the incident workflow was split into its runbook steps (issue 12): the
  // hardened paths of issue 11 (unverifiable recovery, a flapping check, P3 paged the next day).
  private static final String UNVERIFIED = "inc-p1-unverified-v5";
  private static final String FLAPPING = "inc-p2-flapping-v5";
  private static final String P3_NEXT_DAY = "inc-p3-next-day-v5";
  // Recorded after the verified-approvals change (issue 13): the policy's risk, two approvers, one
  // with a proof checked by a local activity, and the requester refused.
  private static final String VERIFIED_APPROVALS = "inc-p1-verified-approvals-v6";
  // Recorded after issue 16: pages resolved to people by the roster, a security incident handled
  // privately (security lead paged, contacts shared), an escalation, and contacts asked for.
  private static final String SECURITY_ESCALATED = "inc-p0-security-escalated-v7";
  // Recorded after the lean-incident change (issue 18): one version marker, the worker's answer
  // (no status page, no roster, two probes not served) as a local-activity marker, and the
  // approved rollback; it replays with whatever the replaying worker has configured.
  private static final String LEAN = "inc-p1-lean-v8";
  // Recorded after version 2 of the lean-incident change (issue 18, one workflow thread): the
  // response time and the update cadence kept by the loop, publishing by the loop; an approved
  // rollback, and an unacknowledged P0 escalated twice, updated, lowered and closed.
  private static final String ONE_THREAD = "inc-p1-one-thread-v9";
  private static final String ONE_THREAD_ESCALATED = "inc-p0-one-thread-escalated-v9";
  // Recorded after version 3 of the lean-incident change (issue 18, each call and the loop's timer
  // in a detached scope of its own): the same two paths.
  private static final String RELEASED_CALLS = "inc-p1-released-calls-v10";
  private static final String RELEASED_CALLS_ESCALATED = "inc-p0-released-calls-escalated-v10";
  // Recorded after version 4 of the lean-incident change (issue 18): started with the search
  // attributes its first workflow task publishes, which therefore upserts nothing.
  private static final String START_ATTRIBUTES = "inc-p1-start-attributes-v11";

  // A P0 whose input names the runbook defaults' edition instead of carrying the policy
  // (PolicyEditions), escalated unacknowledged and closed as a false positive.
  private static final String NAMED_POLICY = "inc-p0-named-policy-v12";

  @RegisterExtension static final TestWorkflowExtension temporal = Incidents.extension().build();

  @ParameterizedTest
  @ValueSource(
      strings = {
        APPROVED_ROLLBACK,
        UNACKNOWLEDGED_FALSE_POSITIVE,
        ROLLBACK_WITH_ARCHIVE,
        RANKED_ROLLBACK,
        IMPACT_AND_HISTORY,
        HARDENED,
        UNVERIFIED,
        FLAPPING,
        P3_NEXT_DAY,
        VERIFIED_APPROVALS,
        SECURITY_ESCALATED,
        LEAN,
        ONE_THREAD,
        ONE_THREAD_ESCALATED,
        RELEASED_CALLS,
        RELEASED_CALLS_ESCALATED,
        START_ATTRIBUTES,
        NAMED_POLICY
      })
  void storedHistory_replaysWithTheCurrentCode(String workflowId) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(read(workflowId), workflowId),
        IncidentWorkflowImpl.class,
        PostmortemWorkflowImpl.class);
  }

  @Test
  void historyWithAnActivityTheCodeNeverCalls_failsAsNonDeterministic() throws Exception {
    String json = read(APPROVED_ROLLBACK);
    // As if an earlier version had opened a "war room" where the code opens the incident channel.
    String altered = json.replace("\"OpenIncidentChannel\"", "\"OpenWarRoom\"");
    assertThat(altered).isNotEqualTo(json);

    assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecution(
                    WorkflowExecutionHistory.fromJson(altered, APPROVED_ROLLBACK),
                    IncidentWorkflowImpl.class,
                    PostmortemWorkflowImpl.class))
        .hasMessageContaining(NonDeterministicException.class.getName())
        .hasMessageContaining("OpenWarRoom");
  }

  @Test
  void freshHistory_replaysWithTheCurrentCode(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    WorkflowExecutionHistory history = approvedRollback(env, worker, options, "inc-fresh");

    WorkflowReplayer.replayWorkflowExecution(
        history, IncidentWorkflowImpl.class, PostmortemWorkflowImpl.class);
  }

  @Test
  @EnabledIfSystemProperty(named = "recordHistories", matches = "true")
  void recordHistories(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options)
      throws Exception {
    Activities activities = rollbackProposed();
    activities.registerOn(worker);
    env.start();
    write(APPROVED_ROLLBACK, runApprovedRollback(env, options, APPROVED_ROLLBACK));
    write(
        UNACKNOWLEDGED_FALSE_POSITIVE,
        runFalsePositive(env, options, UNACKNOWLEDGED_FALSE_POSITIVE));
    write(ROLLBACK_WITH_ARCHIVE, runApprovedRollback(env, options, ROLLBACK_WITH_ARCHIVE));
    write(RANKED_ROLLBACK, runApprovedRollback(env, options, RANKED_ROLLBACK));
    write(IMPACT_AND_HISTORY, runApprovedRollback(env, options, IMPACT_AND_HISTORY));
    write(HARDENED, runApprovedRollback(env, options, HARDENED));
  }

  @Test
  @EnabledIfSystemProperty(named = "recordHistories", matches = "true")
  void recordHardenedPaths(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options)
      throws Exception {
    Activities activities = new Activities();
    AtomicInteger checks = new AtomicInteger();
    when(activities.mitigation.verifyRecovery(any()))
        .thenAnswer(
            call -> {
              String incident = call.<VerificationRequest>getArgument(0).incidentId();
              if (incident.equals(UNVERIFIED)) {
                throw ApplicationFailure.newNonRetryableFailure(
                    "recovery checks are not configured", FailureType.NOT_CONFIGURED.type());
              }
              return new VerificationResult(checks.incrementAndGet() % 2 == 1, "flap", List.of());
            });
    activities.registerOn(worker);
    env.start();
    WorkflowClient client = env.getWorkflowClient();

    Alert unverified = alert("CheckoutErrors", "checkout", "severity", "critical");
    IncidentWorkflow first = Incidents.start(client, options, UNVERIFIED, policy(), unverified);
    await(first, s -> s.phase == Phase.MITIGATING);
    first.acknowledge(new AcknowledgeRequest("carol", null));
    env.sleep(Duration.ofMinutes(20));
    first.alert(
        new AlertBatch(
            List.of(Incidents.resolved(unverified, Incidents.START.plusSeconds(1_150))), "d-2"));
    env.sleep(Duration.ofHours(2));
    WorkflowStub.fromTyped(first).getResult(IncidentOutcome.class);
    write(UNVERIFIED, client.fetchHistory(UNVERIFIED));

    Alert flapping = alert("SearchSlow", "search", "severity", "warning");
    IncidentWorkflow second = Incidents.start(client, options, FLAPPING, policy(), flapping);
    await(second, s -> s.phase == Phase.MITIGATING);
    env.sleep(Duration.ofMinutes(10));
    second.alert(new AlertBatch(List.of(Incidents.resolved(flapping)), "d-2"));
    env.sleep(Duration.ofMinutes(90));
    second.resolve(new ResolveRequest("carol", "stable now", false));
    WorkflowStub.fromTyped(second).getResult(IncidentOutcome.class);
    write(FLAPPING, client.fetchHistory(FLAPPING));

    IncidentWorkflow third =
        Incidents.start(
            client,
            options,
            P3_NEXT_DAY,
            policy(),
            alert("DiskFilling", "batch", "priority", "P3"));
    await(third, s -> s.phase == Phase.MITIGATING);
    env.sleep(Duration.ofHours(20)); // Friday 10:00: paged at 09:00
    third.acknowledge(new AcknowledgeRequest("dave", "looking"));
    third.resolve(new ResolveRequest("dave", "log rotation fixed", true));
    WorkflowStub.fromTyped(third).getResult(IncidentOutcome.class);
    write(P3_NEXT_DAY, client.fetchHistory(P3_NEXT_DAY));
  }

  @Test
  @EnabledIfSystemProperty(named = "recordHistories", matches = "true")
  void recordVerifiedApprovals(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options)
      throws Exception {
    new Activities().registerOn(worker);
    env.start();
    WorkflowClient client = env.getWorkflowClient();
    ResponsePolicy twoForHigh =
        Json.read(
            "{\"approvers\":{\"HIGH\":[\"alice\",\"carol\"]},\"approvalsRequired\":{\"HIGH\":2},"
                + "\"defaultNamespace\":\"shop\"}",
            ResponsePolicy.class);
    IncidentWorkflow incident =
        Incidents.start(
            client,
            options,
            VERIFIED_APPROVALS,
            twoForHigh,
            alert("CheckoutErrors", "checkout", "severity", "critical"));
    await(incident, s -> s.phase == Phase.MITIGATING);
    incident.requestAction(
        new ActionRequest(
            ActionType.ROLLBACK, null, "checkout", Map.of(), RiskClass.LOW, "dave", "deploy"));
    await(incident, s -> !s.pendingApprovals().isEmpty());
    incident.approve(new ApproveRequest("rollback-1", "dave", "mine"));
    IdentityProof carol =
        IdentityProofs.sign(
            Activities.PROOF_KEY.getBytes(StandardCharsets.UTF_8),
            "carol",
            IdentityMethod.API_KEY,
            List.of("approver-high"),
            VERIFIED_APPROVALS,
            "rollback-1",
            "approve",
            Instant.now());
    incident.approve(new ApproveRequest("rollback-1", "carol", "go", carol));
    incident.approve(new ApproveRequest("rollback-1", "erin", "go"));
    await(incident, s -> hasEvent(s, "Refused approval of rollback-1: erin"));
    incident.approveAction(
        new ApproveRequest(
            "rollback-1",
            "alice",
            null,
            IdentityProofs.sign(
                Activities.PROOF_KEY.getBytes(StandardCharsets.UTF_8),
                "alice",
                IdentityMethod.OIDC,
                List.of(),
                VERIFIED_APPROVALS,
                "rollback-1",
                "approve",
                Instant.now())));
    await(incident, s -> s.phase == Phase.MONITORING);
    incident.resolve(new ResolveRequest("carol", "rolled back", false));
    WorkflowStub.fromTyped(incident).getResult(IncidentOutcome.class);
    write(VERIFIED_APPROVALS, client.fetchHistory(VERIFIED_APPROVALS));
  }

  @Test
  @EnabledIfSystemProperty(named = "recordHistories", matches = "true")
  void recordSecurityEscalated(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options)
      throws Exception {
    Activities activities = new Activities();
    OnCallPerson sam = new OnCallPerson("sam", "Sam Secure", "USAM", null, null, null);
    OnCallPerson alice = new OnCallPerson("alice", "Alice Smith", "UALICE", null, null, null);
    doAnswer(
            call -> {
              EscalationTargetRequest request = call.getArgument(0);
              return switch (request.level()) {
                case "security-lead" ->
                    new EscalationTarget(request.level(), sam, "role security-lead", null, null);
                case "primary-oncall" ->
                    new EscalationTarget(request.level(), alice, "rotation accounts", null, null);
                default -> new EscalationTarget(request.level(), null, null, null, "nobody");
              };
            })
        .when(activities.oncall)
        .resolveTarget(any());
    doAnswer(
            call ->
                List.of(
                    new EmergencyContact(
                        "security-lead",
                        "Security Team Lead",
                        "internal",
                        sam,
                        List.of("Slack @sam"),
                        List.of("security"))))
        .when(activities.oncall)
        .emergencyContacts(any());
    activities.registerOn(worker);
    env.start();
    WorkflowClient client = env.getWorkflowClient();
    IncidentWorkflow incident =
        Incidents.start(
            client,
            options,
            SECURITY_ESCALATED,
            policy(),
            alert("Breach", "accounts", "category", "security"));
    await(incident, s -> s.pages.size() == 2 && !s.contactsShared.isEmpty());
    env.sleep(Duration.ofMinutes(16));
    await(incident, s -> s.pages.size() == 3);
    incident.shareContacts(new ShareContactsRequest("sam", List.of("security")));
    await(incident, s -> s.contactsShared.size() == 2);
    incident.acknowledge(new AcknowledgeRequest("sam", null));
    incident.resolve(new ResolveRequest("sam", "token revoked", false));
    WorkflowStub.fromTyped(incident).getResult(IncidentOutcome.class);
    write(SECURITY_ESCALATED, client.fetchHistory(SECURITY_ESCALATED));
  }

  @Test
  @EnabledIfSystemProperty(named = "recordHistories", matches = "true")
  void recordLean(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options)
      throws Exception {
    Activities activities = rollbackProposed();
    activities.capabilities =
        new Capabilities(
            List.of(Integration.STATUS_PAGE, Integration.ROSTER),
            Map.of(
                DiagnosisProbe.TRACES, "traces (incident.jaeger.url) is not configured",
                DiagnosisProbe.GIT_CHANGES,
                    "git changes (incident.git.repositories) is not configured"));
    activities.registerOn(worker);
    env.start();
    write(LEAN, runApprovedRollback(env, options, LEAN));
  }

  @Test
  @EnabledIfSystemProperty(named = "recordHistories", matches = "true")
  void recordOneThread(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options)
      throws Exception {
    recordRollbackAndFalsePositive(env, worker, options, ONE_THREAD, ONE_THREAD_ESCALATED);
  }

  @Test
  @EnabledIfSystemProperty(named = "recordHistories", matches = "true")
  void recordReleasedCalls(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options)
      throws Exception {
    recordRollbackAndFalsePositive(env, worker, options, RELEASED_CALLS, RELEASED_CALLS_ESCALATED);
  }

  /**
   * The two paths each version since the one-thread change is recorded on: an approved rollback
   * ({@code rollback}) and an unacknowledged P0 escalated and closed as a false positive ({@code
   * escalated}).
   */
  private static void recordRollbackAndFalsePositive(
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowOptions options,
      String rollback,
      String escalated)
      throws Exception {
    rollbackProposed().registerOn(worker);
    env.start();
    write(rollback, runApprovedRollback(env, options, rollback));
    write(escalated, runFalsePositive(env, options, escalated));
  }

  @Test
  @EnabledIfSystemProperty(named = "recordHistories", matches = "true")
  void recordStartAttributes(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options)
      throws Exception {
    rollbackProposed().registerOn(worker);
    env.start();
    WorkflowOptions started =
        WorkflowOptions.newBuilder(options)
            .setTypedSearchAttributes(
                io.temporal.common.SearchAttributes.newBuilder()
                    .set(IncidentSearchAttributes.SEVERITY, "P1")
                    .set(IncidentSearchAttributes.SERVICE, "checkout")
                    .set(IncidentSearchAttributes.PHASE, Phase.INVESTIGATING.name())
                    .set(IncidentSearchAttributes.ACKNOWLEDGED, false)
                    .build())
            .build();
    write(START_ATTRIBUTES, runApprovedRollback(env, started, START_ATTRIBUTES));
  }

  @Test
  @EnabledIfSystemProperty(named = "recordHistories", matches = "true")
  void recordNamedPolicy(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options)
      throws Exception {
    rollbackProposed().registerOn(worker);
    env.start();
    IncidentInput input =
        Incidents.named(
            PolicyEditions.nameOf(ResponsePolicy.defaults()),
            alert("ApiGatewayDown", "api-gateway", "priority", "P0"));
    write(NAMED_POLICY, runFalsePositive(env, options, NAMED_POLICY, input));
  }

  private static Activities rollbackProposed() {
    Activities activities = new Activities();
    when(activities.diagnosis.inspectRollouts(any()))
        .thenReturn(
            new Finding(
                DiagnosisProbe.ROLLOUT_HISTORY,
                FindingOutcome.ANOMALY,
                "revision 42 rolled out before the errors",
                List.of("revision 42 image checkout:1.8.0"),
                List.of(
                    new ActionProposal(
                        ActionType.ROLLBACK,
                        "shop",
                        "checkout",
                        Map.of("revision", "41"),
                        null,
                        "deploy")),
                Instant.EPOCH,
                Map.of(
                    FindingFacts.DEPLOYMENT, "checkout",
                    FindingFacts.ROLLOUT_AT, Incidents.START.minusSeconds(600).toString(),
                    FindingFacts.ROLLOUT_REVISION, "42",
                    FindingFacts.ROLLOUT_PREVIOUS_REVISION, "41")));
    return activities;
  }

  private static WorkflowExecutionHistory approvedRollback(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options, String id) {
    rollbackProposed().registerOn(worker);
    env.start();
    return runApprovedRollback(env, options, id);
  }

  private static WorkflowExecutionHistory runApprovedRollback(
      TestWorkflowEnvironment env, WorkflowOptions options, String id) {
    WorkflowClient client = env.getWorkflowClient();
    IncidentWorkflow incident =
        Incidents.start(
            client,
            options,
            id,
            policy(),
            alert("CheckoutErrors", "checkout", "severity", "critical"));
    await(incident, s -> s.phase == Phase.MITIGATING && !s.pendingApprovals().isEmpty());
    incident.acknowledge(new AcknowledgeRequest("carol", null));
    incident.addNote(new NoteRequest("carol", "errors started with the 14:00 deploy"));
    incident.approve(new ApproveRequest("rollback-1", "mallory", null));
    incident.approve(new ApproveRequest("rollback-1", "alice", "go"));
    await(incident, s -> s.phase == Phase.MONITORING);
    env.sleep(Duration.ofMinutes(30));
    WorkflowStub.fromTyped(incident).getResult(IncidentOutcome.class);
    return client.fetchHistory(id);
  }

  private static WorkflowExecutionHistory runFalsePositive(
      TestWorkflowEnvironment env, WorkflowOptions options, String id) {
    return runFalsePositive(
        env,
        options,
        id,
        IncidentInput.of(policy(), alert("ApiGatewayDown", "api-gateway", "priority", "P0")));
  }

  private static WorkflowExecutionHistory runFalsePositive(
      TestWorkflowEnvironment env, WorkflowOptions options, String id, IncidentInput input) {
    WorkflowClient client = env.getWorkflowClient();
    IncidentWorkflow incident = Incidents.start(client, options, id, input);
    await(incident, s -> s.phase == Phase.MITIGATING);
    env.sleep(Duration.ofMinutes(31));
    incident.setSeverity(
        new io.incidentresponse.workflows.incident.SetSeverityRequest(
            io.incidentresponse.workflows.incident.Severity.P1, "alice", "one region only"));
    incident.resolve(new ResolveRequest("alice", "synthetic probe misfired", true));
    WorkflowStub.fromTyped(incident).getResult(IncidentOutcome.class);
    return client.fetchHistory(id);
  }
}
