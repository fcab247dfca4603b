package io.incidentresponse.workflows.intake;

import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * One activity for the whole delivery: 11 history events whatever the number of groups (one
 * activity per group would cost 3 events more per group), with the activity's heartbeat keeping its
 * progress across retries.
 */
public class DeliveryIntakeWorkflowImpl implements DeliveryIntakeWorkflow {
  private final DeliveryIntakeActivities starter =
      Workflow.newActivityStub(DeliveryIntakeActivities.class, DeliveryIntakeActivities.OPTIONS);

  @Override
  public List<GroupOutcome> run(DeliveryIntakeInput delivery) {
    return starter.deliverGroups(delivery);
  }
}
