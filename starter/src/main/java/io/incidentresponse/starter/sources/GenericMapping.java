package io.incidentresponse.starter.sources;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import io.incidentresponse.starter.config.IncidentProperties.WebhookAuth;
import io.incidentresponse.starter.sources.SourcesProperties.GenericSource;
import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.InputLimits;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A generic source's mapping, compiled: reads alerts out of a parsed JSON body (maps, lists and
 * scalars) by JSONPath. Built once at start-up; {@link #of} refuses a path that does not compile, a
 * field path that could select more than one value, and a missing name or service, naming {@code
 * incident.sources.generic.<source>.<field>}.
 */
final class GenericMapping {
  private static final Configuration READ =
      Configuration.defaultConfiguration()
          .addOptions(Option.DEFAULT_PATH_LEAF_TO_NULL, Option.SUPPRESS_EXCEPTIONS);
  private static final Pattern PRIORITY = Pattern.compile("P[0-3]");

  /** One mapped field: the setting that names it and its compiled path. */
  private record Field(String setting, String text, JsonPath path) {}

  private final String source;
  private final WebhookAuth auth;
  private final Field alerts;
  private final Field name;
  private final Field service;
  private final Field severity;
  private final Field status;
  private final Field summary;
  private final Field fingerprint;
  private final Field startedAt;
  private final Field link;
  private final Map<String, Field> labels;
  private final Map<String, String> severityValues;
  private final Map<String, AlertStatus> statusValues;

  private GenericMapping(String source, GenericSource s) {
    this.source = source;
    this.auth = s.auth();
    this.alerts = path(source, "alerts", s.alerts(), false, false);
    this.name = path(source, "name", s.name(), true, true);
    this.service = path(source, "service", s.service(), true, true);
    this.severity = path(source, "severity", s.severity(), false, true);
    this.status = path(source, "status", s.status(), false, true);
    this.summary = path(source, "summary", s.summary(), false, true);
    this.fingerprint = path(source, "fingerprint", s.fingerprint(), false, true);
    this.startedAt = path(source, "started-at", s.startedAt(), false, true);
    this.link = path(source, "link", s.link(), false, true);
    Map<String, Field> extra = new LinkedHashMap<>();
    s.labels()
        .forEach(
            (label, text) -> extra.put(label, path(source, "labels." + label, text, true, true)));
    this.labels = extra;
    this.severityValues = lowerKeys(s.severityValues());
    Map<String, AlertStatus> statuses = new LinkedHashMap<>();
    s.statusValues()
        .forEach((given, ours) -> statuses.put(lower(given), statusSetting(source, given, ours)));
    this.statusValues = statuses;
  }

  /** Compiles {@code s}; throws an {@link IllegalArgumentException} naming source and field. */
  static GenericMapping of(String source, GenericSource s) {
    if (s == null) {
      throw new IllegalArgumentException(setting(source, "name") + " is required");
    }
    return new GenericMapping(source, s);
  }

  String source() {
    return source;
  }

  WebhookAuth auth() {
    return auth;
  }

  /**
   * The alerts of one body; a required field that is absent is 422 naming its path (e.g. {@code
   * $.alerts[2].monitor.name}), a value that is not what it must be likewise.
   */
  List<Alert> toAlerts(Object body, Instant now, InputLimits limits) {
    if (alerts == null) {
      return List.of(alert(body, "", now, limits));
    }
    Object selected = alerts.path().read(body, READ);
    if (!(selected instanceof List<?> items)) {
      throw BadInputException.missing(alerts.text());
    }
    if (items.isEmpty()) {
      throw BadInputException.invalid(alerts.text(), alerts.text() + " selects no alerts");
    }
    String base =
        alerts.text().endsWith("[*]")
            ? alerts.text().substring(0, alerts.text().length() - 3)
            : "alerts";
    List<Alert> result = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      result.add(alert(items.get(i), base + "[" + i + "]", now, limits));
    }
    return result;
  }

  private Alert alert(Object item, String at, Instant now, InputLimits limits) {
    Map<String, String> labelValues = new LinkedHashMap<>();
    labelValues.put("alertname", required(item, at, name));
    labelValues.put("service", required(item, at, service));
    String level = optional(item, at, severity);
    if (level != null) {
      String ours = severityValues.getOrDefault(lower(level), level);
      labelValues.put(PRIORITY.matcher(ours).matches() ? "priority" : "severity", ours);
    }
    for (Map.Entry<String, Field> label : labels.entrySet()) {
      String value = optional(item, at, label.getValue());
      if (value != null) {
        labelValues.putIfAbsent(label.getKey(), value);
      }
    }
    AlertStatus alertStatus = status(item, at);
    String id = optional(item, at, fingerprint);
    if (id != null) {
      limits.labelValue(named(at, fingerprint), id);
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    String text = optional(item, at, summary);
    if (text != null) {
      annotations.put("summary", text);
    }
    annotations.put("source", source);
    Instant started = started(item, at, now, limits);
    return new Alert(
        AlertSource.GENERIC,
        alertStatus,
        id == null ? null : source + ":" + id,
        labelValues,
        annotations,
        started,
        alertStatus == AlertStatus.RESOLVED ? now : null,
        optional(item, at, link),
        null);
  }

  private AlertStatus status(Object item, String at) {
    String given = optional(item, at, status);
    if (given == null) {
      if (status != null) {
        throw BadInputException.missing(named(at, status));
      }
      return AlertStatus.FIRING;
    }
    AlertStatus mapped = statusValues.get(lower(given));
    if (mapped != null) {
      return mapped;
    }
    return switch (lower(given)) {
      case "firing" -> AlertStatus.FIRING;
      case "resolved" -> AlertStatus.RESOLVED;
      default -> {
        TreeSet<String> known = new TreeSet<>(statusValues.keySet());
        known.add("firing");
        known.add("resolved");
        String field = named(at, status);
        throw BadInputException.invalid(
            field,
            field
                + " is "
                + BadInputException.shown(given)
                + "; this source knows "
                + known
                + " ("
                + setting(source, "status-values")
                + ")");
      }
    };
  }

  private Instant started(Object item, String at, Instant now, InputLimits limits) {
    if (startedAt == null) {
      return now;
    }
    Object value = startedAt.path().read(item, READ);
    if (value == null) {
      return now;
    }
    String field = named(at, startedAt);
    return limits.recent(field, Timestamps.parse(field, value));
  }

  private String required(Object item, String at, Field field) {
    String value = optional(item, at, field);
    if (value == null || value.isBlank()) {
      throw BadInputException.missing(named(at, field));
    }
    return value;
  }

  /** The scalar at {@code field} as text; null when unset or absent; 422 when not a scalar. */
  private String optional(Object item, String at, Field field) {
    if (field == null) {
      return null;
    }
    Object value = field.path().read(item, READ);
    if (value == null) {
      return null;
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    String named = named(at, field);
    throw BadInputException.invalid(named, named + " must be a string or a number");
  }

  /** The path of a field as a refusal names it: within the alert it was read from. */
  private static String named(String at, Field field) {
    return at.isEmpty() ? field.text() : at + field.text().substring(1);
  }

  private static Field path(
      String source, String setting, String text, boolean required, boolean single) {
    if (text == null || text.isBlank()) {
      if (required) {
        throw new IllegalArgumentException(setting(source, setting) + " is required (a JSONPath)");
      }
      return null;
    }
    String trimmed = text.trim();
    JsonPath compiled;
    try {
      compiled = JsonPath.compile(trimmed);
    } catch (InvalidPathException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          setting(source, setting) + " is not a JSONPath: " + trimmed + " (" + e.getMessage() + ")",
          e);
    }
    if (!trimmed.startsWith("$")) {
      throw new IllegalArgumentException(
          setting(source, setting) + " must start at the root ($): " + trimmed);
    }
    if (single && !compiled.isDefinite()) {
      throw new IllegalArgumentException(
          setting(source, setting)
              + " must select one value (no wildcard, filter or deep scan): "
              + trimmed);
    }
    return new Field(setting, trimmed, compiled);
  }

  private static AlertStatus statusSetting(String source, String given, String ours) {
    return switch (lower(ours == null ? "" : ours)) {
      case "firing" -> AlertStatus.FIRING;
      case "resolved" -> AlertStatus.RESOLVED;
      default ->
          throw new IllegalArgumentException(
              setting(source, "status-values." + given)
                  + " must be firing or resolved, was "
                  + ours);
    };
  }

  private static Map<String, String> lowerKeys(Map<String, String> values) {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((key, value) -> out.put(lower(key), value));
    return out;
  }

  private static String lower(String text) {
    return text.trim().toLowerCase(Locale.ROOT);
  }

  private static String setting(String source, String field) {
    return SourcesProperties.PREFIX + "generic." + source + "." + field;
  }
}
