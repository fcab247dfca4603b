package io.incidentresponse.workflows.maintenance;

import io.temporal.activity.ActivityInterface;

/**
 * Alertmanager silences for maintenance windows (its v2 API). Both are idempotent: a retry of
 * {@link #silence} returns the silence made earlier, and expiring a silence that is already expired
 * or gone is done. NOT_CONFIGURED when no Alertmanager is configured.
 */
@ActivityInterface
public interface MaintenanceActivities {

  /** Makes (or finds) the silence; answers its id. */
  String silence(SilenceRequest request);

  /** Moves the silence's end (a maintenance extended): Alertmanager replaces it under a new id. */
  String extendSilence(String silenceId, SilenceRequest request);

  /** Expires the silence now. */
  void expireSilence(String silenceId);
}
