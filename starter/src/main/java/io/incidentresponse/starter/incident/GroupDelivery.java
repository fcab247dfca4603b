package io.incidentresponse.starter.incident;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.drill.DrillDoor;
import io.incidentresponse.starter.incident.IncidentGateway.Delivery;
import io.incidentresponse.starter.maintenance.MaintenanceDoor;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertBatch;
import io.incidentresponse.workflows.incident.IncidentInput;
import io.incidentresponse.workflows.incident.IncidentUserMetadata;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.incidentresponse.workflows.policy.Classification;
import io.incidentresponse.workflows.policy.Classifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * One alert group to its incident, with one signal-with-start, which Temporal makes atomic: it
 * signals the running incident for that key or starts one, so concurrent deliveries never make two.
 * A maintenance running on the service may hold the group instead, and a drill may mark the
 * incident it opens. Used by the front door ({@link IncidentGateway}) for deliveries with few
 * groups and by the intake ({@link DeliveryIntakeActivitiesImpl}) for the others.
 */
@Component
public class GroupDelivery {
  private final WorkflowClient client;
  private final IncidentProperties properties;
  private final MeterRegistry meters;
  private final TemporalCalls calls;
  private final MaintenanceDoor maintenance;
  private final DrillDoor drills;

  public GroupDelivery(
      WorkflowClient client,
      IncidentProperties properties,
      MeterRegistry meters,
      TemporalCalls calls,
      MaintenanceDoor maintenance,
      DrillDoor drills) {
    this.client = client;
    this.properties = properties;
    this.meters = meters;
    this.calls = calls;
    this.maintenance = maintenance;
    this.drills = drills;
  }

  /**
   * One group's alerts to its incident (or to the maintenance that holds them).
   *
   * @throws TemporalUnavailableException when Temporal did not accept the group in time
   */
  public Delivery deliver(
      String key, List<Alert> alerts, String deliveryId, String title, String commander) {
    String workflowId = IncidentKeys.workflowId(key);
    String heldBy = title == null ? maintenance.hold(alerts, workflowId) : null;
    if (heldBy != null) {
      meters.counter("incident.alerts.held").increment(alerts.size());
      return new Delivery(null, null, alerts.size(), heldBy, null);
    }
    Classification opening = Classifier.classify(alerts, properties.policy(), title);
    DrillMarking drill = drillMarking(opening.service(), workflowId, title != null);
    IncidentWorkflow incident =
        client.newWorkflowStub(IncidentWorkflow.class, options(workflowId, opening));
    IncidentInput input =
        new IncidentInput(
            alerts,
            properties.policy(),
            title,
            commander,
            null,
            deliveryId,
            drill.marks(),
            drill.marks() != null && drills.notifiesLeadership());
    AlertBatch batch = new AlertBatch(alerts, deliveryId);
    WorkflowExecution execution =
        signalWithStart(
            () -> {
              BatchRequest request = client.newSignalWithStartRequest();
              request.add(incident::run, input);
              request.add(incident::alert, batch);
              return request;
            });
    meters.counter("incident.alerts.accepted").increment(alerts.size());
    if (drill.tells() != null) {
      drills.tell(drill.tells(), workflowId, opening.severity(), drill.marks() != null);
    }
    return new Delivery(workflowId, execution.getRunId(), alerts.size(), null, drill.marks());
  }

  /**
   * What a drill has to do with this delivery.
   *
   * @param marks the drill whose incident this delivery opens (its input carries it), or null
   * @param tells the drill to tell of the incident once it was accepted, or null
   */
  private record DrillMarking(String marks, String tells) {
    static final DrillMarking NONE = new DrillMarking(null, null);
  }

  /**
   * While {@code service} is drilled: alerts that would open a new incident open the drill's (the
   * signal-with-start's answer does not say whether it started a run, so the incident is looked up
   * first; alerts that join a running incident change nothing, and when the look-up does not answer
   * in time the incident is real). A declaration is real and the drill is told so, whether it opens
   * or joins. Two deliveries racing to open the same incident may both tell the drill; it keeps one
   * per incident id.
   */
  private DrillMarking drillMarking(String service, String incidentId, boolean declared) {
    String drillId = drills.runningOn(service);
    if (drillId == null) {
      return DrillMarking.NONE;
    }
    if (declared) {
      return new DrillMarking(null, drillId);
    }
    Boolean running = drills.incidentRunning(incidentId);
    if (running == null || running) {
      return DrillMarking.NONE;
    }
    meters.counter("incident.drills.marked").increment();
    return new DrillMarking(drillId, drillId);
  }

  /**
   * Signal-with-start, again when a concurrent delivery started the same incident a moment before
   * and the server answered ALREADY_EXISTS instead of signalling it (Temporal's in-process test
   * server does under a storm): the next attempt finds the incident running and signals it. Each
   * attempt gets a new request: the SDK refuses a second call with the same one.
   */
  private WorkflowExecution signalWithStart(Supplier<BatchRequest> requests) {
    for (int attempt = 1; ; attempt++) {
      BatchRequest request = requests.get();
      try {
        return calls.call(() -> client.signalWithStart(request));
      } catch (RuntimeException e) {
        if (attempt >= 3 || !alreadyExists(e)) {
          throw e;
        }
      }
    }
  }

  private static boolean alreadyExists(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        return grpc.getStatus().getCode() == Status.Code.ALREADY_EXISTS;
      }
    }
    return false;
  }

  /**
   * A new incident's options; Temporal applies them only when this signal-with-start starts it. The
   * static summary and details (what it was opened as, the signals to send it) are for the Web UI.
   */
  private WorkflowOptions options(String workflowId, Classification opening) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(properties.taskQueue())
        // a closed incident's id may start the next incident with the same key
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setStaticSummary(IncidentUserMetadata.summary(opening))
        .setStaticDetails(IncidentUserMetadata.details(opening))
        .build();
  }
}
