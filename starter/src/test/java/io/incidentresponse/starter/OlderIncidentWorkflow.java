package io.incidentresponse.starter;

import io.incidentresponse.workflows.incident.IncidentInput;
import io.incidentresponse.workflows.incident.IncidentState;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The incident workflow as a worker from before the {@code summary} query registers it: the same
 * workflow type and {@code state} query, and no {@code summary}. A rolling upgrade has such workers
 * running incidents while the starter is already new.
 */
@WorkflowInterface
public interface OlderIncidentWorkflow {
  @WorkflowMethod(name = "IncidentWorkflow")
  void run(IncidentInput input);

  @QueryMethod(name = "state")
  IncidentState state();
}
