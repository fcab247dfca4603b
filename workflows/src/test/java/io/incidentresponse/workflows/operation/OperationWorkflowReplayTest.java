package io.incidentresponse.workflows.operation;

import static io.incidentresponse.workflows.StoredHistories.read;
import static io.incidentresponse.workflows.StoredHistories.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.incidentresponse.workflows.identity.IdentityActivities;
import io.incidentresponse.workflows.incident.ApproveRequest;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationActivities;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import io.incidentresponse.workflows.mitigation.RiskClass;
import io.incidentresponse.workflows.mitigation.VerificationResult;
import io.incidentresponse.workflows.operation.OperationState.Status;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays a stored operation history against the current code: an operation waits up to an hour for
 * its approval, so a deploy of the worker must not break the ones waiting. Recorded with {@code
 * ./mvnw -pl workflows test -Dtest=OperationWorkflowReplayTest -DrecordHistories=true}, which
 * writes only files that do not exist yet.
 */
class OperationWorkflowReplayTest {
  /** v0: a rollback refused for its requester, approved by a policy approver, run, verified. */
  private static final String APPROVED_V0 = "operation-rollback-approved-v0";

  private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");

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

  @Test
  void storedHistory_replaysWithTheCurrentCode() throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(read(APPROVED_V0), APPROVED_V0),
        OperationWorkflowImpl.class);
  }

  @Test
  void aHistoryWhoseActivitiesTheCodeDoesNotCall_failsAsNonDeterministic() throws Exception {
    String json = read(APPROVED_V0);
    String altered = json.replace("\"RunMitigation\"", "\"VerifyRecovery\"");
    assertThat(altered).isNotEqualTo(json);

    assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecution(
                    WorkflowExecutionHistory.fromJson(altered, APPROVED_V0),
                    OperationWorkflowImpl.class))
        .hasMessageContaining(NonDeterministicException.class.getName());
  }

  @Test
  void freshHistory_replaysWithTheCurrentCode(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    WorkflowClient client = start(env, worker);

    WorkflowReplayer.replayWorkflowExecution(
        approvedRollback(client, options, "operation-fresh"), OperationWorkflowImpl.class);
  }

  @Test
  @EnabledIfSystemProperty(named = "recordHistories", matches = "true")
  void recordHistories(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options)
      throws Exception {
    WorkflowClient client = start(env, worker);
    write(APPROVED_V0, approvedRollback(client, options, APPROVED_V0));
  }

  private WorkflowClient start(TestWorkflowEnvironment env, Worker worker) {
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
    return env.getWorkflowClient();
  }

  private static WorkflowExecutionHistory approvedRollback(
      WorkflowClient client, WorkflowOptions options, String id) {
    OperationWorkflow operation =
        client.newWorkflowStub(
            OperationWorkflow.class, WorkflowOptions.newBuilder(options).setWorkflowId(id).build());
    ResponsePolicy policy =
        new ResponsePolicy(
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Map.of(RiskClass.HIGH, List.of("alice")),
            null,
            null,
            null,
            null,
            false,
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
            List.of(),
            null);
    WorkflowClient.start(
        operation::run,
        new OperationRequest(
            new ActionProposal(
                ActionType.ROLLBACK, "shop", "checkout", Map.of("revision", "41"), null, "bad"),
            "bob",
            "bad deploy",
            policy,
            null,
            null));
    assertThat(operation.approve(new ApproveRequest(null, "bob", null)).accepted()).isFalse();
    assertThat(operation.approve(new ApproveRequest(null, "alice", "go")).accepted()).isTrue();
    OperationState done = WorkflowStub.fromTyped(operation).getResult(OperationState.class);
    assertThat(done.status).isEqualTo(Status.SUCCEEDED);
    return client.fetchHistory(id);
  }
}
