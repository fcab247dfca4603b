package io.incidentresponse.activities.grafana;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Links to the incident's Grafana dashboard with its service and time range filled in: live (from
 * an hour before detection to now) for Slack, fixed (to half an hour after restoration) for the
 * postmortem. Values are URL-encoded, so a label cannot change the link's shape.
 */
public final class GrafanaLinks {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");

  private final GrafanaSettings settings;

  public GrafanaLinks(GrafanaSettings settings) {
    this.settings = settings == null ? GrafanaSettings.none() : settings;
  }

  public static GrafanaLinks none() {
    return new GrafanaLinks(GrafanaSettings.none());
  }

  /** From {@code before} ahead of {@code detectedAt} to now; null when no dashboard applies. */
  public String live(String incidentId, String service, String namespace, Instant detectedAt) {
    if (detectedAt == null) {
      return null;
    }
    return link(
        incidentId,
        service,
        namespace,
        String.valueOf(detectedAt.minus(settings.before()).toEpochMilli()),
        "now");
  }

  /**
   * From {@code before} ahead of {@code detectedAt} to {@code after} past {@code endedAt}; null
   * when no dashboard applies or the incident has no detection time. An incident not ended yet
   * links live.
   */
  public String fixed(
      String incidentId, String service, String namespace, Instant detectedAt, Instant endedAt) {
    if (detectedAt == null) {
      return null;
    }
    if (endedAt == null) {
      return live(incidentId, service, namespace, detectedAt);
    }
    return link(
        incidentId,
        service,
        namespace,
        String.valueOf(detectedAt.minus(settings.before()).toEpochMilli()),
        String.valueOf(endedAt.plus(settings.after()).toEpochMilli()));
  }

  private String link(String incidentId, String service, String namespace, String from, String to) {
    String template = settings.templateFor(service);
    if (template == null) {
      return null;
    }
    Map<String, String> values =
        Map.of(
            "service", nonNull(service),
            "namespace", nonNull(namespace),
            "incident", nonNull(incidentId),
            "from", from,
            "to", to);
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      m.appendReplacement(
          out,
          Matcher.quoteReplacement(
              value == null ? m.group() : URLEncoder.encode(value, StandardCharsets.UTF_8)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }
}
