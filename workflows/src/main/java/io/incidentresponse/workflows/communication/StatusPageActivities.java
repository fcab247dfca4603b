package io.incidentresponse.workflows.communication;

import io.temporal.activity.ActivityInterface;

/**
 * The public status page. Opening is idempotent per incident: a retry returns the status-page
 * incident made earlier. Failure types as for {@link ChatActivities}.
 */
@ActivityInterface
public interface StatusPageActivities {

  StatusPageRef openStatusIncident(StatusPageNotice notice);

  void updateStatusIncident(StatusPageNotice notice);

  void resolveStatusIncident(StatusPageNotice notice);
}
