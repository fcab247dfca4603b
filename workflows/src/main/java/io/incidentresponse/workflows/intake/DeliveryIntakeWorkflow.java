package io.incidentresponse.workflows.intake;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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

  /** Longest delivery id used as it is in the intake's workflow id; a longer one is hashed. */
  int LONGEST_READABLE_ID = 200;

  /**
   * The intake of the delivery {@code deliveryId}: {@code intake-<deliveryId>}, or {@code
   * intake-sha256-<hex>} of an id longer than {@link #LONGEST_READABLE_ID} (a source's own id may
   * be anything; Temporal refuses long workflow ids).
   */
  static String workflowId(String deliveryId) {
    if (deliveryId.length() <= LONGEST_READABLE_ID) {
      return "intake-" + deliveryId;
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(deliveryId.getBytes(StandardCharsets.UTF_8));
      return "intake-sha256-" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
