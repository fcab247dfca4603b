package io.incidentresponse.workflows.communication;

import io.incidentresponse.workflows.incident.Impact;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import java.time.Instant;

/**
 * What every message about an incident needs to say which incident it is.
 *
 * @param incidentId the workflow id
 * @param title one-line title
 * @param service affected service
 * @param namespace where it runs
 * @param severity current severity
 * @param impact current impact
 * @param phase current phase
 * @param channelName the incident channel's name, e.g. {@code incident-2026-11-26-1412}
 * @param channelId the channel's id once it exists, else null
 * @param commander the incident commander, or null
 * @param detectedAt when the incident was opened
 * @param confidential a security incident: its channel is private, the alerts channel hears only
 *     that a security incident is being handled privately, leadership is told by direct message
 *     only, never in a shared channel
 */
public record IncidentBrief(
    String incidentId,
    String title,
    String service,
    String namespace,
    Severity severity,
    Impact impact,
    Phase phase,
    String channelName,
    String channelId,
    String commander,
    Instant detectedAt,
    boolean confidential) {

  /** The brief of an incident that is not confidential. */
  public IncidentBrief(
      String incidentId,
      String title,
      String service,
      String namespace,
      Severity severity,
      Impact impact,
      Phase phase,
      String channelName,
      String channelId,
      String commander,
      Instant detectedAt) {
    this(
        incidentId,
        title,
        service,
        namespace,
        severity,
        impact,
        phase,
        channelName,
        channelId,
        commander,
        detectedAt,
        false);
  }
}
