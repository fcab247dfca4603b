package io.incidentresponse.workflows.incident;

import static io.incidentresponse.workflows.incident.Incidents.alert;
import static io.incidentresponse.workflows.incident.Incidents.eventually;
import static io.incidentresponse.workflows.incident.Incidents.policy;
import static io.incidentresponse.workflows.incident.Incidents.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cancelled incident asks Temporal to cancel the calls it has in flight, whether they run in the
 * run's scopes (before {@link IncidentContext#RELEASED_CALLS}) or each in a detached scope of its
 * own (since): the run's cancellation reaches them.
 */
class IncidentCancellationTest {

  @RegisterExtension static final TestWorkflowExtension temporal = Incidents.extension().build();

  @Test
  void cancelledIncident_cancelsTheProbeItWaitsFor(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    Activities activities = new Activities();
    CountDownLatch probing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    when(activities.diagnosis.inspectRollouts(any()))
        .thenAnswer(
            call -> {
              probing.countDown();
              release.await(30, TimeUnit.SECONDS);
              return Finding.unavailable(DiagnosisProbe.ROLLOUT_HISTORY, "released", null);
            });
    activities.registerOn(worker);
    env.start();
    try {
      start(
          env.getWorkflowClient(),
          options,
          "inc-cancelled",
          policy(),
          alert("CheckoutErrors", "checkout", "severity", "critical"));
      assertThat(probing.await(30, TimeUnit.SECONDS)).isTrue();

      env.getWorkflowClient().newUntypedWorkflowStub("inc-cancelled").cancel();

      long cancelRequests =
          eventually(
              () ->
                  env.getWorkflowClient().fetchHistory("inc-cancelled").getEvents().stream()
                      .map(HistoryEvent::getEventType)
                      .filter(type -> type == EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED)
                      .count(),
              count -> count > 0);
      assertThat(cancelRequests).isPositive();
    } finally {
      release.countDown();
    }
    WorkflowStub stub = env.getWorkflowClient().newUntypedWorkflowStub("inc-cancelled");
    assertThat(stub.describe().getWorkflowExecutionInfo().getStatus().name())
        .isNotEqualTo("WORKFLOW_EXECUTION_STATUS_COMPLETED");
  }
}
