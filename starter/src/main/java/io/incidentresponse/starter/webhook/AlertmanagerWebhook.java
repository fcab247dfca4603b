package io.incidentresponse.starter.webhook;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Alertmanager's webhook payload, version 4. */
public record AlertmanagerWebhook(
    String version,
    String groupKey,
    Integer truncatedAlerts,
    String status,
    String receiver,
    Map<String, String> groupLabels,
    Map<String, String> commonLabels,
    Map<String, String> commonAnnotations,
    String externalURL,
    List<Item> alerts) {

  /** One alert of the payload. */
  public record Item(
      String status,
      Map<String, String> labels,
      Map<String, String> annotations,
      Instant startsAt,
      Instant endsAt,
      String generatorURL,
      String fingerprint) {}

  /**
   * Checks the required fields and the timestamps and converts, naming the first field that is
   * wrong.
   */
  public List<Alert> toAlerts(InputLimits limits) {
    if (version == null) {
      throw BadInputException.missing("version");
    }
    if (!"4".equals(version)) {
      throw BadInputException.invalid(
          "version", "version must be \"4\", was " + BadInputException.shown(version));
    }
    status("status", status);
    return convert(alerts, AlertSource.ALERTMANAGER, limits);
  }

  static List<Alert> convert(List<Item> items, AlertSource source, InputLimits limits) {
    if (items == null || items.isEmpty()) {
      throw BadInputException.missing("alerts");
    }
    List<Alert> result = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      String at = "alerts[" + i + "]";
      if (item == null) {
        throw BadInputException.missing(at);
      }
      AlertStatus status = status(at + ".status", item.status());
      if (item.labels() == null || item.labels().isEmpty()) {
        throw BadInputException.missing(at + ".labels");
      }
      if (item.startsAt() == null) {
        throw BadInputException.missing(at + ".startsAt");
      }
      if (item.fingerprint() != null) {
        limits.labelValue(at + ".fingerprint", item.fingerprint());
      }
      result.add(
          new Alert(
              source,
              status,
              item.fingerprint(),
              item.labels(),
              item.annotations(),
              limits.recent(at + ".startsAt", item.startsAt()),
              end(at + ".endsAt", item.endsAt(), status, limits),
              item.generatorURL(),
              null));
    }
    return result;
  }

  static AlertStatus status(String field, String value) {
    if (value == null) {
      throw BadInputException.missing(field);
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "firing" -> AlertStatus.FIRING;
      case "resolved" -> AlertStatus.RESOLVED;
      default ->
          throw BadInputException.invalid(
              field,
              field + " must be \"firing\" or \"resolved\", was " + BadInputException.shown(value));
    };
  }

  /**
   * Alertmanager and Grafana send Go's zero time 0001-01-01T00:00:00Z as the end of a firing alert:
   * no end yet. Any other end must be a recent time.
   */
  private static Instant end(String field, Instant endsAt, AlertStatus status, InputLimits limits) {
    if (endsAt == null || (status == AlertStatus.FIRING && endsAt.equals(InputLimits.NO_END))) {
      return null;
    }
    return limits.recent(field, endsAt);
  }
}
