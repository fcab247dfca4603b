package io.incidentresponse.workflows.drill;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * A drill: a fault injected into one service on purpose, always reverted, and the response scored.
 * Workflow id {@code drill-<service>}, so there is one drill at a time per service and the starter
 * finds it by id to mark the incidents that open meanwhile as the drill's.
 */
@WorkflowInterface
public interface DrillWorkflow {
  String TYPE = "Drill";

  /** The longest a fault may stay in. */
  Duration LONGEST = Duration.ofHours(4);

  /** The most scenario parameters a request may carry. */
  int MAX_PARAMETERS = 20;

  /** The workflow id of the drill on {@code service}. */
  static String workflowId(String service) {
    return "drill-" + service;
  }

  @WorkflowMethod(name = TYPE)
  DrillState run(DrillRequest request);

  /** Sent by the starter for every incident that opens for the drill's service while it runs. */
  @SignalMethod(description = "An incident opened for the drill's service (sent by the starter).")
  void incidentOpened(DrillIncident incident);

  @SignalMethod(
      description = "Stop the drill and revert now. {\"by\":\"alice\",\"reason\":\"real traffic\"}")
  void abort(AbortDrillRequest request);

  @QueryMethod(description = "Scenario, status, injection, incidents seen, score, timeline.")
  DrillState state();
}
