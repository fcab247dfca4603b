package io.incidentresponse.bench.raw;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The raw SDK's counterpart of the project's delivery intake: a delivery of many incident keys
 * started with one call, then fanned out to one {@link RawWorkflow} per key by one activity doing a
 * signal-with-start per group, as the project's intake does. Hosted by {@link RawWorker} on {@link
 * RawWorkflow#TASK_QUEUE}.
 */
@WorkflowInterface
public interface RawIntakeWorkflow {
  @WorkflowMethod
  void run(RawIntakeInput delivery);
}
