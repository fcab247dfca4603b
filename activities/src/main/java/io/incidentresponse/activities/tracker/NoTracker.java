package io.incidentresponse.activities.tracker;

import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.tracker.TicketRequest;
import io.incidentresponse.workflows.tracker.TicketState;
import io.incidentresponse.workflows.tracker.TrackerActivities;
import io.incidentresponse.workflows.tracker.TrackerSetup;
import io.incidentresponse.workflows.tracker.TrackerTicket;

/**
 * The worker has no issue tracker: {@link #setup()} says so, and a postmortem then calls nothing
 * else; a call that comes anyway (a run that asked another worker) fails as NOT_CONFIGURED.
 */
public final class NoTracker implements TrackerActivities {
  static final String NOT_CONFIGURED = "issue tracker (incident.tracker.kind) is not configured";

  @Override
  public TrackerSetup setup() {
    return TrackerSetup.NONE;
  }

  @Override
  public TrackerTicket openTicket(TicketRequest request) {
    throw ExpectedFailures.notConfigured(NOT_CONFIGURED);
  }

  @Override
  public TicketState readTicket(TrackerTicket ticket) {
    throw ExpectedFailures.notConfigured(NOT_CONFIGURED);
  }
}
