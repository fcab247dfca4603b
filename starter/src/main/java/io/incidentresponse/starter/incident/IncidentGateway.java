package io.incidentresponse.starter.incident;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.drill.DrillDoor;
import io.incidentresponse.starter.maintenance.MaintenanceDoor;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertBatch;
import io.incidentresponse.workflows.incident.AcknowledgeRequest;
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
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;

/**
 * Delivers alerts to incidents. Alerts are grouped by incident key; each group goes to its incident
 * with one signal-with-start, which Temporal makes atomic: it signals the running incident for that
 * key or starts one, so concurrent deliveries never make two. The groups of one delivery go to
 * Temporal side by side ({@code incident.ingestion.parallelism} at once, {@link GroupFanOut}).
 * Returns only after Temporal accepted every group; when Temporal could not be reached in time for
 * one of them it throws {@link TemporalUnavailableException} after every other group was tried
 * ({@link PartlyDeliveredException} names those that were accepted; each call is bounded by {@link
 * TemporalCalls}).
 */
@Service
public class IncidentGateway {
  private final WorkflowClient client;
  private final IncidentProperties properties;
  private final IncidentKeys keys;
  private final MeterRegistry meters;
  private final SearchAttributeRegistrar searchAttributes;
  private final TemporalCalls calls;
  private final MaintenanceDoor maintenance;
  private final DrillDoor drills;
  private final GroupFanOut fanOut;

  public IncidentGateway(
      WorkflowClient client,
      IncidentProperties properties,
      IncidentKeys keys,
      MeterRegistry meters,
      SearchAttributeRegistrar searchAttributes,
      TemporalCalls calls,
      MaintenanceDoor maintenance,
      DrillDoor drills) {
    this.client = client;
    this.properties = properties;
    this.keys = keys;
    this.meters = meters;
    this.searchAttributes = searchAttributes;
    this.calls = calls;
    this.maintenance = maintenance;
    this.drills = drills;
    this.fanOut = new GroupFanOut(properties.ingestion().parallelism());
  }

  @PreDestroy
  void stop() {
    fanOut.close();
  }

  /**
   * One incident that received alerts; or, with {@code heldBy}, alerts a maintenance held instead
   * (no incident, {@code incidentId} null). {@code drillId} names the drill whose incident this
   * delivery opened (null for a real incident, and for alerts that joined a running one).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Delivery(
      String incidentId, String runId, int alerts, String heldBy, String drillId) {
    public Delivery(String incidentId, String runId, int alerts) {
      this(incidentId, runId, alerts, null, null);
    }
  }

  /**
   * Groups {@code alerts} by incident key and delivers each group.
   *
   * @param groupKey Alertmanager's groupKey, or null
   * @param deliveryId identity of this delivery; a redelivery with the same id is dropped by the
   *     incident
   * @param title a title for a new incident, or null; a declaration (a person's title) is never
   *     held by a maintenance, alerts from a source may be ({@link MaintenanceDoor})
   * @param commander an incident commander for a new incident, or null
   */
  public List<Delivery> deliver(
      List<Alert> alerts, String groupKey, String deliveryId, String title, String commander) {
    searchAttributes.ensure();
    Map<String, List<Alert>> groups = new LinkedHashMap<>();
    for (Alert alert : alerts) {
      groups.computeIfAbsent(keys.keyOf(alert, groupKey), k -> new ArrayList<>()).add(alert);
    }
    if (groups.size() == 1) {
      Map.Entry<String, List<Alert>> only = groups.entrySet().iterator().next();
      return List.of(deliverGroup(only.getKey(), only.getValue(), deliveryId, title, commander));
    }
    return fanOut.deliverAll(
        new ArrayList<>(groups.entrySet()),
        group -> deliverGroup(group.getKey(), group.getValue(), deliveryId, title, commander));
  }

  /** One group's alerts to its incident (or to the maintenance that holds them). */
  private Delivery deliverGroup(
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

  /** A person acknowledged in PagerDuty: tells the running incident, if there is one. */
  public boolean acknowledge(Alert alert, String by) {
    String workflowId = IncidentKeys.workflowId(keys.keyOf(alert, null));
    IncidentWorkflow incident = client.newWorkflowStub(IncidentWorkflow.class, workflowId);
    try {
      calls.call(
          () -> {
            incident.acknowledge(new AcknowledgeRequest(by, "acknowledged in PagerDuty"));
            return null;
          });
      return true;
    } catch (WorkflowNotFoundException closedOrUnknown) {
      return false;
    }
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
