package io.incidentresponse.starter.sources;

import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.InputLimits;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Sentry's integration-platform webhooks that are alerts, by their {@code Sentry-Hook-Resource}:
 *
 * <ul>
 *   <li>{@code event_alert} (an issue alert rule fired): the rule's name is the alert name, the
 *       issue the fingerprint, the event's {@code level} the severity. Sentry sends no resolution
 *       for these; the incident is resolved by hand or by its other alerts.
 *   <li>{@code metric_alert} with action {@code critical}, {@code warning} or {@code resolved}: the
 *       alert rule's name is the alert name, Sentry's metric incident the fingerprint, so {@code
 *       resolved} closes the alert {@code critical} opened.
 * </ul>
 *
 * The service is the event's {@code service} tag, else the project mapped in {@code
 * incident.sources.sentry.projects} (by slug or id), else the project's slug.
 */
final class SentryWebhook {
  /** The project slug in an event's API URL: {@code .../api/0/projects/{org}/{project}/events/}. */
  private static final Pattern PROJECT_IN_URL = Pattern.compile("/projects/[^/]+/([^/]+)/");

  private SentryWebhook() {}

  /** Whether a resource carries alerts; others are acknowledged and not used. */
  static boolean alerting(String resource) {
    return "event_alert".equals(resource) || "metric_alert".equals(resource);
  }

  static Alert toAlert(
      String resource,
      JsonNode body,
      Map<String, String> projects,
      Instant now,
      InputLimits limits) {
    return "event_alert".equals(resource)
        ? issueAlert(body, projects, now, limits)
        : metricAlert(body, projects, now, limits);
  }

  private static Alert issueAlert(
      JsonNode body, Map<String, String> projects, Instant now, InputLimits limits) {
    String rule = Nodes.required(body, "data.triggered_rule");
    String issue = Nodes.requiredId(body, "data.event.issue_id", limits);
    JsonNode event = Nodes.at(body, "data.event");
    Map<String, String> tags = tags(event.path("tags"));
    String service =
        Optional.ofNullable(tags.get("service"))
            .or(() -> project(projects, Nodes.text(body, "data.event.project")))
            .or(() -> slugFromUrl(Nodes.text(body, "data.event.url")).map(s -> mapped(projects, s)))
            .orElseThrow(
                () ->
                    BadInputException.invalid(
                        "data.event.tags",
                        "data.event.tags has no service tag and the event's project is not in"
                            + " incident.sources.sentry.projects"));
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", rule);
    labels.put("service", service);
    String level = Nodes.text(body, "data.event.level");
    labels.put("severity", level == null ? "error" : level.toLowerCase(Locale.ROOT));
    if (tags.containsKey("environment")) {
      labels.put("env", tags.get("environment"));
    }
    Map<String, String> annotations =
        annotations(body, rule, "data.event.title", "data.event.culprit");
    annotations.put("sentry_issue_id", issue);
    Instant started = Timestamps.at(body, "data.event.datetime", now, limits);
    return new Alert(
        AlertSource.SENTRY,
        AlertStatus.FIRING,
        "sentry:issue:" + issue,
        labels,
        annotations,
        started,
        null,
        Nodes.text(body, "data.event.web_url"),
        null);
  }

  private static Alert metricAlert(
      JsonNode body, Map<String, String> projects, Instant now, InputLimits limits) {
    String action = Nodes.required(body, "action").toLowerCase(Locale.ROOT);
    AlertStatus status =
        switch (action) {
          case "critical", "warning" -> AlertStatus.FIRING;
          case "resolved" -> AlertStatus.RESOLVED;
          default ->
              throw BadInputException.invalid(
                  "action",
                  "action must be critical, warning or resolved, was "
                      + BadInputException.shown(action));
        };
    String id = Nodes.requiredId(body, "data.metric_alert.id", limits);
    String rule = Nodes.required(body, "data.metric_alert.alert_rule.name");
    JsonNode slugs = Nodes.at(body, "data.metric_alert.alert_rule.projects");
    String slug = slugs.isArray() && !slugs.isEmpty() ? slugs.get(0).asString() : null;
    if (slug == null || slug.isBlank()) {
      throw BadInputException.missing("data.metric_alert.alert_rule.projects");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", rule);
    labels.put("service", mapped(projects, slug.trim()));
    labels.put("severity", "resolved".equals(action) ? "critical" : action);
    Map<String, String> annotations =
        annotations(body, rule, "data.description_title", "data.description_text");
    annotations.put("sentry_metric_alert_id", id);
    Instant started = Timestamps.at(body, "data.metric_alert.date_started", now, limits);
    Instant closed =
        status == AlertStatus.RESOLVED
            ? Timestamps.at(body, "data.metric_alert.date_closed", now, limits)
            : null;
    return new Alert(
        AlertSource.SENTRY,
        status,
        "sentry:metric:" + id,
        labels,
        annotations,
        started,
        closed,
        Nodes.text(body, "data.web_url"),
        null);
  }

  /** Summary (the rule's name when the payload has no title) and description. */
  private static Map<String, String> annotations(
      JsonNode body, String rule, String titlePath, String descriptionPath) {
    Map<String, String> annotations = new LinkedHashMap<>();
    String title = Nodes.text(body, titlePath);
    annotations.put("summary", title == null ? rule : title);
    String description = Nodes.text(body, descriptionPath);
    if (description != null) {
      annotations.put("description", description);
    }
    return annotations;
  }

  /** Sentry's event tags: {@code [["environment","prod"],["service","checkout"]]}. */
  private static Map<String, String> tags(JsonNode tags) {
    Map<String, String> out = new LinkedHashMap<>();
    if (tags.isArray()) {
      for (JsonNode pair : tags) {
        if (pair.isArray() && pair.size() == 2 && pair.get(0).isString()) {
          String value = pair.get(1).isValueNode() ? pair.get(1).asString() : "";
          if (!value.isBlank()) {
            out.putIfAbsent(pair.get(0).asString(), value.trim());
          }
        }
      }
    }
    return out;
  }

  private static Optional<String> project(Map<String, String> projects, String idOrSlug) {
    return Optional.ofNullable(idOrSlug).map(projects::get);
  }

  private static Optional<String> slugFromUrl(String url) {
    if (url == null) {
      return Optional.empty();
    }
    Matcher matcher = PROJECT_IN_URL.matcher(url);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  private static String mapped(Map<String, String> projects, String slug) {
    return projects.getOrDefault(slug, slug);
  }
}
