package io.incidentresponse.workflows.drill;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;

/**
 * A drill: a fault injected into one service on purpose, always reverted, and the response scored.
 * Workflow id {@code drill-<service>}, so there is one drill at a time per service and the starter
 * finds it by id to mark the incidents that open meanwhile as the drill's.
 */
@WorkflowInterface
public interface DrillWorkflow {
  String TYPE = "Drill";

  /** The workflow id of the drill on {@code service}. */
  static String workflowId(String service) {
    return "drill-" + service;
  }

  /** Sent by the starter for every incident that opens for the drill's service while it runs. */
  @SignalMethod(description = "An incident opened for the drill's service (sent by the starter).")
  void incidentOpened(DrillIncident incident);
}
