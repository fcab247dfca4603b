package io.incidentresponse.starter.webhook;

import io.incidentresponse.starter.incident.IncidentGateway;
import io.incidentresponse.starter.incident.IncidentGateway.Delivery;
import io.incidentresponse.workflows.model.Alert;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import jakarta.servlet.http.HttpServletRequest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Alert webhooks and the declaration of an incident by hand. Each answers 202 only after Temporal
 * accepted every alert; bad input gets a 4xx problem naming the field and starts nothing.
 */
@RestController
public class WebhookController {
  private final WebhookAuthenticator auth;
  private final JsonBodies bodies;
  private final IncidentGateway gateway;
  private final MeterRegistry meters;
  private final Clock clock;

  public WebhookController(
      WebhookAuthenticator auth,
      JsonBodies bodies,
      IncidentGateway gateway,
      MeterRegistry meters,
      Clock clock) {
    this.auth = auth;
    this.bodies = bodies;
    this.gateway = gateway;
    this.meters = meters;
    this.clock = clock;
  }

  /** What a webhook answers: the incidents its alerts went to. */
  public record Accepted(int alerts, List<Delivery> incidents, String note) {}

  @Operation(summary = "Alertmanager webhook (payload version 4)")
  @RequestBody(
      content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json"))
  @PostMapping(path = "/webhooks/alertmanager", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Accepted> alertmanager(HttpServletRequest request) throws Exception {
    return alerts(
        "alertmanager",
        request,
        auth::alertmanager,
        AlertmanagerWebhook.class,
        AlertmanagerWebhook::toAlerts,
        AlertmanagerWebhook::groupKey);
  }

  @Operation(summary = "Grafana alerting webhook")
  @RequestBody(
      content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json"))
  @PostMapping(path = "/webhooks/grafana", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Accepted> grafana(HttpServletRequest request) throws Exception {
    return alerts(
        "grafana",
        request,
        auth::grafana,
        GrafanaWebhook.class,
        GrafanaWebhook::toAlerts,
        GrafanaWebhook::groupKey);
  }

  /** An Alertmanager-shaped webhook: check credentials, read, convert, deliver. */
  private <T> ResponseEntity<Accepted> alerts(
      String source,
      HttpServletRequest request,
      Consumer<HttpServletRequest> authenticate,
      Class<T> type,
      Function<T, List<Alert>> toAlerts,
      Function<T, String> groupKey)
      throws Exception {
    return receive(
        source,
        () -> {
          authenticate.accept(request);
          byte[] body = bodies.read(request);
          T payload = bodies.parse(body, type);
          List<Alert> alerts = toAlerts.apply(payload);
          String deliveryId = source + ":" + sha256(body);
          return accepted(
              alerts.size(),
              gateway.deliver(alerts, groupKey.apply(payload), deliveryId, null, null),
              null);
        });
  }

  @Operation(
      summary = "PagerDuty Webhooks V3",
      description =
          "Signed with X-PagerDuty-Signature; a repeated X-Webhook-Id is dropped by the incident.")
  @RequestBody(
      content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json"))
  @PostMapping(path = "/webhooks/pagerduty", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Accepted> pagerduty(HttpServletRequest request) throws Exception {
    return receive(
        "pagerduty",
        () -> {
          byte[] body = bodies.read(request);
          auth.pagerduty(request, body);
          PagerDutyWebhook payload = bodies.parse(body, PagerDutyWebhook.class);
          String webhookId = request.getHeader("X-Webhook-Id");
          String deliveryId =
              "pagerduty:" + (webhookId != null && !webhookId.isBlank() ? webhookId : sha256(body));
          return switch (payload.kind()) {
            case FIRING, RESOLVED -> {
              Alert alert = payload.toAlert();
              yield accepted(
                  1, gateway.deliver(List.of(alert), null, deliveryId, null, null), null);
            }
            case ACKNOWLEDGED -> {
              boolean running = gateway.acknowledge(payload.toAlert(), payload.agent());
              yield accepted(0, List.of(), running ? "acknowledged" : "no running incident");
            }
            case IGNORED -> accepted(0, List.of(), "event type not used");
          };
        });
  }

  /** {@code {"title":"...","service":"checkout","severity":"P1","commander":"alice"}}. */
  @Operation(summary = "Declare an incident by hand")
  @RequestBody(
      content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json"))
  @PostMapping(path = "/api/incidents", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Accepted> declare(HttpServletRequest request) throws Exception {
    return receive(
        "declaration",
        () -> {
          auth.api(request);
          byte[] body = bodies.read(request);
          DeclareRequest declaration = bodies.parse(body, DeclareRequest.class);
          Alert alert = declaration.toAlert(clock.instant());
          List<Delivery> deliveries =
              gateway.deliver(
                  List.of(alert),
                  null,
                  "declaration:" + sha256(body),
                  declaration.title(),
                  declaration.commander());
          return ResponseEntity.accepted()
              .location(java.net.URI.create("/api/incidents/" + deliveries.get(0).incidentId()))
              .body(new Accepted(1, deliveries, null));
        });
  }

  private ResponseEntity<Accepted> receive(String source, Callable<ResponseEntity<Accepted>> work)
      throws Exception {
    try {
      ResponseEntity<Accepted> response = work.call();
      meters
          .counter("incident.alerts.received", "source", source)
          .increment(response.getBody() == null ? 0 : response.getBody().alerts());
      return response;
    } catch (BadInputException | UnauthorizedException e) {
      meters.counter("incident.alerts.rejected", "source", source, "reason", reason(e)).increment();
      throw e;
    }
  }

  private static String reason(RuntimeException e) {
    return e instanceof UnauthorizedException
        ? "unauthorized"
        : String.valueOf(((BadInputException) e).status().value());
  }

  private static ResponseEntity<Accepted> accepted(int alerts, List<Delivery> to, String note) {
    return ResponseEntity.accepted().body(new Accepted(alerts, to, note));
  }

  static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
