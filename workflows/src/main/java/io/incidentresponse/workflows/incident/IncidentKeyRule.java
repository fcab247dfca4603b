package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.alerts.Alert;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The one rule that maps alerts to incident keys and keys to workflow ids, shared by the starter's
 * alert door and the scheduled health check, so an incident the health check opens for a service is
 * the one a later alert with the same labels joins. Alerts with one key join one running incident;
 * the workflow id is readable ({@code incident-checkout-higherrorrate-3f2a9c}) and, by its hash
 * suffix, distinct for distinct keys. Pure, so workflow code may use it.
 *
 * @param keyLabels labels whose values make the key ({@code incident.grouping.key-labels})
 * @param alertmanagerGroupKey use Alertmanager's groupKey as the key instead, when there is one
 */
public record IncidentKeyRule(List<String> keyLabels, boolean alertmanagerGroupKey) {

  public IncidentKeyRule {
    keyLabels = keyLabels == null ? List.of() : List.copyOf(keyLabels);
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

  /** The longest readable part of a workflow id. */
  private static final int MAX_READABLE = 80;

  /**
   * The workflow id of the incident with {@code key}: {@code incident-}, the key in lower case with
   * every run of anything but {@code a-z0-9} made one dash and dashes at either end dropped (its
   * first 80 characters), a dash, and a short hash of the key. Called for every alert delivered:
   * one pass over the key, no pattern.
   */
  public static String workflowId(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    StringBuilder id = new StringBuilder(9 + Math.min(lower.length(), MAX_READABLE) + 8);
    id.append("incident-");
    int readableStart = id.length();
    boolean dash = false;
    for (int i = 0; i < lower.length() && id.length() - readableStart < MAX_READABLE; i++) {
      char c = lower.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (dash && id.length() > readableStart) {
          id.append('-');
        }
        if (id.length() - readableStart < MAX_READABLE) {
          id.append(c);
        }
        dash = false;
      } else {
        dash = true;
      }
    }
    if (id.length() > readableStart) {
      id.append('-');
    }
    return id.append(shortHash(key)).toString();
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
