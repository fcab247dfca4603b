package io.incidentresponse.starter.incident;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.workflows.alerts.Alert;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Maps alerts to incident keys and keys to workflow ids. Alerts with one key join one running
 * incident; the workflow id is readable ({@code incident-checkout-higherrorrate-3f2a9c}) and, by
 * its hash suffix, distinct for distinct keys.
 */
@Component
public class IncidentKeys {
  private final List<String> keyLabels;
  private final boolean alertmanagerGroupKey;

  public IncidentKeys(IncidentProperties properties) {
    this.keyLabels = properties.grouping().keyLabels();
    this.alertmanagerGroupKey = properties.grouping().alertmanagerGroupKey();
  }

  /** The incident key of an alert; {@code groupKey} is Alertmanager's, or null. */
  public String keyOf(Alert alert, String groupKey) {
    if (alertmanagerGroupKey && groupKey != null && !groupKey.isBlank()) {
      return groupKey;
    }
    StringBuilder key = new StringBuilder();
    for (String label : keyLabels) {
      String value = alert.label(label);
      key.append(key.isEmpty() ? "" : "/").append(value == null ? "" : value.trim());
    }
    return key.toString();
  }

  /**
   * True when an incident key can be made from the alert: Alertmanager's groupKey when grouping by
   * it, else a value for at least one key label. Without one, unrelated alerts would share one
   * catch-all incident.
   */
  public boolean hasKey(Alert alert, String groupKey) {
    if (alertmanagerGroupKey && groupKey != null && !groupKey.isBlank()) {
      return true;
    }
    for (String label : keyLabels) {
      String value = alert.label(label);
      if (value != null && !value.isBlank()) {
        return true;
      }
    }
    return false;
  }

  /** The labels whose values make the incident key ({@code incident.grouping.key-labels}). */
  public List<String> keyLabels() {
    return keyLabels;
  }

  public static String workflowId(String key) {
    String readable =
        key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    if (readable.length() > 80) {
      readable = readable.substring(0, 80);
    }
    return "incident-" + (readable.isEmpty() ? "" : readable + "-") + shortHash(key);
  }

  private static String shortHash(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 3);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
