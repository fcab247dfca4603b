package io.incidentresponse.bench.raw;

import io.temporal.workflow.Workflow;

/** See {@link RawIntakeWorkflow}: one activity for the whole delivery. */
public class RawIntakeWorkflowImpl implements RawIntakeWorkflow {
  private final RawIntakeActivities fanOut =
      Workflow.newActivityStub(RawIntakeActivities.class, RawIntakeActivities.OPTIONS);

  @Override
  public void run(RawIntakeInput delivery) {
    fanOut.deliverGroups(delivery);
  }
}
