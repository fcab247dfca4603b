package io.incidentresponse.workflows.incident;

import static io.incidentresponse.workflows.incident.Incidents.alert;
import static io.incidentresponse.workflows.incident.Incidents.await;
import static io.incidentresponse.workflows.incident.Incidents.eventually;
import static io.incidentresponse.workflows.incident.Incidents.named;
import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.policy.PolicyEditions;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A new incident whose input names the runbook defaults' edition instead of carrying the policy
 * (issue 18): it runs on that policy, its started event (which the SDK keeps in the worker for as
 * long as the incident is open) is 1.9 KB smaller, and a name the worker does not know holds the
 * incident open and says so instead of running it on a policy the worker would guess.
 */
class NamedPolicyTest {

  @RegisterExtension static final TestWorkflowExtension temporal = Incidents.extension().build();

  private static final String DEFAULTS = PolicyEditions.nameOf(ResponsePolicy.defaults());

  @Test
  void anIncidentNamingTheDefaults_runsOnThem_withNoPolicyInItsStartedEvent(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    new Activities().registerOn(worker);
    env.start();
    WorkflowClient client = env.getWorkflowClient();

    IncidentWorkflow named =
        Incidents.start(
            client, options, "inc-named", named(DEFAULTS, alert("CheckoutErrors", "checkout")));
    Incidents.start(
        client,
        options,
        "inc-inline",
        IncidentInput.of(ResponsePolicy.defaults(), alert("CheckoutErrors", "checkout")));

    IncidentState state = await(named, s -> s.phase == Phase.MITIGATING);
    // the defaults' response time for the alert's severity, as an inline policy would have it
    assertThat(state.acknowledgementDueAt)
        .isEqualTo(ResponsePolicy.defaults().acknowledgementDue(state.severity, state.detectedAt));
    int namedBytes = startedInputBytes(client, "inc-named");
    int inlineBytes = startedInputBytes(client, "inc-inline");
    assertThat(inlineBytes - namedBytes).isGreaterThan(1_800);
    assertThat(namedBytes).isLessThan(700);
  }

  @Test
  void anIncidentNamingAnEditionThisWorkerDoesNotKnow_staysOpen_sayingTheName(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    new Activities().registerOn(worker);
    env.start();
    WorkflowClient client = env.getWorkflowClient();
    String unknown = "runbook-defaults-0000000000000000";

    Incidents.start(
        client, options, "inc-unknown", named(unknown, alert("CheckoutErrors", "checkout")));

    String failure =
        eventually(
            () ->
                client.fetchHistory("inc-unknown").getEvents().stream()
                    .filter(HistoryEvent::hasWorkflowTaskFailedEventAttributes)
                    .map(e -> messages(e.getWorkflowTaskFailedEventAttributes().getFailure()))
                    .findFirst()
                    .orElse(""),
            message -> !message.isEmpty());
    assertThat(failure).contains(unknown).contains(DEFAULTS);
    assertThat(status(env, "inc-unknown"))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  }

  /** The failure's message and its causes'. */
  private static String messages(Failure failure) {
    StringBuilder messages = new StringBuilder();
    for (Failure f = failure; f != null; f = f.hasCause() ? f.getCause() : null) {
      messages.append(f.getMessage()).append('\n');
    }
    return messages.toString();
  }

  private static int startedInputBytes(WorkflowClient client, String id) {
    return client
        .fetchHistory(id)
        .getEvents()
        .get(0)
        .getWorkflowExecutionStartedEventAttributes()
        .getInput()
        .getSerializedSize();
  }

  private static WorkflowExecutionStatus status(TestWorkflowEnvironment env, String id) {
    return env.getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(env.getNamespace())
                .setExecution(
                    io.temporal.api.common.v1.WorkflowExecution.newBuilder().setWorkflowId(id))
                .build())
        .getWorkflowExecutionInfo()
        .getStatus();
  }
}
