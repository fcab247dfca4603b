package io.incidentresponse.activities.grafana;

import static io.incidentresponse.activities.SettingChecks.blank;
import static io.incidentresponse.activities.SettingChecks.positive;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Grafana dashboard that shows an incident's initial impact, linked from the incident's Slack
 * posts and its postmortem with the incident's time range and service.
 *
 * @param dashboardUrl a URL template with the placeholders {@code {service}}, {@code {namespace}},
 *     {@code {incident}}, {@code {from}} and {@code {to}} (Grafana's epoch milliseconds; {@code
 *     {to}} is {@code now} in a live link), e.g. {@code
 *     https://grafana.example.com/d/svc/overview?var-service={service}&from={from}&to={to}}; links
 *     are off when it is blank
 * @param dashboards per-service templates that replace {@code dashboardUrl} for that service
 * @param before how long before detection the range starts; default 1 h
 * @param after how long after restoration (or resolution) a postmortem's range ends; default 30 min
 */
public record GrafanaSettings(
    String dashboardUrl, Map<String, String> dashboards, Duration before, Duration after) {

  static final Set<String> PLACEHOLDERS = Set.of("service", "namespace", "incident", "from", "to");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

  public GrafanaSettings {
    dashboardUrl = template("incident.grafana.dashboard-url", dashboardUrl);
    Map<String, String> checked = new LinkedHashMap<>();
    if (dashboards != null) {
      dashboards.forEach(
          (service, url) ->
              checked.put(service, template("incident.grafana.dashboards." + service, url)));
    }
    checked.values().removeIf(java.util.Objects::isNull);
    dashboards = Map.copyOf(checked);
    before = positive("incident.grafana.before", before, Duration.ofHours(1));
    after = positive("incident.grafana.after", after, Duration.ofMinutes(30));
  }

  public static GrafanaSettings none() {
    return new GrafanaSettings(null, null, null, null);
  }

  public boolean configured() {
    return dashboardUrl != null || !dashboards.isEmpty();
  }

  /** The template for {@code service}: its own, else the default; null when neither is set. */
  String templateFor(String service) {
    String own = service == null ? null : dashboards.get(service);
    return own != null ? own : dashboardUrl;
  }

  /**
   * {@code value} stripped, or null when blank.
   *
   * @throws IllegalArgumentException naming {@code property} when a placeholder is unknown or the
   *     URL (with sample values) is not an absolute http(s) URL; the message never repeats the URL
   */
  private static String template(String property, String value) {
    if (blank(value)) {
      return null;
    }
    String url = value.strip();
    Matcher m = PLACEHOLDER.matcher(url);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        throw new IllegalArgumentException(
            property
                + " has an unknown placeholder {"
                + m.group(1)
                + "}; known: {service}, {namespace}, {incident}, {from}, {to}");
      }
    }
    String sample = PLACEHOLDER.matcher(url).replaceAll("x");
    if (okhttp3.HttpUrl.parse(sample) == null) {
      throw new IllegalArgumentException(
          property + " must be an absolute http:// or https:// URL template");
    }
    return url;
  }
}
