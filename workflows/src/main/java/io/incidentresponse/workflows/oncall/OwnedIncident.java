package io.incidentresponse.workflows.oncall;

import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import java.util.List;

/**
 * An open incident a person holds, as a hand-off reminder lists it.
 *
 * @param incidentId the incident's workflow id
 * @param title its title
 * @param service its service
 * @param severity its severity
 * @param phase where it stands
 * @param channelName its Slack channel's name, or null
 * @param holds what the person is on it, e.g. {@code incident commander}, {@code acknowledged},
 *     {@code paged}
 */
public record OwnedIncident(
    String incidentId,
    String title,
    String service,
    Severity severity,
    Phase phase,
    String channelName,
    List<String> holds) {
  public OwnedIncident {
    holds = holds == null ? List.of() : List.copyOf(holds);
  }
}
