package io.incidentresponse.starter;

import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptor;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowClientInterceptorBase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every call of the starter's WorkflowClient that would change something in Temporal
 * (start, signal, signal-with-start, update), so a test can prove that a refused request reached
 * nothing.
 */
public class TemporalWrites extends WorkflowClientInterceptorBase {
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final Map<String, WorkflowOptions> startOptions = new ConcurrentHashMap<>();

  /** Every write so far, as {@code kind workflowId}. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  public int count() {
    return calls.size();
  }

  /**
   * The options of the last signal-with-start for {@code workflowId}, as sent to Temporal (the Java
   * test server drops a signal-with-start's user metadata, so a describe cannot show them there).
   */
  public WorkflowOptions startOptions(String workflowId) {
    return startOptions.get(workflowId);
  }

  @Override
  public WorkflowClientCallsInterceptor workflowClientCallsInterceptor(
      WorkflowClientCallsInterceptor next) {
    return new WorkflowClientCallsInterceptorBase(next) {
      @Override
      public WorkflowStartOutput start(WorkflowStartInput input) {
        calls.add("start " + input.getWorkflowId());
        return super.start(input);
      }

      @Override
      public WorkflowSignalOutput signal(WorkflowSignalInput input) {
        calls.add("signal " + input.getWorkflowExecution().getWorkflowId());
        return super.signal(input);
      }

      @Override
      public WorkflowSignalWithStartOutput signalWithStart(WorkflowSignalWithStartInput input) {
        calls.add("signalWithStart " + input.getWorkflowStartInput().getWorkflowId());
        startOptions.put(
            input.getWorkflowStartInput().getWorkflowId(),
            input.getWorkflowStartInput().getOptions());
        return super.signalWithStart(input);
      }

      @Override
      public <R> WorkflowUpdateHandle<R> startUpdate(StartUpdateInput<R> input) {
        calls.add("update " + input.getWorkflowExecution().getWorkflowId());
        return super.startUpdate(input);
      }
    };
  }
}
