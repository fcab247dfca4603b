package io.incidentresponse.starter.maintenance;

/** The REST API's maintenance bodies; durations as {@code 2h}, {@code 90m} or {@code PT2H}. */
final class MaintenanceBodies {
  private MaintenanceBodies() {}

  /**
   * {@code {"service":"checkout","duration":"2h","reason":"database upgrade"}}; optional {@code
   * statusPage} (announce it on the public status page; default: when the service has a status-page
   * component), {@code backend} (a label selector whose pods get the service's traffic meanwhile)
   * and {@code namespace} (the service's, default the policy's).
   */
  record Start(
      String service,
      String duration,
      String reason,
      String by,
      Boolean statusPage,
      String backend,
      String namespace) {}

  /** {@code {"reason":"upgrade done"}}. */
  record End(String by, String reason) {}

  /** {@code {"duration":"1h","reason":"slower than planned"}}: the new end, from now. */
  record Extend(String by, String duration, String reason) {}

  /** The answer to a start. */
  record Started(String maintenanceId, String service, String runId, String endsAt) {}

  /** One row of the list. */
  record Row(String maintenanceId, String service, String startedAt) {}
}
