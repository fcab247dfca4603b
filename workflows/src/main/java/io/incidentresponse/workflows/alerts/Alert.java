package io.incidentresponse.workflows.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One alert as the starter normalised it from Alertmanager, Grafana, PagerDuty or a person.
 *
 * @param source where it came from
 * @param status firing or resolved
 * @param fingerprint stable identity of the alert (Alertmanager's fingerprint, PagerDuty's incident
 *     id); repeated deliveries with the same fingerprint update one alert
 * @param labels alert labels ({@code alertname}, {@code service}, {@code severity}, {@code
 *     priority}, {@code namespace}...)
 * @param annotations alert annotations ({@code summary}, {@code description}, {@code runbook_url})
 * @param startsAt when the condition started (the start of MTTD)
 * @param endsAt when it ended, or null while firing
 * @param generatorUrl link back to the source
 * @param externalId the source's own incident id (PagerDuty), or null
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY) // thousands of alerts may ride in one payload
public record Alert(
    AlertSource source,
    AlertStatus status,
    String fingerprint,
    Map<String, String> labels,
    Map<String, String> annotations,
    Instant startsAt,
    Instant endsAt,
    String generatorUrl,
    String externalId) {

  public Alert {
    source = source == null ? AlertSource.MANUAL : source;
    status = status == null ? AlertStatus.FIRING : status;
    labels = labels == null ? new LinkedHashMap<>() : new LinkedHashMap<>(labels);
    annotations = annotations == null ? new LinkedHashMap<>() : new LinkedHashMap<>(annotations);
  }

  public String label(String name) {
    return labels.get(name);
  }

  public String alertName() {
    String name = labels.get("alertname");
    return name == null ? annotations.getOrDefault("summary", "alert") : name;
  }

  public boolean firing() {
    return status == AlertStatus.FIRING;
  }

  /** The key under which repeated deliveries of this alert are merged. */
  public String key() {
    if (fingerprint != null && !fingerprint.isBlank()) {
      return fingerprint;
    }
    return source + ":" + new java.util.TreeMap<>(labels);
  }

  /** About how many bytes this alert takes as JSON (in an incident's state, in a signal). */
  public long approximateBytes() {
    long bytes = 120 + length(fingerprint) + length(generatorUrl) + length(externalId);
    for (Map<String, String> values : List.of(labels, annotations)) {
      for (Map.Entry<String, String> entry : values.entrySet()) {
        bytes += 6 + length(entry.getKey()) + length(entry.getValue());
      }
    }
    return bytes;
  }

  private static long length(String text) {
    return text == null ? 0 : text.length();
  }
}
