package io.incidentresponse.starter.webhook;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.IncidentKeys;
import io.incidentresponse.workflows.alerts.Alert;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Bounds what a request may carry into an incident ({@code incident.limits.*}). What an incident
 * cannot represent is refused with a 422 naming the field, before anything is accepted: a label too
 * long for a search attribute, too many labels or alerts, a timestamp outside a year of now, an
 * alert no incident key can be made from. Long annotations are legitimate and are shortened with an
 * ellipsis; a link too long to keep is dropped. Messages never repeat a long value.
 */
@Component
public class InputLimits {
  /** Alertmanager's and Grafana's "no end yet" for a firing alert: Go's zero time. */
  public static final Instant NO_END = Instant.parse("0001-01-01T00:00:00Z");

  private static final String ELLIPSIS = "…";
  private static final Set<String> NAME_FIELDS =
      Set.of("by", "approver", "person", "actionId", "commander", "owner");
  private static final Set<String> TEXT_FIELDS =
      Set.of("note", "reason", "comment", "text", "action");
  private static final Set<String> COUNT_FIELDS = Set.of("usersAffected");

  private final IncidentProperties.Limits limits;
  private final IncidentKeys keys;
  private final Clock clock;

  public InputLimits(IncidentProperties properties, IncidentKeys keys, Clock clock) {
    this.limits = properties.limits();
    this.keys = keys;
    this.clock = clock;
  }

  // ---------------------------------------------------------------- alerts

  /**
   * Checks every alert of a delivery and returns them with long annotations shortened and overlong
   * links dropped. Alert {@code i} is named {@code alerts[i]} in a refusal.
   *
   * @param groupKey Alertmanager's groupKey, or null: with it (and grouping by it) no key label is
   *     needed
   */
  public List<Alert> alerts(List<Alert> alerts, String groupKey) {
    if (alerts.size() > limits.alertsPerDelivery()) {
      throw BadInputException.invalid(
          "alerts",
          "alerts has "
              + alerts.size()
              + " alerts; at most "
              + limits.alertsPerDelivery()
              + " fit in one delivery (set Alertmanager's max_alerts)");
    }
    List<Alert> bounded = new ArrayList<>(alerts.size());
    for (int i = 0; i < alerts.size(); i++) {
      bounded.add(alert("alerts[" + i + "]", alerts.get(i), groupKey));
    }
    return bounded;
  }

  private Alert alert(String at, Alert alert, String groupKey) {
    labels(at + ".labels", alert.labels());
    String alertname = alert.labels().get("alertname");
    if (alertname == null || alertname.isBlank()) {
      throw BadInputException.missing(at + ".labels.alertname");
    }
    if (!keys.hasKey(alert, groupKey)) {
      throw BadInputException.invalid(
          at + ".labels",
          at
              + ".labels has none of the incident key labels "
              + keys.keyLabels()
              + " (incident.grouping.key-labels)");
    }
    return new Alert(
        alert.source(),
        alert.status(),
        alert.fingerprint(),
        alert.labels(),
        annotations(at + ".annotations", alert.annotations()),
        alert.startsAt(),
        alert.endsAt(),
        link(alert.generatorUrl()),
        alert.externalId());
  }

  private void labels(String at, Map<String, String> labels) {
    entries(at, labels);
    for (Map.Entry<String, String> label : labels.entrySet()) {
      labelValue(at + "." + label.getKey(), label.getValue());
    }
  }

  private Map<String, String> annotations(String at, Map<String, String> annotations) {
    entries(at, annotations);
    Map<String, String> bounded = new LinkedHashMap<>();
    for (Map.Entry<String, String> annotation : annotations.entrySet()) {
      if (annotation.getValue() == null) {
        throw BadInputException.invalid(
            at + "." + annotation.getKey(), at + "." + annotation.getKey() + " must be a string");
      }
      bounded.put(annotation.getKey(), annotation(annotation.getValue()));
    }
    return bounded;
  }

  /** Count and names of labels or annotations; {@code at} names the map in a refusal. */
  private void entries(String at, Map<String, String> entries) {
    if (entries.size() > limits.labelsPerAlert()) {
      throw BadInputException.invalid(
          at, at + " has " + entries.size() + " entries; at most " + limits.labelsPerAlert());
    }
    for (String name : entries.keySet()) {
      if (name.isBlank()) {
        throw BadInputException.invalid(at, at + " has a blank name");
      }
      if (name.length() > limits.labelNameLength()) {
        throw BadInputException.invalid(
            at,
            at
                + " has the name "
                + BadInputException.shown(name)
                + " of "
                + name.length()
                + " characters; at most "
                + limits.labelNameLength());
      }
    }
  }

  /** A label value, fingerprint, incident key part or Kubernetes name: refused when too long. */
  public void labelValue(String field, String value) {
    if (value == null) {
      throw BadInputException.invalid(field, field + " must be a string");
    }
    atMost(field, value, limits.labelValueLength());
  }

  /** A person or action name ({@code by}, {@code approver}...): refused when too long. */
  public void name(String field, String value) {
    atMost(field, value, limits.nameLength());
  }

  /** Free text ({@code note}, {@code reason}, a title): refused when too long. */
  public void text(String field, String value) {
    atMost(field, value, limits.textLength());
  }

  /** An annotation or description: shortened to the limit, ending with an ellipsis. */
  public String annotation(String value) {
    if (value == null || value.length() <= limits.annotationLength()) {
      return value;
    }
    int end = limits.annotationLength() - ELLIPSIS.length();
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--; // never split a surrogate pair
    }
    return value.substring(0, end) + ELLIPSIS;
  }

  /** A link: kept when it fits the annotation limit, dropped otherwise (a cut link is broken). */
  public String link(String url) {
    return url == null || url.length() > limits.annotationLength() ? null : url;
  }

  /**
   * A timestamp must lie within {@code [now - timestamp-age, now + timestamp-lead]}: anything else
   * makes time to detect and to recover nonsense.
   */
  public Instant recent(String field, Instant at) {
    Instant now = clock.instant();
    if (at.isBefore(now.minus(limits.timestampAge()))
        || at.isAfter(now.plus(limits.timestampLead()))) {
      throw BadInputException.invalid(
          field,
          field
              + " is "
              + at
              + ", outside the accepted range of "
              + limits.timestampAge().toDays()
              + " days before now to "
              + limits.timestampLead().toHours()
              + " hours after");
    }
    return at;
  }

  // ---------------------------------------------------------------- signals

  /**
   * The fields of a signal or approval body: names and texts within their limits, counts not
   * negative, other strings (namespaces, targets, parameters) within the label-value limit.
   */
  public void signal(JsonNode input) {
    for (Map.Entry<String, JsonNode> field : input.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (value.isString()) {
        String text = value.asString();
        if (NAME_FIELDS.contains(name)) {
          name(name, text);
        } else if (TEXT_FIELDS.contains(name)) {
          text(name, text);
        } else {
          atMost(name, text, limits.labelValueLength());
        }
      } else if (value.isObject()) {
        if (value.size() > limits.labelsPerAlert()) {
          throw BadInputException.invalid(
              name, name + " has " + value.size() + " entries; at most " + limits.labelsPerAlert());
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
          if (entry.getKey().length() > limits.labelNameLength()) {
            throw BadInputException.invalid(
                name,
                name
                    + " has a key of "
                    + entry.getKey().length()
                    + " characters; at most "
                    + limits.labelNameLength());
          }
          if (entry.getValue().isString()) {
            atMost(
                name + "." + entry.getKey(),
                entry.getValue().asString(),
                limits.labelValueLength());
          }
        }
      } else if (value.isNumber() && COUNT_FIELDS.contains(name) && value.asDouble() < 0) {
        throw BadInputException.invalid(name, name + " must be 0 or more");
      }
    }
  }

  private static void atMost(String field, String value, int max) {
    if (value != null && value.length() > max) {
      throw BadInputException.invalid(
          field,
          field + " is " + value.length() + " characters long; at most " + max + " are accepted");
    }
  }
}
