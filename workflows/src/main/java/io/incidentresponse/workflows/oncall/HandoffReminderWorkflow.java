package io.incidentresponse.workflows.oncall;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Reminds both people of each rotation hand-off of the open incidents the outgoing person holds.
 * Run by the Temporal Schedule {@value #SCHEDULE_ID}; answers how many notices it sent.
 */
@WorkflowInterface
public interface HandoffReminderWorkflow {
  String TYPE = "HandoffReminders";

  /** The id of the schedule (and the prefix of its runs). */
  String SCHEDULE_ID = "oncall-handoff-reminders";

  @WorkflowMethod(name = TYPE)
  HandoffReminderResult remind(HandoffReminderInput input);
}
