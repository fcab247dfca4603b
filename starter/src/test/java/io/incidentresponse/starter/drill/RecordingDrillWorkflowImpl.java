package io.incidentresponse.starter.drill;

import io.incidentresponse.workflows.drill.DrillIncident;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/** Test only: runs until {@code end}, keeping every {@code incidentOpened} in arrival order. */
public class RecordingDrillWorkflowImpl implements RecordingDrillWorkflow {
  private final List<DrillIncident> incidents = new ArrayList<>();
  private boolean ended;

  @Override
  public void run() {
    Workflow.await(() -> ended);
  }

  @Override
  public void end() {
    ended = true;
  }

  @Override
  public void incidentOpened(DrillIncident incident) {
    incidents.add(incident);
  }

  @Override
  public List<DrillIncident> incidents() {
    return incidents;
  }
}
