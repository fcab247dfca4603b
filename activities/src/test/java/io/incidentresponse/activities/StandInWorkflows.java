package io.incidentresponse.activities;

import io.incidentresponse.workflows.alerts.AlertBatch;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.EncodedValues;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.DynamicSignalHandler;
import io.temporal.workflow.DynamicWorkflow;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Temporal's in-process test server where every workflow type (Incident, Maintenance...) is a
 * stand-in that records the signals it gets and runs until ended: for testing what an activity that
 * starts, signals or leaves workflows alone did.
 */
public final class StandInWorkflows implements AutoCloseable {
  public static final String QUEUE = "incident-response";

  /**
   * Every signal any stand-in got, as {@code workflowId:signal}, and for an {@code alert} signal
   * {@code :firing} or {@code :resolved} after it (its first alert's status).
   */
  static final List<String> SIGNALS = new CopyOnWriteArrayList<>();

  /** Stands in for every workflow type: records its signals, runs until ended. */
  public static class StandIn implements DynamicWorkflow {
    @Override
    public Object execute(EncodedValues args) {
      String id = Workflow.getInfo().getWorkflowId();
      Workflow.registerListener(
          (DynamicSignalHandler)
              (name, values) -> SIGNALS.add(id + ":" + name + detail(name, values)));
      Workflow.await(() -> false);
      return null;
    }

    private static String detail(String name, EncodedValues values) {
      if (!name.equals("alert")) {
        return "";
      }
      AlertBatch batch = values.get(0, AlertBatch.class);
      return batch.alerts().isEmpty()
          ? ""
          : ":" + batch.alerts().get(0).status().name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final TestWorkflowEnvironment env;

  public StandInWorkflows() {
    SIGNALS.clear();
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(StandIn.class);
    env.start();
  }

  public WorkflowClient client() {
    return env.getWorkflowClient();
  }

  /** Starts a stand-in of {@code type} under {@code workflowId}. */
  public void running(String type, String workflowId) {
    client()
        .newUntypedWorkflowStub(
            type,
            WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(QUEUE).build())
        .start();
  }

  /** The signals so far. */
  public List<String> signals() {
    return List.copyOf(SIGNALS);
  }

  /**
   * The signals once {@code count} have arrived (a workflow task is asynchronous), or after 10 s.
   */
  public List<String> signals(int count) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (SIGNALS.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return signals();
  }

  @Override
  public void close() {
    env.close();
  }
}
