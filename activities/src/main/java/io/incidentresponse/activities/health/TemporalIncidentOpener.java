package io.incidentresponse.activities.health;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.incidentresponse.workflows.alerts.AlertBatch;
import io.incidentresponse.workflows.health.HealthIncidentActivities;
import io.incidentresponse.workflows.health.IncidentOpening;
import io.incidentresponse.workflows.health.IncidentOpening.Outcome;
import io.incidentresponse.workflows.incident.IncidentSearchAttributes;
import io.incidentresponse.workflows.incident.IncidentUserMetadata;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.incidentresponse.workflows.maintenance.MaintenanceWorkflow;
import io.incidentresponse.workflows.policy.Classification;
import io.incidentresponse.workflows.policy.Classifier;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Opens an incident for a service the health check found down, with the same signal-with-start the
 * starter's alert door makes (same id, options and alert signal), after checking that nothing else
 * covers it: a running incident with that id, a running incident of the service (a visibility
 * query, where the server has visibility and the {@code IncidentService} search attribute), or a
 * running maintenance of the service or of everything.
 */
public final class TemporalIncidentOpener implements HealthIncidentActivities {
  private static final Set<Status.Code> NO_VISIBILITY =
      Set.of(Status.Code.UNIMPLEMENTED, Status.Code.INVALID_ARGUMENT);

  private final WorkflowClient client;

  public TemporalIncidentOpener(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public IncidentOpening openIncident(OpenIncidentRequest request) {
    Optional<IncidentOpening> maintenance = underMaintenance(request.service());
    if (maintenance.isPresent()) {
      return maintenance.get();
    }
    if (running(request.incidentId())) {
      return new IncidentOpening(request.incidentId(), Outcome.ALREADY_OPEN, null);
    }
    Optional<String> other = runningIncidentOf(request.service());
    if (other.isPresent()) {
      return new IncidentOpening(other.get(), Outcome.ALREADY_OPEN, null);
    }
    return start(request);
  }

  /** UNDER_MAINTENANCE when a maintenance of {@code service} or of everything is running. */
  public Optional<IncidentOpening> underMaintenance(String service) {
    for (String covered : List.of(service, MaintenanceWorkflow.ALL)) {
      String maintenance = MaintenanceWorkflow.workflowId(covered);
      if (running(maintenance)) {
        return Optional.of(new IncidentOpening(null, Outcome.UNDER_MAINTENANCE, maintenance));
      }
    }
    return Optional.empty();
  }

  /**
   * The signal-with-start of the incident the alert door makes: starts {@code incidentId} with the
   * input, or signals the alert to it when it is running.
   */
  public IncidentOpening start(OpenIncidentRequest request) {
    Classification opening =
        Classifier.classify(request.input().alerts(), request.input().policy(), null);
    IncidentWorkflow incident =
        client.newWorkflowStub(
            IncidentWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(request.incidentId())
                .setTaskQueue(request.taskQueue())
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setStaticSummary(IncidentUserMetadata.summary(opening))
                .setStaticDetails(IncidentUserMetadata.details(opening))
                .build());
    BatchRequest batch = client.newSignalWithStartRequest();
    batch.add(incident::run, request.input());
    batch.add(
        incident::alert, new AlertBatch(List.of(request.alert()), request.input().deliveryId()));
    WorkflowExecution execution = client.signalWithStart(batch);
    return new IncidentOpening(request.incidentId(), Outcome.OPENED, "run " + execution.getRunId());
  }

  /** Whether workflow {@code workflowId} is running. */
  public boolean running(String workflowId) {
    try {
      return client
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                      .build())
              .getWorkflowExecutionInfo()
              .getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  /** A running incident of {@code service}, where the server can say; empty where it cannot. */
  public Optional<String> runningIncidentOf(String service) {
    return runningIncidentsOf(service, 1).stream().findFirst();
  }

  /** Up to {@code limit} running incidents of {@code service}; none where the server cannot say. */
  public List<String> runningIncidentsOf(String service, int limit) {
    String query =
        "WorkflowType = 'Incident' AND ExecutionStatus = 'Running' AND "
            + IncidentSearchAttributes.SERVICE.getName()
            + " = '"
            + service.replace("'", "")
            + "'";
    try {
      return client
          .listExecutions(query)
          .limit(limit)
          .map(WorkflowExecutionMetadata::getExecution)
          .map(WorkflowExecution::getWorkflowId)
          .toList();
    } catch (StatusRuntimeException e) {
      if (NO_VISIBILITY.contains(e.getStatus().getCode())) {
        return List.of();
      }
      throw e;
    }
  }
}
