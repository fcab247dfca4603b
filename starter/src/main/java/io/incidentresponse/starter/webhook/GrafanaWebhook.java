package io.incidentresponse.starter.webhook;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Grafana alerting's webhook payload (Alertmanager's shape plus Grafana's fields). */
public record GrafanaWebhook(
    String receiver,
    String status,
    Integer orgId,
    List<Item> alerts,
    Map<String, String> groupLabels,
    Map<String, String> commonLabels,
    Map<String, String> commonAnnotations,
    String externalURL,
    String version,
    String groupKey,
    Integer truncatedAlerts,
    String title,
    String state,
    String message) {

  /** One Grafana alert, with its values and links. */
  public record Item(
      String status,
      Map<String, String> labels,
      Map<String, String> annotations,
      Instant startsAt,
      Instant endsAt,
      String generatorURL,
      String fingerprint,
      String silenceURL,
      String dashboardURL,
      String panelURL,
      Map<String, Double> values,
      String valueString) {}

  public List<Alert> toAlerts(InputLimits limits) {
    AlertmanagerWebhook.status("status", status);
    if (alerts == null || alerts.isEmpty()) {
      throw BadInputException.missing("alerts");
    }
    List<AlertmanagerWebhook.Item> items = new ArrayList<>(alerts.size());
    for (Item item : alerts) {
      if (item == null) {
        items.add(null);
        continue;
      }
      // Grafana's links and values are worth keeping for responders: they ride as annotations.
      Map<String, String> annotations =
          item.annotations() == null
              ? new LinkedHashMap<>()
              : new LinkedHashMap<>(item.annotations());
      putIfPresent(annotations, "dashboard_url", item.dashboardURL());
      putIfPresent(annotations, "panel_url", item.panelURL());
      putIfPresent(annotations, "silence_url", item.silenceURL());
      putIfPresent(annotations, "values", item.valueString());
      items.add(
          new AlertmanagerWebhook.Item(
              item.status(),
              item.labels(),
              annotations,
              item.startsAt(),
              item.endsAt(),
              item.generatorURL(),
              item.fingerprint()));
    }
    return AlertmanagerWebhook.convert(items, AlertSource.GRAFANA, limits);
  }

  private static void putIfPresent(Map<String, String> map, String key, String value) {
    if (value != null && !value.isBlank()) {
      map.put(key, value);
    }
  }
}
