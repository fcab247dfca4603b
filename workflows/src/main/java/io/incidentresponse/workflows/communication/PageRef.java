package io.incidentresponse.workflows.communication;

import java.util.List;

/**
 * The page that calls responders for this incident.
 *
 * @param id the paging system's id (a PagerDuty incident, {@code dedup:<incident>} for an Events
 *     API page, {@code direct:<incident>} for a page sent by Slack DM and e-mail)
 * @param url where people open it, or null
 * @param via how the last page reached its person, one entry per channel (e.g. {@code PagerDuty
 *     user PABC123}, {@code Slack DM}, {@code e-mail}); empty when unknown (histories recorded
 *     before it existed)
 */
public record PageRef(String id, String url, List<String> via) {
  public PageRef {
    via = via == null ? List.of() : List.copyOf(via);
  }

  public PageRef(String id, String url) {
    this(id, url, List.of());
  }
}
