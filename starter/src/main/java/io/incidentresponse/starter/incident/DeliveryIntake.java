package io.incidentresponse.starter.incident;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.IncidentGateway.Delivery;
import io.incidentresponse.workflows.intake.AlertGroup;
import io.incidentresponse.workflows.intake.DeliveryIntakeInput;
import io.incidentresponse.workflows.intake.DeliveryIntakeWorkflow;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Queues a delivery with many alert groups: one start of a {@link DeliveryIntakeWorkflow} carrying
 * the whole delivery, on the intake task queue the starters poll ({@link
 * DeliveryIntakeActivitiesImpl} fans it out). Once the start returns the alerts are durably in
 * Temporal, as they are after a signal-with-start. The intake's id derives from the delivery id: a
 * redelivery while it runs is refused by Temporal as already started and answered as queued again;
 * one after it finished runs again and every incident drops the batch it already has.
 */
@Component
public class DeliveryIntake {
  private static final String INTAKE = WorkflowNames.type(DeliveryIntakeWorkflow.class);

  /**
   * Largest delivery queued whole; Temporal refuses a payload over 2 MB, and the intake carries the
   * delivery twice (its input, then its activity's). A larger one goes group by group.
   */
  static final int MAX_PAYLOAD_BYTES = 1_500_000;

  private final WorkflowClient client;
  private final TemporalCalls calls;
  private final MeterRegistry meters;
  private final String taskQueue;

  public DeliveryIntake(
      WorkflowClient client,
      TemporalCalls calls,
      MeterRegistry meters,
      IncidentProperties properties) {
    this.client = client;
    this.calls = calls;
    this.meters = meters;
    this.taskQueue = properties.ingestion().intakeTaskQueue();
  }

  /**
   * Queues {@code groups} in one intake and answers, for each group in order, the incident it goes
   * to (queued); null when the delivery is too large for one payload (nothing was sent).
   *
   * @throws TemporalUnavailableException when Temporal did not accept the intake in time
   */
  public List<Delivery> queue(
      List<AlertGroup> groups, String deliveryId, String title, String commander) {
    DeliveryIntakeInput input = new DeliveryIntakeInput(deliveryId, title, commander, groups);
    if (payloadBytes(input) > MAX_PAYLOAD_BYTES) {
      meters.counter("incident.intake.too.large").increment();
      return null;
    }
    String intakeId = DeliveryIntakeWorkflow.workflowId(deliveryId);
    WorkflowStub intake =
        client.newUntypedWorkflowStub(
            INTAKE,
            WorkflowOptions.newBuilder()
                .setWorkflowId(intakeId)
                .setTaskQueue(taskQueue)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setStaticSummary(
                    groups.stream().mapToInt(g -> g.alerts().size()).sum()
                        + " alerts for "
                        + groups.size()
                        + " incidents")
                .build());
    try {
      calls.call(() -> intake.start(input));
      meters.counter("incident.intake.queued").increment();
    } catch (WorkflowExecutionAlreadyStarted running) {
      // this delivery's intake is at work already (a redelivery, or the SDK's own retry of a start
      // that did reach the server): the alerts are in Temporal
      meters.counter("incident.intake.redelivered").increment();
    }
    return groups.stream()
        .map(g -> Delivery.queued(IncidentKeys.workflowId(g.key()), g.alerts().size(), intakeId))
        .toList();
  }

  private long payloadBytes(DeliveryIntakeInput input) {
    return client
        .getOptions()
        .getDataConverter()
        .toPayloads(input)
        .map(p -> (long) p.getSerializedSize())
        .orElse(0L);
  }
}
