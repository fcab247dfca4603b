package io.incidentresponse.bench.raw;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;

/** The raw side's calls that start workflows, shared by the bench's callers and the raw intake. */
public final class RawStarts {
  private RawStarts() {}

  /** Signal-with-start of {@code body} to the {@link RawWorkflow} {@code id}. */
  public static void signalWithStart(
      WorkflowClient client, String id, RawInput input, String body) {
    client
        .newUntypedWorkflowStub(
            "RawWorkflow",
            WorkflowOptions.newBuilder()
                .setTaskQueue(RawWorkflow.TASK_QUEUE)
                .setWorkflowId(id)
                .setWorkflowRunTimeout(Duration.ofHours(2))
                .build())
        .signalWithStart("alert", new Object[] {new RawAlert(body)}, new Object[] {input});
  }

  /** Starts a {@link RawIntakeWorkflow} {@code id} for {@code delivery} and returns at once. */
  public static void queue(WorkflowClient client, String id, RawIntakeInput delivery) {
    RawIntakeWorkflow intake =
        client.newWorkflowStub(
            RawIntakeWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(RawWorkflow.TASK_QUEUE)
                .setWorkflowId(id)
                .setWorkflowRunTimeout(Duration.ofHours(2))
                .build());
    WorkflowClient.start(intake::run, delivery);
  }
}
