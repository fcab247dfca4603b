package io.incidentresponse.starter.webhook;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.incident.Severity;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An incident declared by a person: {@code {"title":"Checkout failing","service":"checkout",
 * "severity":"P1","commander":"alice","namespace":"shop","description":"..."}}; {@code
 * "security":true} declares a security incident, handled privately (private channel, the security
 * lead paged at once, a silent status page, leadership told by direct message).
 */
public record DeclareRequest(
    String title,
    String service,
    String severity,
    String commander,
    String namespace,
    String description,
    Boolean security) {

  /**
   * The declaration as a MANUAL alert: its priority label carries the declared severity, given by
   * name ({@code P0}..{@code P3}). Title, service, commander and namespace are bounded (422 naming
   * the field), a long description is shortened.
   */
  public Alert toAlert(Instant now, InputLimits limits) {
    if (title == null || title.isBlank()) {
      throw BadInputException.missing("title");
    }
    limits.text("title", title);
    if (service == null || service.isBlank()) {
      throw BadInputException.missing("service");
    }
    limits.labelValue("service", service);
    if (severity == null || severity.isBlank()) {
      throw BadInputException.missing("severity");
    }
    Severity parsed =
        Arrays.stream(Severity.values())
            .filter(s -> s.name().equals(severity))
            .findFirst()
            .orElseThrow(
                () ->
                    BadInputException.invalid(
                        "severity", "severity must be one of P0, P1, P2, P3 (by name)"));
    if (commander != null) {
      limits.name("commander", commander);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", "Declared");
    labels.put("service", service.trim());
    labels.put("priority", parsed.name());
    if (Boolean.TRUE.equals(security)) {
      labels.put("security", "true");
    }
    if (namespace != null && !namespace.isBlank()) {
      limits.labelValue("namespace", namespace);
      labels.put("namespace", namespace.trim());
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("summary", title.trim());
    if (description != null && !description.isBlank()) {
      annotations.put("description", limits.annotation(description));
    }
    return new Alert(
        AlertSource.MANUAL,
        AlertStatus.FIRING,
        "declared:" + service.trim() + ":" + now.toEpochMilli(),
        labels,
        annotations,
        now,
        null,
        null,
        null);
  }
}
