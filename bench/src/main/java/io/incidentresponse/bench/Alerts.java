package io.incidentresponse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Alertmanager webhook v4 deliveries as Alertmanager sends them: one firing alert per service, all
 * of one alertname, so each service is one incident key (the default key labels are service and
 * alertname).
 */
final class Alerts {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ALERTNAME = "BenchHighErrorRate";

  private Alerts() {}

  /** One delivery with a firing alert for each of {@code services} (repeats allowed). */
  static String firing(List<String> services, String priority) {
    return firing(services, priority, "");
  }

  /**
   * As {@link #firing(List, String)}, told apart by {@code delivery} (an annotation): the starter
   * answers an exact redelivery from memory without reaching Temporal, so a benchmark that sends
   * the same body twice would measure that memory, not ingestion.
   */
  static String firing(List<String> services, String priority, String delivery) {
    return delivery(services, priority, delivery).toString();
  }

  /**
   * As {@link #firing(List, String, String)}, encoded straight to the UTF-8 bytes an HTTP client
   * sends (no String in between).
   */
  static byte[] firingBytes(List<String> services, String priority, String delivery) {
    try {
      return JSON.writeValueAsBytes(delivery(services, priority, delivery));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always encodes", e);
    }
  }

  private static ObjectNode delivery(List<String> services, String priority, String delivery) {
    Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
    ObjectNode body =
        JSON.createObjectNode()
            .put("version", "4")
            .put("groupKey", "{}:{alertname=\"" + ALERTNAME + "\"}")
            .put("truncatedAlerts", 0)
            .put("status", "firing")
            .put("receiver", "incident-response");
    body.putObject("groupLabels").put("alertname", ALERTNAME);
    body.putObject("commonLabels").put("alertname", ALERTNAME);
    body.putObject("commonAnnotations");
    body.put("externalURL", "http://127.0.0.1:9093");
    ArrayNode alerts = body.putArray("alerts");
    for (int i = 0; i < services.size(); i++) {
      String service = services.get(i);
      ObjectNode alert = alerts.addObject().put("status", "firing");
      alert
          .putObject("labels")
          .put("alertname", ALERTNAME)
          .put("service", service)
          .put("namespace", "bench")
          .put("priority", priority)
          .put("pod", service + "-" + i);
      ObjectNode annotations =
          alert.putObject("annotations").put("summary", "error ratio above 5% on " + service);
      if (!delivery.isEmpty()) {
        annotations.put("delivery", delivery);
      }
      alert.put("startsAt", startsAt.toString());
      alert.put("endsAt", "0001-01-01T00:00:00Z");
      alert.put("generatorURL", "http://127.0.0.1:9090/graph");
      alert.put("fingerprint", Integer.toHexString((service + "|" + i).hashCode()));
    }
    return body;
  }
}
