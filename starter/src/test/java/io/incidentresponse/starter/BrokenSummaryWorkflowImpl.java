package io.incidentresponse.starter;

import io.incidentresponse.workflows.incident.StateSummary;

/** See {@link BrokenSummaryWorkflow}. */
public class BrokenSummaryWorkflowImpl extends OlderIncidentWorkflowImpl
    implements BrokenSummaryWorkflow {
  @Override
  public StateSummary summary() {
    throw new IllegalStateException("summary broken on this worker");
  }
}
