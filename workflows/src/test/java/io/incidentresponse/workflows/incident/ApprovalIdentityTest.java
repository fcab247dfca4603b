package io.incidentresponse.workflows.incident;

import static io.incidentresponse.workflows.incident.Incidents.alert;
import static io.incidentresponse.workflows.incident.Incidents.await;
import static io.incidentresponse.workflows.incident.Incidents.hasEvent;
import static io.incidentresponse.workflows.incident.Incidents.policy;
import static io.incidentresponse.workflows.incident.Incidents.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import io.incidentresponse.workflows.Json;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.identity.IdentityMethod;
import io.incidentresponse.workflows.identity.IdentityProof;
import io.incidentresponse.workflows.identity.IdentityProofs;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.incidentresponse.workflows.mitigation.RiskClass;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who may approve what (issue 13), on Temporal's test server with the real proof checker: the
 * policy sets an action's risk, the requester never approves their own action, several approvers
 * where the policy asks, verified identities where it demands them, and every approval says how the
 * approver's identity was established.
 */
class ApprovalIdentityTest {

  @RegisterExtension static final TestWorkflowExtension temporal = Incidents.extension().build();

  private static final byte[] KEY = Activities.PROOF_KEY.getBytes(StandardCharsets.UTF_8);

  private final Activities activities = new Activities();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private WorkflowOptions options;
  private final List<String> opened = new ArrayList<>();

  @BeforeEach
  void startWorker(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    activities.registerOn(worker);
    env.start();
    this.env = env;
    this.client = env.getWorkflowClient();
    this.options = options;
  }

  @AfterEach
  void loopNeverSpun() {
    Incidents.assertNeverSpun(client, opened);
  }

  private IncidentWorkflow open(String id, ResponsePolicy policy) {
    opened.add(id);
    Alert p1 = alert("CheckoutErrors", "checkout", "severity", "critical");
    IncidentWorkflow incident = start(client, options, id, policy, p1);
    await(incident, s -> s.phase == Phase.MITIGATING);
    return incident;
  }

  private static ActionRequest request(ActionType type, RiskClass risk, String by) {
    return new ActionRequest(type, null, "checkout", Map.of(), risk, by, "test");
  }

  private static IdentityProof proof(
      byte[] key, String person, List<String> roles, String incident, String action, Instant at) {
    return IdentityProofs.sign(
        key, person, IdentityMethod.API_KEY, roles, incident, action, "approve", at);
  }

  private static IdentityProof proof(String person, String incident, String action) {
    return proof(KEY, person, List.of(), incident, action, Instant.now());
  }

  @Test
  void lowRiskClaimedForARollback_waitsForAHighRiskApprover() {
    IncidentWorkflow incident = open("inc-claimed-low", policy());
    incident.requestAction(request(ActionType.ROLLBACK, RiskClass.LOW, "dave"));

    IncidentState state = await(incident, s -> !s.pendingApprovals().isEmpty());
    MitigationAction rollback = state.actions.get(0);
    assertThat(rollback.risk()).isEqualTo(RiskClass.HIGH);
    assertThat(rollback.status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
    assertThat(state.timeline)
        .anyMatch(
            e -> e.actionTaken().contains("LOW asked, the policy's risk for ROLLBACK is HIGH"));

    // bob approves MEDIUM risk in the test policy, not HIGH; alice approves HIGH
    ApprovalResult bob = incident.approveAction(new ApproveRequest("rollback-1", "bob", null));
    assertThat(bob.accepted()).isFalse();
    assertThat(bob.reason()).isEqualTo("bob is not an approver for HIGH risk");
    env.sleep(Duration.ofMinutes(2));
    verify(activities.mitigation, never()).runMitigation(any());

    assertThat(incident.approveAction(new ApproveRequest("rollback-1", "alice", null)).accepted())
        .isTrue();
    verify(activities.mitigation, timeout(5_000))
        .runMitigation(argThat(r -> r.actionId().equals("rollback-1")));
  }

  @Test
  void aRequestMayRaiseTheRiskButThePolicyMayLowerIt() {
    ResponsePolicy policy = policy("\"actionRisk\":{\"RESTART\":\"LOW\"}");
    assertThat(policy.riskOf(ActionType.RESTART, null)).isEqualTo(RiskClass.LOW);
    assertThat(policy.riskOf(ActionType.SCALE, RiskClass.HIGH)).isEqualTo(RiskClass.HIGH);
    assertThat(policy.riskOf(ActionType.DRAIN_NODE, RiskClass.LOW)).isEqualTo(RiskClass.HIGH);

    IncidentWorkflow incident = open("inc-raised", policy);
    incident.requestAction(request(ActionType.SCALE, RiskClass.HIGH, "dave"));
    IncidentState state = await(incident, s -> !s.pendingApprovals().isEmpty());
    assertThat(state.actions.get(0).risk()).isEqualTo(RiskClass.HIGH);
  }

  @Test
  void theRequesterOfAnAction_mayNotApproveIt() {
    IncidentWorkflow incident = open("inc-own", policy());
    incident.requestAction(request(ActionType.RESTART, null, "alice"));
    await(incident, s -> !s.pendingApprovals().isEmpty());

    ApprovalResult own = incident.approveAction(new ApproveRequest("restart-1", " Alice", "mine"));
    assertThat(own.accepted()).isFalse();
    assertThat(own.reason())
        .isEqualTo("Alice requested restart-1: the requester of an action may not approve it");
    env.sleep(Duration.ofMinutes(2));
    verify(activities.mitigation, never()).runMitigation(any());

    ApprovalResult bob = incident.approveAction(new ApproveRequest("restart-1", "bob", null));
    assertThat(bob.accepted()).isTrue();
    verify(activities.mitigation, timeout(5_000))
        .runMitigation(argThat(r -> r.approvedBy().equals("bob")));
  }

  @Test
  void twoApproversForHighRisk_theSamePersonTwiceIsNotTwo() {
    ResponsePolicy policy =
        Json.read(
            "{\"approvers\":{\"HIGH\":[\"alice\",\"carol\"]},\"approvalsRequired\":{\"HIGH\":2},"
                + "\"defaultNamespace\":\"shop\"}",
            ResponsePolicy.class);
    IncidentWorkflow incident = open("inc-two", policy);
    incident.requestAction(request(ActionType.ROLLBACK, null, "dave"));
    await(incident, s -> !s.pendingApprovals().isEmpty());

    ApprovalResult first = incident.approveAction(new ApproveRequest("rollback-1", "alice", null));
    assertThat(first.accepted()).isTrue();
    assertThat(first.status()).isEqualTo(ActionStatus.AWAITING_APPROVAL);
    assertThat(first.reason()).isEqualTo("1 of 2 approvals; another approver is needed");
    ApprovalResult again = incident.approveAction(new ApproveRequest("rollback-1", "ALICE", null));
    assertThat(again.accepted()).isFalse();
    assertThat(again.reason()).contains("has approved rollback-1 already; it needs 2");
    env.sleep(Duration.ofMinutes(2));
    verify(activities.mitigation, never()).runMitigation(any());

    ApprovalResult second = incident.approveAction(new ApproveRequest("rollback-1", "carol", null));
    assertThat(second.accepted()).isTrue();
    verify(activities.mitigation, timeout(5_000))
        .runMitigation(argThat(r -> r.approvedBy().equals("alice + carol")));
    IncidentState state = incident.state();
    assertThat(state.actions.get(0).approvals())
        .extracting(a -> a.person() + "/" + a.method())
        .containsExactly("alice/ASSERTED", "carol/ASSERTED");
  }

  @Test
  void aNameTypedIntoTheTemporalUi_isAcceptedByDefaultAndSaysItWasAsserted() {
    IncidentWorkflow incident = open("inc-asserted", policy());
    incident.requestAction(request(ActionType.ROLLBACK, null, "dave"));
    await(incident, s -> !s.pendingApprovals().isEmpty());

    incident.approve(new ApproveRequest("rollback-1", "alice", "go"));

    IncidentState state = await(incident, s -> hasEvent(s, "Approved rollback-1"));
    assertThat(state.timeline)
        .anyMatch(
            e ->
                e.event().startsWith("Approved rollback-1 (asserted: a name typed into a signal)")
                    && e.actor().equals("alice"));
  }

  @Test
  void verifiedIdentityRequired_refusesATypedNameAndAcceptsAFreshProof() {
    IncidentWorkflow incident = open("inc-verified", policy("\"verifiedIdentityFor\":[\"HIGH\"]"));
    incident.requestAction(request(ActionType.ROLLBACK, null, "dave"));
    await(incident, s -> !s.pendingApprovals().isEmpty());

    ApprovalResult typed = incident.approveAction(new ApproveRequest("rollback-1", "alice", null));
    assertThat(typed.accepted()).isFalse();
    assertThat(typed.reason())
        .startsWith("HIGH risk needs an identity verified by the REST API or Slack; alice's was")
        .contains("typed into a signal");

    // forged (another key), for somebody else, for another incident, stale: all stay asserted
    byte[] otherKey = "another-key-0123456789abcdef0123456789ab".getBytes(StandardCharsets.UTF_8);
    List<IdentityProof> bad =
        List.of(
            proof(otherKey, "alice", List.of(), "inc-verified", "rollback-1", Instant.now()),
            proof("carol", "inc-verified", "rollback-1"),
            proof("alice", "inc-elsewhere", "rollback-1"),
            proof(
                KEY,
                "alice",
                List.of(),
                "inc-verified",
                "rollback-1",
                Instant.now().minusSeconds(600)));
    for (IdentityProof forged : bad) {
      ApprovalResult answer =
          incident.approveAction(new ApproveRequest("rollback-1", "alice", null, forged));
      assertThat(answer.accepted()).as("%s", forged).isFalse();
    }
    env.sleep(Duration.ofMinutes(2));
    verify(activities.mitigation, never()).runMitigation(any());

    ApprovalResult verified =
        incident.approveAction(
            new ApproveRequest(
                "rollback-1", "alice", null, proof("alice", "inc-verified", "rollback-1")));
    assertThat(verified.accepted()).isTrue();
    assertThat(verified.identity()).isEqualTo("verified: API key");
    assertThat(typed.identity()).startsWith("asserted: a name typed into a signal");
    IncidentState state = await(incident, s -> hasEvent(s, "Approved rollback-1"));
    assertThat(state.timeline)
        .anyMatch(e -> e.event().startsWith("Approved rollback-1 (verified: API key)"))
        .anyMatch(e -> e.event().contains("its proof's signature does not verify"))
        .anyMatch(e -> e.event().contains("its proof vouches for somebody else"))
        .anyMatch(e -> e.event().contains("its proof is for another incident"))
        .anyMatch(e -> e.event().contains("its proof is stale"));
    // the proof's signature is a credential while fresh: never on the timeline
    assertThat(state.timeline)
        .noneMatch(
            e ->
                e.event().contains(bad.get(1).signature())
                    || e.actionTaken().contains(bad.get(1).signature()));
  }

  @Test
  void aVerifiedApproverRole_approvesWithoutBeingNamedInThePolicy() {
    IncidentWorkflow incident = open("inc-role", policy());
    incident.requestAction(request(ActionType.ROLLBACK, null, "dave"));
    await(incident, s -> !s.pendingApprovals().isEmpty());

    ApprovalResult typed = incident.approveAction(new ApproveRequest("rollback-1", "erin", null));
    assertThat(typed.accepted()).isFalse();
    IdentityProof mediumOnly =
        proof(KEY, "erin", List.of("approver-medium"), "inc-role", "rollback-1", Instant.now());
    assertThat(
            incident
                .approveAction(new ApproveRequest("rollback-1", "erin", null, mediumOnly))
                .accepted())
        .isFalse();

    IdentityProof high =
        proof(KEY, "erin", List.of("approver-high"), "inc-role", "rollback-1", Instant.now());
    incident.approve(new ApproveRequest("rollback-1", "erin", "go", high));

    verify(activities.mitigation, timeout(5_000))
        .runMitigation(argThat(r -> r.approvedBy().equals("erin")));
    assertThat(incident.state().actions.get(0).approvals())
        .singleElement()
        .satisfies(a -> assertThat(a.method()).isEqualTo(IdentityMethod.API_KEY));
  }
}
