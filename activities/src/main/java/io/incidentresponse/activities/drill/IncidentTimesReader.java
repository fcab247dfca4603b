package io.incidentresponse.activities.drill;

import io.incidentresponse.workflows.drill.IncidentTimes;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.failure.ApplicationFailure;

/**
 * Reads a drill incident's times through its workflow's {@code state} query, on the worker's own
 * client. NOT_FOUND when there is no such incident; a query that fails otherwise is retried.
 */
final class IncidentTimesReader {
  private final WorkflowClient client;

  IncidentTimesReader(WorkflowClient client) {
    this.client = client;
  }

  IncidentTimes read(String incidentId) {
    IncidentState state;
    try {
      state = client.newWorkflowStub(IncidentWorkflow.class, incidentId).state();
    } catch (WorkflowNotFoundException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no incident " + incidentId, FailureType.NOT_FOUND.type());
    } catch (RuntimeException e) {
      throw ApplicationFailure.newFailure(
          "incident " + incidentId + " did not answer its state query: " + e.getMessage(),
          FailureType.UNAVAILABLE.type());
    }
    return new IncidentTimes(
        incidentId,
        state.severity,
        state.detectedAt,
        state.acknowledgedAt,
        state.acknowledgedBy,
        state.mitigatedAt != null ? state.mitigatedAt : state.restoredAt);
  }
}
