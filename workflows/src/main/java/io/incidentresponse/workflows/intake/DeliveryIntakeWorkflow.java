package io.incidentresponse.workflows.intake;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * A webhook delivery with many alert groups, accepted by the starter with one start of this
 * workflow and handed to its incidents afterwards ({@link DeliveryIntakeActivities}). Its workflow
 * id derives from the delivery id ({@link #workflowId}), so a redelivery while it runs is refused
 * by Temporal as already started and changes nothing.
 */
@WorkflowInterface
public interface DeliveryIntakeWorkflow {
  /**
   * The task queue the starters poll for intakes (setting incident.ingestion.intake-task-queue).
   */
  String TASK_QUEUE = "incident-intake";

  /** Answers what became of each group, in the order of the delivery. */
  @WorkflowMethod
  List<GroupOutcome> run(DeliveryIntakeInput delivery);

  /** The intake of the delivery {@code deliveryId}. */
  static String workflowId(String deliveryId) {
    return "intake-" + deliveryId;
  }
}
