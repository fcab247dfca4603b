package io.incidentresponse.workflows.synthetic;

import java.time.Instant;
import java.util.List;

/**
 * What a scheduled run of a journey found and did; the schedule hands it to the next run (its last
 * completion result), which is how failures are counted across runs and a raised alert is resolved.
 *
 * @param journey the journey's name
 * @param service its service
 * @param last the latest run, or null when the probe could not run at all
 * @param consecutiveFailures runs in a row that failed, up to this one
 * @param failingSince when the first of them ran, or null
 * @param alertIncidentId the incident the failing journey's alert was sent to, while it fires
 * @param events what this run did ({@code checkout: opened incident-...}), for the history
 */
public record JourneyStatus(
    String journey,
    String service,
    JourneyRun last,
    int consecutiveFailures,
    Instant failingSince,
    String alertIncidentId,
    List<String> events) {

  public JourneyStatus {
    events = events == null ? List.of() : List.copyOf(events);
  }
}
