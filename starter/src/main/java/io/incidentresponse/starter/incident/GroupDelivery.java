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
import io.incidentresponse.workflows.incident.IncidentSearchAttributes;
import io.incidentresponse.workflows.incident.IncidentUserMetadata;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.policy.Classification;
import io.incidentresponse.workflows.policy.Classifier;
import io.incidentresponse.workflows.policy.PolicyEditions;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * One alert group to its incident, with one signal-with-start, which Temporal makes atomic: it
 * signals the running incident for that key or starts one, so concurrent deliveries never make two.
 * Deliveries to one incident that arrive while a call to it is out share the next call ({@link
 * ConcurrentDeliveries}, {@code incident.ingestion.joined-deliveries}), so a storm on a few
 * incidents does not queue dozens of calls at their workflow locks. A maintenance running on the
 * service may hold the group instead, and a drill may mark the incident it opens. Used by the front
 * door ({@link IncidentGateway}) for deliveries with few groups and by the intake ({@link
 * DeliveryIntakeActivitiesImpl}) for the others.
 */
@Component
public class GroupDelivery {
  private static final String INCIDENT = WorkflowNames.type(IncidentWorkflow.class);
  private static final String ALERT = WorkflowNames.method(IncidentWorkflow.class, "alert");

  private final WorkflowClient client;
  private final IncidentProperties properties;
  private final MeterRegistry meters;
  private final TemporalCalls calls;
  private final MaintenanceDoor maintenance;
  private final DrillDoor drills;
  private final SearchAttributeRegistrar searchAttributes;
  private final ConcurrentDeliveries<Part, WorkflowExecution> concurrent;

  /**
   * The name new incidents' inputs give their policy instead of carrying it, or null: the policy is
   * not an edition of the runbook's defaults, or {@code incident.ingestion.policy-by-name} is off.
   */
  private final String policyEdition;

  public GroupDelivery(
      WorkflowClient client,
      IncidentProperties properties,
      MeterRegistry meters,
      TemporalCalls calls,
      MaintenanceDoor maintenance,
      DrillDoor drills,
      SearchAttributeRegistrar searchAttributes) {
    this.client = client;
    this.properties = properties;
    this.meters = meters;
    this.calls = calls;
    this.maintenance = maintenance;
    this.drills = drills;
    this.searchAttributes = searchAttributes;
    this.policyEdition =
        properties.ingestion().policyByName() ? PolicyEditions.nameOf(properties.policy()) : null;
    // a call carries at most as many bytes of alerts as one delivery may (the largest body), so
    // it stays within Temporal's payload limit whenever one delivery does; a delivery waits at
    // most the deadline for its turn, then its call has the deadline
    this.concurrent =
        new ConcurrentDeliveries<>(
            properties.ingestion().joinedDeliveries(),
            GroupDelivery::approximateBytes,
            (int) Math.min(Integer.MAX_VALUE, properties.webhooks().maxBodySize().toBytes()),
            calls.deadline());
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
    Part part = new Part(new AlertBatch(alerts, deliveryId), opening);
    WorkflowExecution execution =
        joinable(title, commander, drill)
            ? concurrent.deliver(
                workflowId, part, parts -> send(workflowId, parts, null, null, DrillMarking.NONE))
            : send(workflowId, List.of(part), title, commander, drill);
    meters.counter("incident.alerts.accepted").increment(alerts.size());
    if (drill.tells() != null) {
      drills.tell(drill.tells(), workflowId, opening.severity(), drill.marks() != null);
    }
    return new Delivery(workflowId, execution.getRunId(), alerts.size(), null, drill.marks());
  }

  /**
   * One delivery's alerts and how they would open the incident.
   *
   * @param batch the delivery's alerts and id
   * @param opening their classification: the new incident's, when this delivery starts it
   */
  private record Part(AlertBatch batch, Classification opening) {}

  private static int approximateBytes(Part part) {
    long bytes = 0;
    for (Alert alert : part.batch().alerts()) {
      bytes += alert.approximateBytes();
    }
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  /**
   * Whether a delivery may share its call with concurrent ones to the same incident: alerts from a
   * source, not a person's declaration (its title and commander open the incident) and not marked
   * by a drill, when sharing is on.
   */
  private boolean joinable(String title, String commander, DrillMarking drill) {
    return title == null
        && commander == null
        && drill == DrillMarking.NONE
        && properties.ingestion().joinedDeliveries() > 1;
  }

  /**
   * One signal-with-start for {@code parts}, deliveries to the same incident: the first opens it
   * when it is not running (its input) and the signal carries them all, each with its own id, so
   * the first is dropped as a repeat by a new incident and a redelivery among them is dropped.
   */
  private WorkflowExecution send(
      String workflowId, List<Part> parts, String title, String commander, DrillMarking drill) {
    Part first = parts.get(0);
    WorkflowOptions options = options(workflowId, first.opening(), drill.marks() == null);
    IncidentInput input =
        new IncidentInput(
            first.batch().alerts(),
            policyEdition == null ? properties.policy() : null,
            title,
            commander,
            null,
            first.batch().deliveryId(),
            drill.marks(),
            drill.marks() != null && drills.notifiesLeadership(),
            policyEdition);
    AlertBatch batch =
        new AlertBatch(
            first.batch().alerts(),
            first.batch().deliveryId(),
            parts.subList(1, parts.size()).stream().map(Part::batch).toList());
    WorkflowExecution execution =
        signalWithStart(
            () ->
                client
                    .newUntypedWorkflowStub(INCIDENT, options)
                    .signalWithStart(ALERT, new Object[] {batch}, new Object[] {input}));
    meters.counter("incident.alerts.calls").increment();
    if (parts.size() > 1) {
      meters.counter("incident.alerts.joined").increment(parts.size() - 1);
    }
    return execution;
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
   * attempt is made on a new stub: a stub that started a workflow refuses to start another.
   */
  private WorkflowExecution signalWithStart(Supplier<WorkflowExecution> attempt) {
    for (int attempts = 1; ; attempts++) {
      try {
        return calls.call(attempt);
      } catch (RuntimeException e) {
        if (attempts >= 3 || !alreadyExists(e)) {
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
   * A real incident starts with its search attributes ({@link #openingAttributes}); its first
   * workflow task upserts only what changed since.
   */
  private WorkflowOptions options(String workflowId, Classification opening, boolean real) {
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(properties.taskQueue())
            // a closed incident's id may start the next incident with the same key
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setStaticSummary(IncidentUserMetadata.summary(opening))
            .setStaticDetails(IncidentUserMetadata.details(opening));
    SearchAttributes attributes = real ? openingAttributes(opening) : null;
    if (attributes != null) {
      options.setTypedSearchAttributes(attributes);
    }
    return options.build();
  }

  /**
   * What a new incident is at its start, in visibility from that moment (before, it was listed
   * without attributes until a worker ran its first workflow task): its severity and service as
   * classified here (the workflow classifies the same alerts with the same policy), TRIGGERED, not
   * acknowledged. Not INVESTIGATING, although the first task usually gets that far (and then
   * upserts it): an incident no worker has taken yet must not look as if it were being worked on.
   * Null when the attributes are not known to exist on the namespace (a start naming an unknown
   * attribute is refused), or when the service is longer than the workflow keeps whole.
   */
  static SearchAttributes openingAttributes(Classification opening, boolean attributesPresent) {
    if (!attributesPresent
        || opening.service() == null
        || opening.service().length() > IncidentSearchAttributes.MAX_SERVICE) {
      return null;
    }
    return SearchAttributes.newBuilder()
        .set(IncidentSearchAttributes.SEVERITY, opening.severity().name())
        .set(IncidentSearchAttributes.SERVICE, opening.service())
        .set(IncidentSearchAttributes.PHASE, Phase.TRIGGERED.name())
        .set(IncidentSearchAttributes.ACKNOWLEDGED, false)
        .build();
  }

  private SearchAttributes openingAttributes(Classification opening) {
    return openingAttributes(opening, searchAttributes.present());
  }
}
