package io.incidentresponse.starter.detection;

import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.partner.FeedFormat;
import io.incidentresponse.workflows.partner.PartnerFeed;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Partner status feeds, {@code incident.partners.<name>.*}: each is read on its own Temporal
 * Schedule ({@code partner-<name>}). Checked at start-up: a mistake fails it, naming the property.
 *
 * @param partners the feeds by provider name (letters, digits and dashes)
 */
@ConfigurationProperties("incident")
public record PartnerProperties(Map<String, Feed> partners) {
  static final String PREFIX = "incident.partners";

  public PartnerProperties {
    partners = partners == null ? Map.of() : new LinkedHashMap<>(partners);
    partners.forEach((name, feed) -> feed.check(PREFIX + "." + name, name));
  }

  /** The feeds as the schedules read them, by name. */
  public Map<String, PartnerFeed> configured() {
    Map<String, PartnerFeed> configured = new LinkedHashMap<>();
    partners.forEach((name, feed) -> configured.put(name, feed.feed(name)));
    return configured;
  }

  /**
   * One provider's feed.
   *
   * @param url the feed (required), e.g. {@code
   *     https://www.githubstatus.com/api/v2/incidents/unresolved.json}
   * @param format statuspage, atom or rss (required)
   * @param interval how often it is read; default 5m, at least 1m
   * @param services the services that depend on the provider (at least one)
   * @param components only provider incidents naming one of these (case-insensitive); default all
   * @param openIncident also open or join an incident for each service while a provider incident is
   *     unresolved; default false (evidence on running incidents only)
   * @param severity that incident's severity, P0-P3; default P2
   */
  public record Feed(
      String url,
      FeedFormat format,
      Duration interval,
      List<String> services,
      List<String> components,
      Boolean openIncident,
      Severity severity) {

    public Feed {
      interval = interval == null ? Duration.ofMinutes(5) : interval;
      services = services == null ? List.of() : List.copyOf(services);
      components = components == null ? List.of() : List.copyOf(components);
      openIncident = openIncident != null && openIncident;
    }

    void check(String property, String name) {
      if (!SyntheticProperties.NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            property
                + ": a partner's name must be lower-case letters, digits and dashes (at most"
                + " 63), was '"
                + name
                + "'");
      }
      SyntheticProperties.httpUrl(property + ".url", url);
      if (format == null) {
        throw new IllegalArgumentException(property + ".format must be statuspage, atom or rss");
      }
      if (interval.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new IllegalArgumentException(
            property + ".interval must be at least 1m, was " + interval);
      }
      if (services.isEmpty()) {
        throw new IllegalArgumentException(
            property + ".services must name the services that depend on " + name);
      }
      for (String service : services) {
        if (service == null || !SyntheticProperties.SERVICE.matcher(service).matches()) {
          throw new IllegalArgumentException(
              property + ".services: not a service name: " + service);
        }
      }
    }

    PartnerFeed feed(String name) {
      return new PartnerFeed(
          name, url.trim(), format, services, components, openIncident, severity);
    }
  }
}
