package io.incidentresponse.starter.drill;

import io.incidentresponse.workflows.drill.DrillIncident;
import io.incidentresponse.workflows.drill.DrillWorkflow;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Test only: a drill that injects nothing and records what the starter tells it. The contract
 * ({@link DrillWorkflow}) has no workflow method, which Temporal needs to run an implementation.
 */
@WorkflowInterface
public interface RecordingDrillWorkflow extends DrillWorkflow {
  @WorkflowMethod
  void run();

  @SignalMethod
  void end();

  @QueryMethod
  List<DrillIncident> incidents();
}
