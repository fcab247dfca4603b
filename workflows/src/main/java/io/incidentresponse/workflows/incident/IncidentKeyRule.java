package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.alerts.Alert;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

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

  /** Runs of anything but lower-case letters and digits: one dash each in a workflow id. */
  private static final Pattern NOT_READABLE = Pattern.compile("[^a-z0-9]+");

  /** Dashes at either end of the readable part. */
  private static final Pattern EDGE_DASHES = Pattern.compile("(^-+|-+$)");

  /**
   * The workflow id of the incident with {@code key}. Called for every alert delivered: the
   * patterns are compiled once ({@code String.replaceAll} compiles its pattern on each call).
   */
  public static String workflowId(String key) {
    String readable =
        EDGE_DASHES
            .matcher(NOT_READABLE.matcher(key.toLowerCase(Locale.ROOT)).replaceAll("-"))
            .replaceAll("");
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
