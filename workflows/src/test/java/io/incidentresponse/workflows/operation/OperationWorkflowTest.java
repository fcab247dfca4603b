package io.incidentresponse.workflows.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.incidentresponse.workflows.identity.IdentityActivities;
import io.incidentresponse.workflows.incident.ApprovalResult;
import io.incidentresponse.workflows.incident.ApproveRequest;
import io.incidentresponse.workflows.incident.RejectRequest;
import io.incidentresponse.workflows.incident.TimelineEntry;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationActivities;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import io.incidentresponse.workflows.mitigation.RiskClass;
import io.incidentresponse.workflows.mitigation.VerificationResult;
import io.incidentresponse.workflows.operation.OperationState.Status;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/** Rollback and scale outside an incident on the time-skipping test server, production mocked. */
class OperationWorkflowTest {
  private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");
  private static final String ID = "operation-checkout-1";

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(OperationWorkflowImpl.class)
          .setInitialTime(T0)
          .setDoNotStart(true)
          .build();

  private final MitigationActivities production =
      mock(MitigationActivities.class, withSettings().withoutAnnotations());
  private final IdentityActivities identity =
      mock(IdentityActivities.class, withSettings().withoutAnnotations());
  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    client = env.getWorkflowClient();
    taskQueue = options.getTaskQueue();
    when(production.runMitigation(any()))
        .thenReturn(
            new MitigationResult(
                "rolled back checkout to revision 41",
                Map.of("revision", "42"),
                Map.of("revision", "41")));
    when(production.verifyRecovery(any()))
        .thenReturn(new VerificationResult(true, "all 3 checks passed", List.of()));
    worker.registerActivitiesImplementations(production, identity);
    env.start();
  }

  private static ResponsePolicy policy(boolean dryRun, List<RiskClass> verifiedFor) {
    return new ResponsePolicy(
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Map.of(RiskClass.HIGH, List.of("alice", "dave"), RiskClass.LOW, List.of("alice")),
        null,
        null,
        null,
        null,
        dryRun,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        verifiedFor,
        null);
  }

  private static ActionProposal rollback() {
    return new ActionProposal(
        ActionType.ROLLBACK, "shop", "checkout", Map.of("revision", "41"), null, "bad deploy");
  }

  private static ActionProposal scale(int replicas) {
    return new ActionProposal(
        ActionType.SCALE,
        "shop",
        "checkout",
        Map.of("replicas", String.valueOf(replicas)),
        null,
        "traffic");
  }

  private OperationWorkflow started(OperationRequest request) {
    OperationWorkflow stub =
        client.newWorkflowStub(
            OperationWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(ID).setTaskQueue(taskQueue).build());
    WorkflowClient.start(stub::run, request);
    return stub;
  }

  private OperationState result() {
    return client.newUntypedWorkflowStub(ID).getResult(OperationState.class);
  }

  private static OperationRequest request(
      ActionProposal action, ResponsePolicy policy, RiskClass autoRunUpTo) {
    return new OperationRequest(action, "bob", "bad deploy", policy, autoRunUpTo, null);
  }

  @Test
  void rollback_needingApproval_waitsRefusesRequesterAndNonApprover_runsOnceAfterApproval() {
    OperationWorkflow operation = started(request(rollback(), policy(false, List.of()), null));

    ApprovalResult byRequester = operation.approve(new ApproveRequest(null, "bob", null));
    ApprovalResult byStranger = operation.approve(new ApproveRequest(null, "carol", null));
    assertThat(operation.state().status).isEqualTo(Status.AWAITING_APPROVAL);
    verify(production, never()).runMitigation(any());
    ApprovalResult byAlice = operation.approve(new ApproveRequest(null, "alice", "go"));
    OperationState done = result();

    assertThat(byRequester.accepted()).isFalse();
    assertThat(byRequester.reason()).contains("the requester of an action may not approve it");
    assertThat(byStranger.accepted()).isFalse();
    assertThat(byStranger.reason()).isEqualTo("carol is not an approver for HIGH risk");
    assertThat(byAlice.accepted()).isTrue();
    assertThat(byAlice.identity()).startsWith("asserted");
    ArgumentCaptor<MitigationRequest> run = ArgumentCaptor.forClass(MitigationRequest.class);
    verify(production, times(1)).runMitigation(run.capture());
    assertThat(run.getValue().idempotencyKey()).isEqualTo(ID + "/rollback-1");
    assertThat(run.getValue().approvedBy()).isEqualTo("alice");
    assertThat(run.getValue().dryRun()).isFalse();
    assertThat(run.getValue().action().risk()).isEqualTo(RiskClass.HIGH);
    verify(production, times(1)).verifyRecovery(any());
    assertThat(done.status).isEqualTo(Status.SUCCEEDED);
    assertThat(done.before).containsEntry("revision", "42");
    assertThat(done.after).containsEntry("revision", "41");
    assertThat(done.verification.healthy()).isTrue();
    assertThat(done.action.approvals()).extracting(a -> a.person()).containsExactly("alice");
    assertThat(done.timeline)
        .extracting(TimelineEntry::event)
        .contains("Requested rollback shop/checkout {revision=41} (HIGH risk)")
        .anyMatch(e -> e.startsWith("Refused approval") && e.contains("bob requested"))
        .anyMatch(e -> e.startsWith("Approved (asserted"))
        .contains("rollback-1 succeeded", "Recovery verified");
  }

  @Test
  void rollback_approvedTwice_runsOnce() {
    OperationWorkflow operation = started(request(rollback(), policy(false, List.of()), null));

    operation.approve(new ApproveRequest(null, "alice", null));
    ApprovalResult again = operation.approve(new ApproveRequest(null, "dave", null));
    result();

    assertThat(again.accepted()).isFalse();
    verify(production, times(1)).runMitigation(any());
  }

  @Test
  void rollback_withoutApproval_expiresAfterTheTimeoutAndNothingRuns() {
    OperationWorkflow operation = started(request(rollback(), policy(false, List.of()), null));
    Instant expiresAt = operation.state().expiresAt;

    OperationState done = result();

    assertThat(Duration.between(T0, expiresAt))
        .isBetween(Duration.ofHours(1), Duration.ofHours(1).plusSeconds(5));
    assertThat(done.status).isEqualTo(Status.EXPIRED);
    assertThat(done.action.status()).isEqualTo(ActionStatus.WITHDRAWN);
    verify(production, never()).runMitigation(any());
    verify(production, never()).verifyRecovery(any());
  }

  @Test
  void rollback_rejected_runsNothing() {
    OperationWorkflow operation = started(request(rollback(), policy(false, List.of()), null));

    ApprovalResult rejected = operation.reject(new RejectRequest(null, "dave", "not now"));
    OperationState done = result();

    assertThat(rejected.accepted()).isTrue();
    assertThat(done.status).isEqualTo(Status.REJECTED);
    verify(production, never()).runMitigation(any());
  }

  @Test
  void lowRiskScale_runsAloneWhenThePolicySaysSo() {
    started(request(scale(6), policy(false, List.of()), RiskClass.LOW));

    OperationState done = result();

    assertThat(done.status).isEqualTo(Status.SUCCEEDED);
    assertThat(done.action.decidedBy()).isEqualTo(TimelineEntry.POLICY);
    assertThat(done.expiresAt).isNull();
    verify(production, times(1)).runMitigation(any());
  }

  @Test
  void lowRiskScale_waitsWhenThePolicyRunsNothingAlone() {
    OperationWorkflow operation = started(request(scale(6), policy(false, List.of()), null));

    assertThat(operation.state().status).isEqualTo(Status.AWAITING_APPROVAL);
    OperationState done = result();

    assertThat(done.status).isEqualTo(Status.EXPIRED);
    verify(production, never()).runMitigation(any());
  }

  @Test
  void highRiskRollback_isNotRunAloneByALowAutoRun() {
    OperationWorkflow operation =
        started(request(rollback(), policy(false, List.of()), RiskClass.LOW));

    assertThat(operation.state().status).isEqualTo(Status.AWAITING_APPROVAL);
  }

  @Test
  void dryRun_passesDryRunToTheMitigation() {
    started(request(scale(6), policy(true, List.of()), RiskClass.LOW));

    OperationState done = result();

    ArgumentCaptor<MitigationRequest> run = ArgumentCaptor.forClass(MitigationRequest.class);
    verify(production).runMitigation(run.capture());
    assertThat(run.getValue().dryRun()).isTrue();
    assertThat(done.dryRun).isTrue();
  }

  @Test
  void verifiedIdentityRequired_refusesAnAssertedApprover() {
    OperationWorkflow operation =
        started(request(rollback(), policy(false, List.of(RiskClass.HIGH)), null));

    ApprovalResult asserted = operation.approve(new ApproveRequest(null, "alice", null));

    assertThat(asserted.accepted()).isFalse();
    assertThat(asserted.reason()).contains("needs an identity verified");
    assertThat(operation.state().status).isEqualTo(Status.AWAITING_APPROVAL);
  }

  @Test
  void aScaleWithoutReplicas_failsAsABadRequest() {
    started(
        new OperationRequest(
            new ActionProposal(ActionType.SCALE, "shop", "checkout", Map.of(), null, null),
            "bob",
            null,
            null,
            RiskClass.LOW,
            null));

    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    WorkflowStub.fromTyped(client.newWorkflowStub(OperationWorkflow.class, ID))
                        .getResult(OperationState.class)))
        .rootCause()
        .hasMessageContaining("a scale needs replicas, a whole number from 1")
        .hasMessageContaining("BAD_REQUEST");
    verify(production, never()).runMitigation(any());
  }
}
