package io.incidentresponse.workflows.incident;

/** Task queue names shared by the worker that polls them and the starter that starts workflows. */
public final class TaskQueues {
  /** Incident and postmortem workflows, and their activities. */
  public static final String INCIDENTS = "incident-response";

  private TaskQueues() {}
}
