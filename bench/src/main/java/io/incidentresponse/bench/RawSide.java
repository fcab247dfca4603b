package io.incidentresponse.bench;

import io.incidentresponse.bench.raw.RawClose;
import io.incidentresponse.bench.raw.RawInput;
import io.incidentresponse.bench.raw.RawIntakeInput;
import io.incidentresponse.bench.raw.RawStarts;
import io.incidentresponse.bench.raw.RawWorkflow;
import io.temporal.client.WorkflowClient;
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
    RawStarts.signalWithStart(client, id, input, body);
  }

  /** One start of a raw intake that fans {@code delivery} out afterwards, as the starter queues. */
  void queue(String id, RawIntakeInput delivery) {
    RawStarts.queue(client, id, delivery);
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
}
