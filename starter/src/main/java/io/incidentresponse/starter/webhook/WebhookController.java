package io.incidentresponse.starter.webhook;

import io.incidentresponse.starter.incident.DeliveryMemory;
import io.incidentresponse.starter.incident.IncidentGateway;
import io.incidentresponse.starter.incident.IncidentGateway.Delivery;
import io.incidentresponse.starter.security.AccessGuard;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.identity.AccessRole;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alert webhooks and the declaration of an incident by hand. Each answers 202 only after Temporal
 * accepted every alert; bad input gets a 4xx problem naming the field and starts nothing.
 */
@RestController
public class WebhookController {
  private static final int MAX_WEBHOOK_ID = 128;

  private final WebhookAuthenticator auth;
  private final AccessGuard guard;
  private final JsonBodies bodies;
  private final InputLimits limits;
  private final IncidentGateway gateway;
  private final DeliveryMemory memory;
  private final MeterRegistry meters;
  private final Clock clock;
  private final ObjectWriter answers;

  public WebhookController(
      WebhookAuthenticator auth,
      AccessGuard guard,
      JsonBodies bodies,
      InputLimits limits,
      IncidentGateway gateway,
      DeliveryMemory memory,
      MeterRegistry meters,
      Clock clock,
      JsonMapper json) {
    this.auth = auth;
    this.guard = guard;
    this.bodies = bodies;
    this.limits = limits;
    this.gateway = gateway;
    this.memory = memory;
    this.meters = meters;
    this.clock = clock;
    this.answers = json.writerFor(Accepted.class);
  }

  /**
   * What a webhook answers: the incidents its alerts went to; {@code duplicate} when this exact
   * delivery was already accepted (then nothing was sent to Temporal again).
   */
  public record Accepted(int alerts, List<Delivery> incidents, String note, boolean duplicate) {}

  @Operation(summary = "Alertmanager webhook (payload version 4)")
  @RequestBody(
      content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json"))
  @PostMapping(
      path = "/webhooks/alertmanager",
      consumes = {MediaType.APPLICATION_JSON_VALUE, JsonBodies.ANY_JSON},
      produces = MediaType.APPLICATION_JSON_VALUE)
  @ApiResponse(
      responseCode = "202",
      content = @Content(schema = @Schema(implementation = Accepted.class)))
  public void alertmanager(HttpServletRequest request, HttpServletResponse response)
      throws Exception {
    answer(
        alerts(
            "alertmanager",
            request,
            auth::alertmanager,
            AlertmanagerWebhook.class,
            AlertmanagerWebhook::toAlerts,
            AlertmanagerWebhook::groupKey),
        response);
  }

  @Operation(summary = "Grafana alerting webhook")
  @RequestBody(
      content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json"))
  @PostMapping(
      path = "/webhooks/grafana",
      consumes = {MediaType.APPLICATION_JSON_VALUE, JsonBodies.ANY_JSON},
      produces = MediaType.APPLICATION_JSON_VALUE)
  @ApiResponse(
      responseCode = "202",
      content = @Content(schema = @Schema(implementation = Accepted.class)))
  public void grafana(HttpServletRequest request, HttpServletResponse response) throws Exception {
    answer(
        alerts(
            "grafana",
            request,
            auth::grafana,
            GrafanaWebhook.class,
            GrafanaWebhook::toAlerts,
            GrafanaWebhook::groupKey),
        response);
  }

  /**
   * Writes a webhook's 202 itself, in one piece with its length: the busiest answer of the starter
   * skips the message converters' negotiation, and is not sent as a flushed chunk and then an end
   * chunk. The JSON is the application's mapper's, as the converters would write it; the mapping's
   * {@code produces} still answers 406 to a caller that does not take JSON.
   */
  private void answer(ResponseEntity<Accepted> accepted, HttpServletResponse response)
      throws IOException {
    byte[] body = answers.writeValueAsBytes(accepted.getBody());
    response.setStatus(accepted.getStatusCode().value());
    // whatever headers the answer was given go out as the converters would have sent them
    accepted
        .getHeaders()
        .forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** An Alertmanager-shaped webhook: check credentials, read, convert, deliver. */
  private <T> ResponseEntity<Accepted> alerts(
      String source,
      HttpServletRequest request,
      Consumer<HttpServletRequest> authenticate,
      Class<T> type,
      BiFunction<T, InputLimits, List<Alert>> toAlerts,
      Function<T, String> groupKey)
      throws Exception {
    return receive(
        source,
        () -> {
          authenticate.accept(request);
          byte[] body = bodies.read(request);
          T payload = bodies.parse(body, type);
          String key = groupKey.apply(payload);
          List<Alert> alerts = limits.alerts(toAlerts.apply(payload, limits), key);
          String deliveryId = source + ":" + sha256(body);
          return accepted(
              alerts.size(),
              once(source, deliveryId, () -> gateway.deliver(alerts, key, deliveryId, null, null)),
              null);
        });
  }

  @Operation(
      summary = "PagerDuty Webhooks V3",
      description =
          "Signed with X-PagerDuty-Signature; a repeated X-Webhook-Id is dropped by the incident.")
  @RequestBody(
      content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json"))
  @PostMapping(
      path = "/webhooks/pagerduty",
      consumes = {MediaType.APPLICATION_JSON_VALUE, JsonBodies.ANY_JSON},
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Accepted> pagerduty(HttpServletRequest request) throws Exception {
    return receive(
        "pagerduty",
        () -> {
          byte[] body = bodies.read(request);
          auth.pagerduty(request, body);
          PagerDutyWebhook payload = bodies.parse(body, PagerDutyWebhook.class);
          String deliveryId = "pagerduty:" + webhookId(request.getHeader("X-Webhook-Id"), body);
          return switch (payload.kind()) {
            case FIRING, RESOLVED -> {
              List<Alert> alerts = limits.alerts(List.of(payload.toAlert(limits)), null);
              yield accepted(
                  1,
                  once(
                      "pagerduty",
                      deliveryId,
                      () -> gateway.deliver(alerts, null, deliveryId, null, null)),
                  null);
            }
            case ACKNOWLEDGED -> {
              boolean running = gateway.acknowledge(payload.toAlert(limits), payload.agent(limits));
              yield accepted(
                  0,
                  new DeliveryMemory.Outcome(List.of(), false),
                  running ? "acknowledged" : "no running incident");
            }
            case IGNORED ->
                accepted(0, new DeliveryMemory.Outcome(List.of(), false), "event type not used");
          };
        });
  }

  /** {@code {"title":"...","service":"checkout","severity":"P1","commander":"alice"}}. */
  @Operation(summary = "Declare an incident by hand (needs the responder role)")
  @RequestBody(
      content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json"))
  @PostMapping(
      path = "/api/incidents",
      consumes = {MediaType.APPLICATION_JSON_VALUE, JsonBodies.ANY_JSON},
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Accepted> declare(HttpServletRequest request) throws Exception {
    return receive(
        "declaration",
        () -> {
          guard.holding(AccessRole.RESPONDER);
          byte[] body = bodies.read(request);
          DeclareRequest declaration =
              bodies.convertExact(bodies.object(body), DeclareRequest.class);
          List<Alert> alerts =
              limits.alerts(List.of(declaration.toAlert(clock.instant(), limits)), null);
          String deliveryId = "declaration:" + sha256(body);
          DeliveryMemory.Outcome outcome =
              once(
                  "declaration",
                  deliveryId,
                  () ->
                      gateway.deliver(
                          alerts,
                          null,
                          deliveryId,
                          declaration.title().trim(),
                          declaration.commander()));
          return ResponseEntity.accepted()
              .location(
                  java.net.URI.create("/api/incidents/" + outcome.incidents().get(0).incidentId()))
              .body(new Accepted(1, outcome.incidents(), null, outcome.duplicate()));
        });
  }

  private ResponseEntity<Accepted> receive(String source, Callable<ResponseEntity<Accepted>> work)
      throws Exception {
    return counted(meters, source, work);
  }

  /**
   * Runs one delivery from {@code source}: its alerts are counted as received, or the delivery as
   * rejected with the reason (the HTTP status, or unauthorized). Every alert source's endpoint
   * counts this way.
   */
  public static ResponseEntity<Accepted> counted(
      MeterRegistry meters, String source, Callable<ResponseEntity<Accepted>> work)
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

  /** Delivers unless this exact delivery was accepted already; counts the duplicates. */
  private DeliveryMemory.Outcome once(
      String source, String deliveryId, Supplier<List<Delivery>> deliver) {
    return once(memory, meters, source, deliveryId, deliver);
  }

  /**
   * Delivers through {@code memory} unless this exact delivery was accepted already; counts the
   * duplicates of {@code source}. Every alert source's endpoint remembers deliveries this way.
   */
  public static DeliveryMemory.Outcome once(
      DeliveryMemory memory,
      MeterRegistry meters,
      String source,
      String deliveryId,
      Supplier<List<Delivery>> deliver) {
    DeliveryMemory.Outcome outcome = memory.once(deliveryId, deliver);
    if (outcome.duplicate()) {
      meters.counter("incident.alerts.duplicates", "source", source).increment();
    }
    return outcome;
  }

  private static ResponseEntity<Accepted> accepted(
      int alerts, DeliveryMemory.Outcome outcome, String note) {
    return ResponseEntity.accepted()
        .body(new Accepted(alerts, outcome.incidents(), note, outcome.duplicate()));
  }

  /**
   * PagerDuty's delivery id; a missing one is the body's hash, an overlong one (PagerDuty's are
   * short) is hashed so that no header can grow the ids an incident remembers.
   */
  private static String webhookId(String header, byte[] body) {
    if (header == null || header.isBlank()) {
      return sha256(body);
    }
    return header.length() <= MAX_WEBHOOK_ID
        ? header
        : sha256(header.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The hex SHA-256 of {@code body}: a delivery id for a body that carries none. */
  public static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
