package io.incidentresponse.workflows.health;

/**
 * What became of a request to open an incident for a service that is down.
 *
 * @param incidentId the incident that was opened or is running, or null
 * @param outcome what happened
 * @param detail why, for the report
 */
public record IncidentOpening(String incidentId, Outcome outcome, String detail) {

  public enum Outcome {
    /** This request opened it. */
    OPENED,
    /** An incident for the service is running: nothing was opened or signalled. */
    ALREADY_OPEN,
    /** The service (or everything) is under maintenance: nothing was opened. */
    UNDER_MAINTENANCE,
    /**
     * An incident for the service was running and the alert was sent to it (the scheduled detection
     * sources; the health check never joins).
     */
    JOINED
  }

  /**
   * One line for the report, e.g. {@code checkout: opened incident-checkout-servicedown-1a2b3c}.
   */
  public String line(String service) {
    return service
        + ": "
        + switch (outcome) {
          case OPENED -> "opened " + incidentId;
          case ALREADY_OPEN -> "no new incident, " + incidentId + " is running";
          case UNDER_MAINTENANCE -> "no incident, under maintenance";
          case JOINED -> "joined " + incidentId;
        }
        + (detail == null || detail.isBlank() ? "" : " (" + detail + ")");
  }
}
