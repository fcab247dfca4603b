package io.incidentresponse.starter.sources;

import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.InputLimits;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A New Relic alert issue, sent by a workflow's webhook destination with the payload template in
 * {@code examples/newrelic-webhook-payload.json} (New Relic's default template plus the entity
 * guids and the {@code service}, {@code env} and {@code team} tags). The first alert condition is
 * the alert name, the {@code service} tag (else the first impacted entity) the service, and the
 * issue id the fingerprint, so {@code CLOSED} resolves the alert {@code ACTIVATED} opened.
 */
final class NewRelicWebhook {
  /** Issue states that mean the issue is open: each is delivered as firing (none is lost). */
  private static final Set<String> OPEN = Set.of("ACTIVATED", "CREATED", "ACKNOWLEDGED");

  private static final String CLOSED = "CLOSED";
  private static final Set<String> PRIORITIES = Set.of("CRITICAL", "HIGH", "MEDIUM", "LOW");

  private NewRelicWebhook() {}

  static Alert toAlert(JsonNode body, Instant now, InputLimits limits) {
    String issue = Nodes.requiredId(body, "id", limits);
    String state = Nodes.required(body, "state").toUpperCase(Locale.ROOT);
    if (!OPEN.contains(state) && !CLOSED.equals(state)) {
      throw BadInputException.invalid(
          "state",
          "state must be ACTIVATED, CREATED, ACKNOWLEDGED or CLOSED, was "
              + BadInputException.shown(state));
    }
    AlertStatus status = CLOSED.equals(state) ? AlertStatus.RESOLVED : AlertStatus.FIRING;
    String title = Nodes.text(body, "title");
    List<String> conditions = Nodes.texts(body, "alertConditionNames");
    String name = conditions.isEmpty() ? title : conditions.get(0);
    if (name == null) {
      throw BadInputException.missing("alertConditionNames");
    }
    List<String> entities = Nodes.texts(body, "impactedEntities");
    String service = first(body, "tags.service");
    if (service == null && !entities.isEmpty()) {
      service = entities.get(0);
    }
    if (service == null) {
      throw BadInputException.invalid(
          "tags.service",
          "tags.service is empty and the issue names no impacted entity (tag the entity"
              + " service:<name>, see examples/newrelic-webhook-payload.json)");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", name);
    labels.put("service", service);
    String priority = priority(Nodes.text(body, "priority"));
    labels.put("severity", priority.toLowerCase(Locale.ROOT));
    labels.put("newrelic_priority", priority);
    for (String tag : List.of("env", "team")) {
      String value = first(body, "tags." + tag);
      if (value != null) {
        labels.put(tag, value);
      }
    }
    String guid = Nodes.texts(body, "impactedEntityGuids").stream().findFirst().orElse(null);
    if (guid != null) {
      labels.put("newrelic_entity_guid", guid);
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("summary", title == null ? name : title);
    joined(annotations, "newrelic_policies", Nodes.texts(body, "alertPolicyNames"));
    joined(annotations, "newrelic_entities", entities);
    annotations.put("newrelic_issue_id", issue);
    annotations.put("newrelic_state", state);
    Instant started = Timestamps.at(body, "createdAt", now, limits);
    Instant ended =
        status == AlertStatus.RESOLVED ? Timestamps.at(body, "updatedAt", now, limits) : null;
    return new Alert(
        AlertSource.NEW_RELIC,
        status,
        "newrelic:" + issue,
        labels,
        annotations,
        started,
        ended,
        Nodes.text(body, "issueUrl"),
        null);
  }

  /** New Relic's priority; CRITICAL when the template sends none, 422 for an unknown word. */
  private static String priority(String given) {
    if (given == null) {
      return "CRITICAL";
    }
    String priority = given.toUpperCase(Locale.ROOT);
    if (!PRIORITIES.contains(priority)) {
      throw BadInputException.invalid(
          "priority",
          "priority must be CRITICAL, HIGH, MEDIUM or LOW, was " + BadInputException.shown(given));
    }
    return priority;
  }

  /** The first value of a tag, which New Relic accumulates into a list over the issue. */
  private static String first(JsonNode body, String path) {
    List<String> values = Nodes.texts(body, path);
    return values.isEmpty() ? null : values.get(0);
  }

  private static void joined(Map<String, String> annotations, String key, List<String> values) {
    if (!values.isEmpty()) {
      annotations.put(key, String.join(", ", values));
    }
  }
}
