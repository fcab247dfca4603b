package io.incidentresponse.starter;

import io.incidentresponse.workflows.incident.StateSummary;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;

/**
 * An incident workflow whose {@code summary} query exists but fails (a bug of that worker's): the
 * starter must say so rather than answer from the state, which would hide the bug.
 */
@WorkflowInterface
public interface BrokenSummaryWorkflow extends OlderIncidentWorkflow {
  @QueryMethod(name = "summary")
  StateSummary summary();
}
