package io.incidentresponse.starter.sources;

import io.incidentresponse.starter.config.IncidentProperties.AuthType;
import io.incidentresponse.starter.config.IncidentProperties.WebhookAuth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Detection sources beyond Alertmanager, Grafana and PagerDuty, under {@code incident.sources.*}.
 * Every generic mapping is compiled here, so a bad JSONPath or a missing required mapping stops the
 * starter with a message naming the source and the field.
 *
 * @param generic generic JSON webhooks by source name ({@code POST /webhooks/generic/{name}})
 * @param datadog the Datadog monitor webhook ({@code POST /webhooks/datadog})
 * @param sentry the Sentry internal integration's webhook ({@code POST /webhooks/sentry})
 * @param newrelic the New Relic workflows' webhook destination ({@code POST /webhooks/newrelic})
 * @param elastic Kibana's webhook connector ({@code POST /webhooks/elastic})
 */
@ConfigurationProperties("incident.sources")
public record SourcesProperties(
    Map<String, GenericSource> generic,
    @DefaultValue Datadog datadog,
    @DefaultValue Sentry sentry,
    @DefaultValue NewRelic newrelic,
    @DefaultValue Elastic elastic) {
  static final String PREFIX = "incident.sources.";
  private static final Pattern SOURCE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public SourcesProperties {
    generic = generic == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(generic));
    for (Map.Entry<String, GenericSource> source : generic.entrySet()) {
      if (!SOURCE_NAME.matcher(source.getKey()).matches()) {
        throw new IllegalArgumentException(
            PREFIX
                + "generic."
                + source.getKey()
                + ": a source name is lower-case letters, digits and dashes (it is a URL path)");
      }
      GenericMapping.of(source.getKey(), source.getValue()); // throws naming source and field
    }
  }

  /**
   * One generic JSON webhook: where each alert field is in the body, as JSONPath. Paths of the
   * fields are read from each element {@code alerts} selects, or from the body when it is unset.
   *
   * @param auth the source's own credential: NONE, BEARER or BASIC, as for Alertmanager
   * @param alerts optional path selecting the alerts of one body, e.g. {@code $.alerts[*]}
   * @param name required: the alert name (the {@code alertname} label, part of the incident key)
   * @param service required: the service (the {@code service} label, part of the incident key)
   * @param severity the severity; mapped through {@code severityValues}, a P0..P3 result is the
   *     {@code priority} label, anything else the {@code severity} label the classifier reads
   * @param severityValues the source's severity words to ours, e.g. {@code crit: critical}
   * @param status firing or resolved; unset means every delivery is firing
   * @param statusValues the source's status words to {@code firing} or {@code resolved}
   * @param summary the alert's summary (the incident title when it opens one)
   * @param fingerprint the source's stable id of the alert, so that its resolution finds it
   * @param startedAt when it started: ISO-8601 with an offset, or epoch seconds or milliseconds;
   *     unset or absent means the time of receipt
   * @param link a link back to the source
   * @param labels more labels: label name to path
   */
  public record GenericSource(
      WebhookAuth auth,
      String alerts,
      String name,
      String service,
      String severity,
      Map<String, String> severityValues,
      String status,
      Map<String, String> statusValues,
      String summary,
      String fingerprint,
      String startedAt,
      String link,
      Map<String, String> labels) {

    public GenericSource {
      auth = auth == null ? new WebhookAuth(AuthType.NONE, null, null, null) : auth;
      severityValues = severityValues == null ? Map.of() : Map.copyOf(severityValues);
      statusValues = statusValues == null ? Map.of() : Map.copyOf(statusValues);
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Paths are not secret; the credential is printed as its type only. */
    @Override
    public String toString() {
      return "GenericSource[auth=" + auth + ", name=" + name + ", service=" + service + "]";
    }
  }

  /**
   * @param auth the credential Datadog sends (the webhook's custom headers or basic auth): NONE,
   *     BEARER or BASIC
   */
  public record Datadog(@DefaultValue WebhookAuth auth) {}

  /**
   * @param auth the credential of the New Relic webhook destination (its basic auth, or its bearer
   *     token): NONE, BEARER or BASIC
   */
  public record NewRelic(@DefaultValue WebhookAuth auth) {}

  /**
   * @param auth the credential of the Kibana webhook connector (its basic authentication, or an
   *     {@code Authorization: Bearer} header added to the connector): NONE, BEARER or BASIC
   */
  public record Elastic(@DefaultValue WebhookAuth auth) {}

  /**
   * @param clientSecrets the internal integration's client secrets; any one may sign (rotation).
   *     Without one the endpoint answers 404 and does nothing
   * @param projects Sentry project slug or id to service, for events without a {@code service} tag
   */
  public record Sentry(List<String> clientSecrets, Map<String, String> projects) {
    public Sentry {
      clientSecrets =
          clientSecrets == null
              ? List.of()
              : clientSecrets.stream().filter(s -> s != null && !s.isBlank()).toList();
      projects = projects == null ? Map.of() : Map.copyOf(projects);
    }

    public boolean enabled() {
      return !clientSecrets.isEmpty();
    }

    @Override
    public String toString() {
      return "Sentry[clientSecrets=" + clientSecrets.size() + " set, projects=" + projects + "]";
    }
  }
}
