package io.incidentresponse.workflows.maintenance;

import java.time.Duration;

/**
 * What a person asks for when they put a service (or everything) under maintenance.
 *
 * @param service the service under maintenance; {@link MaintenanceWorkflow#ALL} for every service
 * @param duration how long, from the start; the maintenance ends by itself after it
 * @param reason why, shown on the silence, the status page and the timeline
 * @param by who asked (the REST API fills in the caller)
 * @param options status-page announcement and traffic switch; null: only the silence
 * @param resumed the state carried over when the run continued as new; null at the start
 */
public record MaintenanceRequest(
    String service,
    Duration duration,
    String reason,
    String by,
    MaintenanceOptions options,
    MaintenanceState resumed) {

  public MaintenanceRequest(String service, Duration duration, String reason, String by) {
    this(service, duration, reason, by, null, null);
  }

  public MaintenanceRequest(
      String service, Duration duration, String reason, String by, MaintenanceOptions options) {
    this(service, duration, reason, by, options, null);
  }
}
