package io.incidentresponse.workflows.actionitems;

import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** See {@link ActionItemListWorkflow}. */
public class ActionItemListWorkflowImpl implements ActionItemListWorkflow {
  /** A person is waiting: one indexed query, two short attempts, then the answer or the failure. */
  static final ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(15))
          .setScheduleToCloseTimeout(Duration.ofSeconds(40))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setMaximumAttempts(2)
                  .setInitialInterval(Duration.ofSeconds(1))
                  .build())
          .build();

  private final IncidentHistoryActivities history =
      Workflow.newActivityStub(IncidentHistoryActivities.class, OPTIONS);

  @Override
  public ActionItemPage run(ActionItemFilter filter) {
    return history.listActionItems(filter == null ? ActionItemFilter.open() : filter);
  }
}
