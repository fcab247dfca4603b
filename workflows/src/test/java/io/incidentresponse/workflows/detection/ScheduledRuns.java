package io.incidentresponse.workflows.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Successive runs of a scheduled workflow on the time-skipping test server, which has no Schedules:
 * a cron workflow every 5 minutes, which hands each run's result to the next (the last completion
 * result) as a Schedule does.
 */
public final class ScheduledRuns {
  private ScheduledRuns() {}

  /**
   * Starts the workflow through {@code start} with cron options, skips time until {@code runs} has
   * reached {@code count} (at most 60 s of real time), lets the last run finish, and ends it.
   */
  public static void chain(
      TestWorkflowEnvironment env,
      String workflowId,
      String taskQueue,
      Consumer<WorkflowOptions> start,
      AtomicInteger runs,
      int count) {
    start.accept(
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(taskQueue)
            .setCronSchedule("*/5 * * * *")
            .build());
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (runs.get() < count && System.nanoTime() < deadline) {
      env.sleep(Duration.ofMinutes(5));
    }
    env.sleep(Duration.ofSeconds(30)); // the last run finishes its calls
    env.getWorkflowClient().newUntypedWorkflowStub(workflowId).terminate("test over");
    assertThat(runs.get()).isGreaterThanOrEqualTo(count);
  }
}
