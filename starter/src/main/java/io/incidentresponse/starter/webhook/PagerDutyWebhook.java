package io.incidentresponse.starter.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** PagerDuty Webhooks V3 envelope: {@code {"event": {...}}}. */
public record PagerDutyWebhook(Event event) {

  public record Event(
      String id,
      @JsonProperty("event_type") String eventType,
      @JsonProperty("resource_type") String resourceType,
      @JsonProperty("occurred_at") Instant occurredAt,
      Reference agent,
      Data data) {}

  public record Data(
      String id,
      String type,
      String title,
      String status,
      String urgency,
      @JsonProperty("html_url") String htmlUrl,
      Reference service,
      Reference priority,
      @JsonProperty("created_at") Instant createdAt) {}

  public record Reference(String id, String summary, String type) {}

  /** What an event means for the incident workflow. */
  public enum Kind {
    /** incident.triggered / reopened: an alert that fires. */
    FIRING,
    /** incident.resolved: recovery evidence. */
    RESOLVED,
    /** incident.acknowledged: a person took it. */
    ACKNOWLEDGED,
    /** Anything else (annotated, escalated, priority_updated...): accepted, nothing to do. */
    IGNORED
  }

  public Kind kind() {
    return switch (requireEvent().eventType()) {
      case "incident.triggered", "incident.reopened", "incident.unacknowledged" -> Kind.FIRING;
      case "incident.resolved" -> Kind.RESOLVED;
      case "incident.acknowledged" -> Kind.ACKNOWLEDGED;
      default -> Kind.IGNORED;
    };
  }

  private Event requireEvent() {
    if (event == null) {
      throw BadInputException.missing("event");
    }
    if (event.eventType() == null || event.eventType().isBlank()) {
      throw BadInputException.missing("event.event_type");
    }
    return event;
  }

  /**
   * The PagerDuty incident as an alert; its PagerDuty id is the fingerprint and external id. The
   * fields that become labels are bounded like labels, the times must be recent.
   */
  public Alert toAlert(InputLimits limits) {
    Event e = requireEvent();
    if (e.data() == null) {
      throw BadInputException.missing("event.data");
    }
    Data d = e.data();
    if (d.id() == null || d.id().isBlank()) {
      throw BadInputException.missing("event.data.id");
    }
    if (e.occurredAt() == null) {
      throw BadInputException.missing("event.occurred_at");
    }
    limits.labelValue("event.data.id", d.id());
    limits.recent("event.occurred_at", e.occurredAt());
    if (d.createdAt() != null) {
      limits.recent("event.data.created_at", d.createdAt());
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (d.title() != null) {
      limits.labelValue("event.data.title", d.title());
    }
    labels.put("alertname", d.title() == null ? "PagerDuty incident " + d.id() : d.title());
    String service =
        d.service() == null || d.service().summary() == null ? "unknown" : d.service().summary();
    limits.labelValue("event.data.service.summary", service);
    labels.put("service", service);
    if (d.priority() != null && d.priority().summary() != null) {
      limits.labelValue("event.data.priority.summary", d.priority().summary());
      labels.put("priority", d.priority().summary());
    }
    if (d.urgency() != null) {
      labels.put("severity", "high".equals(d.urgency()) ? "critical" : "warning");
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    if (d.title() != null) {
      annotations.put("summary", d.title());
    }
    Instant startsAt = d.createdAt() != null ? d.createdAt() : e.occurredAt();
    return new Alert(
        AlertSource.PAGERDUTY,
        kind() == Kind.RESOLVED ? AlertStatus.RESOLVED : AlertStatus.FIRING,
        "pagerduty:" + d.id(),
        labels,
        annotations,
        startsAt,
        kind() == Kind.RESOLVED ? e.occurredAt() : null,
        d.htmlUrl(),
        d.id());
  }

  /** Who acknowledged, from the event's agent. */
  public String agent(InputLimits limits) {
    if (event.agent() == null || event.agent().summary() == null) {
      return "pagerduty";
    }
    limits.name("event.agent.summary", event.agent().summary());
    return event.agent().summary();
  }
}
