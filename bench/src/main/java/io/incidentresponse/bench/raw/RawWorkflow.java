package io.incidentresponse.bench.raw;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The raw Temporal SDK reference: a trivial workflow doing the same amount of engine work as an
 * incident (activities, signals, a state query) and nothing else. Hosted by {@link RawWorker} on
 * {@link #TASK_QUEUE}.
 */
@WorkflowInterface
public interface RawWorkflow {
  String TASK_QUEUE = "bench-raw";

  /** Runs {@link RawInput#before()} activities, waits for close if asked, runs the rest. */
  @WorkflowMethod
  void run(RawInput input);

  /** Keeps the alert's body, as an incident keeps its alerts. */
  @SignalMethod
  void alert(RawAlert alert);

  /** Lets a workflow that waits for close run its remaining activities and complete. */
  @SignalMethod
  void close(RawClose close);

  /** The whole state, as the incident's {@code state} query. */
  @QueryMethod
  RawState state();
}
