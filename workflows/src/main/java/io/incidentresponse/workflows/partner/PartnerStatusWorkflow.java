package io.incidentresponse.workflows.partner;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One scheduled read of a partner's status feed: every provider incident that is new or updated
 * since the last read is added as a note to the running incidents of the services that depend on
 * the provider, once per update; with {@code open-incident}, an unresolved one also opens or joins
 * an incident for each of them.
 */
@WorkflowInterface
public interface PartnerStatusWorkflow {
  String TYPE = "PartnerStatus";

  /** The prefix of every feed's schedule id ({@code partner-aws}). */
  String SCHEDULE_PREFIX = "partner-";

  /** The {@code alertname} of the alert {@code open-incident} raises. */
  String ALERTNAME = "PartnerIncident";

  /** The {@code source} label (and delivery id prefix) of its alerts. */
  String SOURCE = "partner-status";

  @WorkflowMethod(name = TYPE)
  PartnerStatusReport run(PartnerStatusRequest request);
}
