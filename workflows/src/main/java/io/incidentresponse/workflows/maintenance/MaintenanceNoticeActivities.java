package io.incidentresponse.workflows.maintenance;

import io.incidentresponse.workflows.communication.StatusPageRef;
import io.temporal.activity.ActivityInterface;

/**
 * The public status page's scheduled maintenance: announced at the start (in progress, components
 * under maintenance), moved when the maintenance is extended, completed at its end. NOT_CONFIGURED
 * when no status page is configured.
 */
@ActivityInterface
public interface MaintenanceNoticeActivities {

  /** Makes (or finds) the scheduled maintenance, in progress from now until the deadline. */
  StatusPageRef announceMaintenance(MaintenanceNotice notice);

  /** Moves its end to {@link MaintenanceNotice#endsAt()}. */
  void rescheduleMaintenance(MaintenanceNotice notice);

  /** Completes it; the components are operational again. */
  void completeMaintenance(MaintenanceNotice notice);
}
