package io.incidentresponse.workflows.actionitems;

import io.incidentresponse.workflows.PersonWaiting;
import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** See {@link ActionItemListWorkflow}. */
public class ActionItemListWorkflowImpl implements ActionItemListWorkflow {
  /**
   * A person is waiting (the REST API waits 20 s): one indexed query, two short attempts, then the
   * answer or the failure.
   */
  static final ActivityOptions OPTIONS =
      PersonWaiting.twoAttempts(Duration.ofSeconds(8), Duration.ofSeconds(18));

  private final IncidentHistoryActivities history =
      Workflow.newActivityStub(IncidentHistoryActivities.class, OPTIONS);

  @Override
  public ActionItemPage run(ActionItemFilter filter) {
    return history.listActionItems(filter == null ? ActionItemFilter.open() : filter);
  }
}
