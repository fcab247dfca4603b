package io.incidentresponse.workflows.health;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.incident.IncidentInput;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Opens the incident for a service the health check found down, the way an alert does: a
 * signal-with-start of the incident workflow under the id the alert door would use. It opens none
 * while an incident for the service is running (that id, or any running incident whose {@code
 * IncidentService} is the service where the server has visibility) or while the service (or
 * everything) is under maintenance. Safe to retry: a retry after a start that succeeded finds the
 * incident running and reports it as already open, so there is never a second incident.
 */
@ActivityInterface
public interface HealthIncidentActivities {

  /** Temporal unreachable is retried for up to ten minutes. */
  ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofMinutes(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .build())
          .build();

  IncidentOpening openIncident(OpenIncidentRequest request);

  /**
   * @param incidentId the incident's workflow id, from the starter's key rule
   * @param service the service that is down
   * @param input the incident's input (the alert, the policy; its delivery id is this run's)
   * @param alert the health check's alert, also sent as the {@code alert} signal
   * @param taskQueue where the incident runs: the health check's own queue, which the worker that
   *     runs incidents polls
   */
  record OpenIncidentRequest(
      String incidentId, String service, IncidentInput input, Alert alert, String taskQueue) {}
}
