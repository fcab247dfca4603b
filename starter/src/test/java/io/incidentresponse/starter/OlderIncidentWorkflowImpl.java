package io.incidentresponse.starter;

import io.incidentresponse.workflows.incident.Impact;
import io.incidentresponse.workflows.incident.IncidentInput;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.incident.TimelineEntry;
import io.temporal.workflow.Workflow;
import java.time.Instant;

/** See {@link OlderIncidentWorkflow}: an acknowledged P2 with two timeline lines, open for good. */
public class OlderIncidentWorkflowImpl implements OlderIncidentWorkflow {
  private final IncidentState s = new IncidentState();

  @Override
  public void run(IncidentInput input) {
    Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    s.incidentId = Workflow.getInfo().getWorkflowId();
    s.title = "checkout degraded (older worker)";
    s.service = "checkout";
    s.severity = Severity.P2;
    s.impact = Impact.MEDIUM;
    s.phase = Phase.MITIGATING;
    s.detectedAt = now;
    s.acknowledgedAt = now;
    s.acknowledgedBy = "alice";
    s.alerts.put("older", input.alerts().get(0));
    s.timeline.add(new TimelineEntry(now, TimelineEntry.SYSTEM, "Incident opened", ""));
    s.timeline.add(new TimelineEntry(now, "alice", "Acknowledged", "by alice"));
    Workflow.await(() -> false);
  }

  @Override
  public IncidentState state() {
    return s;
  }
}
