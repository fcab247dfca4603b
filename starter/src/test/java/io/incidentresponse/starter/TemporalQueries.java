package io.incidentresponse.starter;

import io.temporal.common.interceptors.WorkflowClientCallsInterceptor;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowClientInterceptorBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every query the starter's WorkflowClient sends to Temporal, so a test can count what a
 * worker was asked.
 */
public class TemporalQueries extends WorkflowClientInterceptorBase {
  private final List<String> calls = new CopyOnWriteArrayList<>();

  /** How many {@code queryType} queries were sent to {@code workflowId}. */
  public long count(String queryType, String workflowId) {
    return calls.stream().filter((queryType + " " + workflowId)::equals).count();
  }

  @Override
  public WorkflowClientCallsInterceptor workflowClientCallsInterceptor(
      WorkflowClientCallsInterceptor next) {
    return new WorkflowClientCallsInterceptorBase(next) {
      @Override
      public <R> QueryOutput<R> query(QueryInput<R> input) {
        calls.add(input.getQueryType() + " " + input.getWorkflowExecution().getWorkflowId());
        return super.query(input);
      }
    };
  }
}
