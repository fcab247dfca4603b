package io.incidentresponse.workflows.partner;

import io.incidentresponse.workflows.incident.Severity;
import java.util.List;

/**
 * A provider's status feed and who depends on it.
 *
 * @param name the provider's name ({@code incident.partners.<name>})
 * @param url the feed's URL
 * @param format its shape
 * @param services the services that depend on the provider: their running incidents get each new or
 *     updated provider incident as a note
 * @param components only provider incidents naming one of these components (Statuspage components;
 *     for Atom/RSS, words in the title or text), case-insensitive; empty: every incident
 * @param openIncident also open (or join) an incident for each dependent service while a provider
 *     incident is unresolved; default false: evidence only
 * @param severity the severity such an incident opens with; default P2
 */
public record PartnerFeed(
    String name,
    String url,
    FeedFormat format,
    List<String> services,
    List<String> components,
    boolean openIncident,
    Severity severity) {

  public PartnerFeed {
    services = services == null ? List.of() : List.copyOf(services);
    components = components == null ? List.of() : List.copyOf(components);
    severity = severity == null ? Severity.P2 : severity;
  }
}
