package io.incidentresponse.starter.sources;

import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.InputLimits;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A Kibana alerting rule's action through the webhook connector, with the body template in {@code
 * examples/kibana-webhook-connector-body.json}: Kibana renders its mustache variables ({@code
 * {{rule.name}}}, {@code {{alert.actionGroup}}}, {@code {{context.reason}}}...) into it,
 * JSON-escaped, and a variable the rule type lacks renders empty. The rule's name is the alert
 * name; the rule and its alert id (one per group, the same from active to recovered) are the
 * fingerprint, so the {@code recovered} action group resolves what the rule's other action groups
 * opened. Machine learning anomaly detection rules add an anomaly score and the Anomaly Explorer
 * link.
 */
final class ElasticWebhook {
  /** Kibana's action group of a recovered alert. */
  private static final String RECOVERED = "recovered";

  /** Tags of {@code {{rule.tags}}} kept as labels besides {@code service}. */
  private static final Set<String> KEPT_TAGS =
      Set.of("service", "env", "team", "namespace", "version");

  /** Elastic's anomaly severity bands: critical from 75, major from 50, minor below. */
  private static final BigDecimal CRITICAL_SCORE = BigDecimal.valueOf(75);

  private static final BigDecimal MAJOR_SCORE = BigDecimal.valueOf(50);

  private ElasticWebhook() {}

  static Alert toAlert(JsonNode body, Instant now, InputLimits limits) {
    String ruleId = Nodes.requiredId(body, "rule.id", limits);
    String rule = Nodes.required(body, "rule.name");
    String alertId = Nodes.requiredId(body, "alert.id", limits);
    String group = Nodes.required(body, "alert.actionGroup");
    AlertStatus status =
        RECOVERED.equalsIgnoreCase(group) ? AlertStatus.RESOLVED : AlertStatus.FIRING;
    Map<String, String> tags = Tags.parse(Nodes.text(body, "rule.tags"), KEPT_TAGS);
    String service = Nodes.text(body, "service");
    if (service == null) {
      service = tags.get("service");
    }
    if (service == null) {
      throw BadInputException.invalid(
          "service",
          "service is empty and rule.tags has no service:<name> tag (tag the rule, or fill"
              + " \"service\" in the action's body)");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", rule);
    labels.put("service", service);
    tags.forEach(labels::putIfAbsent);
    String score = Nodes.text(body, "context.score");
    labels.put("severity", severity(score, group));
    if (score != null) {
      labels.put("ml_anomaly_score", score);
    }
    labels.put("elastic_action_group", group);
    Map<String, String> annotations = new LinkedHashMap<>();
    String reason = Nodes.text(body, "context.reason");
    annotations.put("summary", reason == null ? rule : reason);
    String message = Nodes.text(body, "context.message");
    if (message != null) {
      annotations.put("description", message);
    }
    annotations.put("elastic_rule_id", ruleId);
    annotations.put("elastic_alert_id", alertId);
    String jobs = Nodes.text(body, "context.jobIds");
    if (jobs != null) {
      annotations.put("ml_job_ids", jobs);
    }
    Instant at = Timestamps.at(body, "date", now, limits);
    return new Alert(
        AlertSource.ELASTIC,
        status,
        "elastic:" + ruleId + ":" + alertId,
        labels,
        annotations,
        at,
        status == AlertStatus.RESOLVED ? at : null, // a recovery's date is when it recovered
        link(body),
        null);
  }

  /**
   * An anomaly's score in Elastic's bands; else an action group naming a warning is {@code
   * warning}; any other firing group {@code critical}.
   */
  private static String severity(String score, String group) {
    if (score != null) {
      BigDecimal value;
      try {
        value = new BigDecimal(score);
      } catch (NumberFormatException notANumber) {
        throw BadInputException.invalid(
            "context.score",
            "context.score must be a number, was " + BadInputException.shown(score));
      }
      if (value.compareTo(CRITICAL_SCORE) >= 0) {
        return "critical";
      }
      return value.compareTo(MAJOR_SCORE) >= 0 ? "major" : "minor";
    }
    return group.toLowerCase(Locale.ROOT).contains("warning") ? "warning" : "critical";
  }

  /** The Anomaly Explorer, else the rule type's link to what matched, else the rule. */
  private static String link(JsonNode body) {
    for (String path : new String[] {"context.anomalyExplorerUrl", "context.link", "rule.url"}) {
      String url = Nodes.text(body, path);
      if (url != null) {
        return url;
      }
    }
    return null;
  }
}
