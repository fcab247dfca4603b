package io.incidentresponse.bench;

import io.incidentresponse.bench.raw.RawAlert;
import io.incidentresponse.bench.raw.RawClose;
import io.incidentresponse.bench.raw.RawInput;
import io.incidentresponse.bench.raw.RawWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The raw SDK reference, driven with the Temporal client as a raw application would. */
final class RawSide {
  private final WorkflowClient client;

  RawSide(WorkflowClient client) {
    this.client = client;
  }

  /** Signal-with-start of {@code body} to workflow {@code id}: what one delivery costs raw. */
  void signalWithStart(String id, RawInput input, String body) {
    stub(id).signalWithStart("alert", new Object[] {new RawAlert(body)}, new Object[] {input});
  }

  void close(String id) {
    client.newWorkflowStub(RawWorkflow.class, id).close(new RawClose("bench"));
  }

  /** The state query; false when it failed (a busy worker, a query timeout). */
  boolean state(String id) {
    try {
      client.newWorkflowStub(RawWorkflow.class, id).state();
      return true;
    } catch (RuntimeException failed) {
      return false;
    }
  }

  int stepsDone(String id) {
    return client.newWorkflowStub(RawWorkflow.class, id).state().stepsDone();
  }

  void awaitCompleted(String id, Duration timeout) throws Exception {
    client
        .newUntypedWorkflowStub(id)
        .getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, Void.class);
  }

  private WorkflowStub stub(String id) {
    return client.newUntypedWorkflowStub(
        "RawWorkflow",
        WorkflowOptions.newBuilder()
            .setTaskQueue(RawWorkflow.TASK_QUEUE)
            .setWorkflowId(id)
            .setWorkflowRunTimeout(Duration.ofHours(2))
            .build());
  }
}
