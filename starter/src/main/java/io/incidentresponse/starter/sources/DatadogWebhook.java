package io.incidentresponse.starter.sources;

import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.InputLimits;
import io.incidentresponse.starter.webhook.WebhookController;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A Datadog monitor notification, sent by the Webhooks integration with the payload template in
 * {@code examples/datadog-webhook-payload.json} (Datadog fills in its {@code $VARIABLES}; every
 * value arrives as a string). The monitor's name (its title without Datadog's {@code [Triggered on
 * ...]} prefix) is the alert name, the {@code service:} tag of its scope or tags the service, so a
 * recovery finds the incident its trigger opened; the alert cycle key (the same from trigger to
 * recovery) is the fingerprint.
 */
final class DatadogWebhook {
  /** Datadog's prefixes: {@code [Triggered on {host:a}] }, {@code [P1] }, {@code [Recovered] }. */
  private static final Pattern PREFIX = Pattern.compile("^(\\s*\\[[^\\]]*\\])+\\s*");

  /** Tags of {@code $TAGS} kept as labels besides the scope's (the scope's are all kept). */
  private static final Set<String> KEPT_TAGS =
      Set.of("service", "env", "team", "namespace", "kube_namespace", "version");

  private DatadogWebhook() {}

  static Alert toAlert(JsonNode body, Instant now, InputLimits limits) {
    String monitorId = Nodes.requiredId(body, "alert_id", limits);
    String transition = Nodes.required(body, "transition");
    String title = Nodes.text(body, "title");
    String titleField = "title";
    if (title == null) {
      title = Nodes.required(body, "event_title");
      titleField = "event_title";
    }
    String name = PREFIX.matcher(title).replaceFirst("").trim();
    if (name.isEmpty()) {
      throw BadInputException.invalid(titleField, titleField + " has no monitor name");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", name);
    String scope = Nodes.text(body, "scope");
    Map<String, String> scopeTags = Tags.parse(scope, null);
    Map<String, String> otherTags = Tags.parse(Nodes.text(body, "tags"), KEPT_TAGS);
    String service = scopeTags.getOrDefault("service", otherTags.get("service"));
    if (service == null) {
      throw BadInputException.invalid(
          "tags",
          "neither scope nor tags has a service:<name> tag (tag the monitor or group it by"
              + " service)");
    }
    labels.put("service", service);
    scopeTags.forEach(labels::putIfAbsent);
    otherTags.forEach(labels::putIfAbsent);
    if (labels.containsKey("kube_namespace")) {
      labels.putIfAbsent("namespace", labels.get("kube_namespace"));
    }
    String alertType = Nodes.text(body, "alert_type");
    labels.put("severity", severity(alertType));
    String priority = Nodes.text(body, "priority");
    if (priority != null) {
      labels.put("datadog_priority", priority);
    }
    AlertStatus status =
        transition.toLowerCase(Locale.ROOT).startsWith("recovered")
                || "success".equalsIgnoreCase(alertType)
            ? AlertStatus.RESOLVED
            : AlertStatus.FIRING;
    Instant started = Timestamps.at(body, "date", now, limits);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("summary", name);
    String message = Nodes.text(body, "message");
    if (message != null) {
      annotations.put("description", message);
    }
    annotations.put("datadog_transition", transition);
    annotations.put("datadog_monitor_id", monitorId);
    return new Alert(
        AlertSource.DATADOG,
        status,
        fingerprint(body, monitorId, scope, limits),
        labels,
        annotations,
        started,
        status == AlertStatus.RESOLVED ? started : null, // a recovery's date is when it recovered
        Nodes.text(body, "link"),
        null);
  }

  /**
   * The cycle key when the template carries it (one id from trigger to recovery), else the monitor
   * id and a digest of the scope (one alert per monitor group).
   */
  private static String fingerprint(
      JsonNode body, String monitorId, String scope, InputLimits limits) {
    String cycle = Nodes.text(body, "alert_cycle_key");
    if (cycle != null) {
      limits.labelValue("alert_cycle_key", cycle);
      return "datadog:" + cycle;
    }
    return scope == null
        ? "datadog:" + monitorId
        : "datadog:"
            + monitorId
            + ":"
            + WebhookController.sha256(scope.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }

  /** {@code error} pages, {@code warning} warns, anything else (info, success) does not. */
  private static String severity(String alertType) {
    if (alertType == null) {
      return "critical";
    }
    return switch (alertType.toLowerCase(Locale.ROOT)) {
      case "error" -> "critical";
      case "warning" -> "warning";
      default -> "info";
    };
  }
}
