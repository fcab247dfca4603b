package io.incidentresponse.worker;

import io.temporal.worker.WorkerOptions;

/**
 * How this worker takes its activity tasks from Temporal, under {@code incident.worker.*} (issue
 * 18: an incident's diagnosis schedules its probes, 8 when Kubernetes, Prometheus and a log store
 * are configured, in one workflow task, and each waited for a poller the SDK's defaults did not
 * have).
 *
 * @param activityTaskPollers long polls for activity tasks this worker keeps open at once; default
 *     {@value #DEFAULT_ACTIVITY_TASK_POLLERS} (the SDK's is 5): a task that arrives while every
 *     poller is busy handing over the one before waits in the server's backlog
 * @param eagerActivities activities of one workflow task this worker asks the server to hand back
 *     in the task's own answer (eager dispatch, no trip through the task queue), when the server
 *     allows it ({@code system.enableActivityEagerExecution}, off in Temporal's own defaults and in
 *     the CLI dev server); default {@value #DEFAULT_EAGER_ACTIVITIES} (the SDK's is 3), 0 turns it
 *     off
 */
public record ActivityDispatch(Integer activityTaskPollers, Integer eagerActivities) {
  /** Every probe type there is, so one incident's round finds a poller for each. */
  public static final int DEFAULT_ACTIVITY_TASK_POLLERS = 12;

  /** Every probe type there is: a round of probes is handed back whole when the server allows. */
  public static final int DEFAULT_EAGER_ACTIVITIES = 12;

  public ActivityDispatch {
    activityTaskPollers =
        activityTaskPollers == null ? DEFAULT_ACTIVITY_TASK_POLLERS : activityTaskPollers;
    eagerActivities = eagerActivities == null ? DEFAULT_EAGER_ACTIVITIES : eagerActivities;
    if (activityTaskPollers < 1) {
      throw new IllegalArgumentException(
          "incident.worker.activity-task-pollers must be at least 1, was " + activityTaskPollers);
    }
    if (eagerActivities < 0) {
      throw new IllegalArgumentException(
          "incident.worker.eager-activities must be 0 (off) or more, was " + eagerActivities);
    }
  }

  public WorkerOptions.Builder applyTo(WorkerOptions.Builder options) {
    options.setMaxConcurrentActivityTaskPollers(activityTaskPollers);
    return eagerActivities == 0
        ? options.setDisableEagerExecution(true)
        : options
            .setDisableEagerExecution(false)
            .setMaxEagerActivityReservationsPerWorkflowTask(eagerActivities);
  }

  /** The start-up line. */
  public String describe() {
    return String.format(
        "%d activity task pollers (incident.worker.activity-task-pollers), %s",
        activityTaskPollers,
        eagerActivities == 0
            ? "no eager activities (incident.worker.eager-activities=0)"
            : "up to "
                + eagerActivities
                + " eager activities per workflow task when the server allows them"
                + " (incident.worker.eager-activities)");
  }
}
