package io.incidentresponse.workflows.health;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A health check of services, each in parallel, as a workflow so every run is in the history and
 * the Temporal UI. Run from the REST API ({@code incidentctl health}) and by the health-check
 * schedule, which also opens an incident for a service that stays down (see {@link
 * DownServiceWatch}).
 */
@WorkflowInterface
public interface HealthCheckWorkflow {
  String TYPE = "HealthCheck";

  /** The id prefix of runs the REST API starts. */
  String ID_PREFIX = "health-check-";

  /** The id of the health-check schedule (and the prefix of its runs). */
  String SCHEDULE_ID = "health-check-schedule";

  @WorkflowMethod(name = TYPE)
  HealthReport run(HealthCheckRequest request);
}
