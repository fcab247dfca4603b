package io.incidentresponse.starter.incident;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.incident.AcknowledgeRequest;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.incidentresponse.workflows.intake.AlertGroup;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Delivers alerts to incidents. Alerts are grouped by incident key. A delivery with at most {@code
 * incident.ingestion.direct-groups} groups goes straight to its incidents ({@link GroupDelivery},
 * side by side, {@code incident.ingestion.parallelism} at once, {@link GroupFanOut}) and returns
 * only after Temporal accepted every group; when Temporal could not be reached in time for one of
 * them it throws {@link TemporalUnavailableException} after every other group was tried ({@link
 * PartlyDeliveredException} names those that were accepted; each call is bounded by {@link
 * TemporalCalls}). A delivery with more groups is queued whole with one call ({@link
 * DeliveryIntake}) and fanned out afterwards; its answer names the incidents the groups go to, as
 * queued.
 */
@Service
public class IncidentGateway {
  private final WorkflowClient client;
  private final IncidentKeys keys;
  private final SearchAttributeRegistrar searchAttributes;
  private final TemporalCalls calls;
  private final GroupDelivery groups;
  private final DeliveryIntake intake;
  private final GroupFanOut fanOut;
  private final int directGroups;

  public IncidentGateway(
      WorkflowClient client,
      IncidentProperties properties,
      IncidentKeys keys,
      SearchAttributeRegistrar searchAttributes,
      TemporalCalls calls,
      GroupDelivery groups,
      DeliveryIntake intake) {
    this.client = client;
    this.keys = keys;
    this.searchAttributes = searchAttributes;
    this.calls = calls;
    this.groups = groups;
    this.intake = intake;
    this.fanOut = new GroupFanOut(properties.ingestion().parallelism());
    this.directGroups = properties.ingestion().directGroups();
  }

  @PreDestroy
  void stop() {
    fanOut.close();
  }

  /**
   * One incident that received alerts; or, with {@code heldBy}, alerts a maintenance held instead
   * (no incident, {@code incidentId} null). {@code drillId} names the drill whose incident this
   * delivery opened (null for a real incident, and for alerts that joined a running one). With
   * {@code queued} the alerts are durably in Temporal, in the intake {@code intakeId}, and reach
   * the incident {@code incidentId} moments later (no {@code runId} yet; a maintenance may still
   * hold them, and a drill mark them).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Delivery(
      String incidentId,
      String runId,
      int alerts,
      String heldBy,
      String drillId,
      Boolean queued,
      String intakeId) {
    public Delivery(String incidentId, String runId, int alerts) {
      this(incidentId, runId, alerts, null, null);
    }

    public Delivery(String incidentId, String runId, int alerts, String heldBy, String drillId) {
      this(incidentId, runId, alerts, heldBy, drillId, null, null);
    }

    /** A group queued in the intake {@code intakeId}, on its way to {@code incidentId}. */
    static Delivery queued(String incidentId, int alerts, String intakeId) {
      return new Delivery(incidentId, null, alerts, null, null, true, intakeId);
    }
  }

  /**
   * Groups {@code alerts} by incident key and delivers each group, or queues them all.
   *
   * @param groupKey Alertmanager's groupKey, or null
   * @param deliveryId identity of this delivery; a redelivery with the same id is dropped by the
   *     incident (and, while its intake runs, by the intake)
   * @param title a title for a new incident, or null; a declaration (a person's title) is never
   *     held by a maintenance, alerts from a source may be ({@link
   *     io.incidentresponse.starter.maintenance.MaintenanceDoor})
   * @param commander an incident commander for a new incident, or null
   */
  public List<Delivery> deliver(
      List<Alert> alerts, String groupKey, String deliveryId, String title, String commander) {
    searchAttributes.ensure();
    Map<String, List<Alert>> byKey = new LinkedHashMap<>();
    for (Alert alert : alerts) {
      byKey.computeIfAbsent(keys.keyOf(alert, groupKey), k -> new ArrayList<>()).add(alert);
    }
    if (byKey.size() == 1) {
      Map.Entry<String, List<Alert>> only = byKey.entrySet().iterator().next();
      return List.of(groups.deliver(only.getKey(), only.getValue(), deliveryId, title, commander));
    }
    if (byKey.size() > directGroups) {
      List<AlertGroup> queued = new ArrayList<>();
      byKey.forEach((key, its) -> queued.add(new AlertGroup(key, its)));
      List<Delivery> answer = intake.queue(queued, deliveryId, title, commander);
      if (answer != null) {
        return answer;
      }
      // too large for one Temporal payload: each group goes on its own, as below
    }
    return fanOut.deliverAll(
        new ArrayList<>(byKey.entrySet()),
        group -> groups.deliver(group.getKey(), group.getValue(), deliveryId, title, commander));
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
}
