package io.incidentresponse.workflows.drill;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * What a drill's Temporal Schedule starts. A schedule appends the fire time to the id of the
 * workflow it starts, but a drill must run under {@code drill-<service>} (one per service, found by
 * the starter by that id): so the schedule starts this, which starts the drill under its own id,
 * abandoned to run on, and ends. A drill already running on the service is skipped: answers false.
 */
@WorkflowInterface
public interface DrillLauncher {
  String TYPE = "DrillLauncher";

  @WorkflowMethod(name = TYPE)
  boolean launch(DrillRequest request);
}
