package io.incidentresponse.starter.sources;

import io.incidentresponse.starter.config.IncidentProperties.AuthType;
import io.incidentresponse.starter.config.IncidentProperties.WebhookAuth;
import io.incidentresponse.starter.incident.DeliveryMemory;
import io.incidentresponse.starter.incident.IncidentGateway;
import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.InputLimits;
import io.incidentresponse.starter.webhook.JsonBodies;
import io.incidentresponse.starter.webhook.UnauthorizedException;
import io.incidentresponse.starter.webhook.WebhookAuthenticator;
import io.incidentresponse.starter.webhook.WebhookController;
import io.incidentresponse.starter.webhook.WebhookController.Accepted;
import io.incidentresponse.workflows.alerts.Alert;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alert webhooks of the sources configured under {@code incident.sources}: generic JSON webhooks,
 * Datadog monitors, Sentry alerts, New Relic issues and Kibana alerting rules. Like the built-in
 * webhooks each checks its credential before it reads the body, answers 202 only after Temporal
 * accepted every alert, refuses bad input with a 4xx problem naming the field and starts nothing
 * then; an exact redelivery is answered from memory.
 */
@RestController
public class SourceWebhookController {
  private static final Logger log = LoggerFactory.getLogger(SourceWebhookController.class);
  static final String SENTRY_SIGNATURE = "Sentry-Hook-Signature";
  static final String SENTRY_RESOURCE = "Sentry-Hook-Resource";

  private final SourcesProperties properties;
  private final Map<String, GenericMapping> generic = new LinkedHashMap<>();
  private final Map<String, Vendor> vendors = new LinkedHashMap<>();
  private final JsonBodies bodies;
  private final JsonMapper json;
  private final InputLimits limits;
  private final IncidentGateway gateway;
  private final DeliveryMemory memory;
  private final MeterRegistry meters;
  private final Clock clock;

  public SourceWebhookController(
      SourcesProperties properties,
      JsonBodies bodies,
      JsonMapper json,
      InputLimits limits,
      IncidentGateway gateway,
      DeliveryMemory memory,
      MeterRegistry meters,
      Clock clock) {
    this.properties = properties;
    this.bodies = bodies;
    this.json = json;
    this.limits = limits;
    this.gateway = gateway;
    this.memory = memory;
    this.meters = meters;
    this.clock = clock;
    properties
        .generic()
        .forEach((name, source) -> generic.put(name, GenericMapping.of(name, source)));
    generic.values().stream()
        .filter(m -> m.auth().type() == AuthType.NONE)
        .forEach(
            m ->
                log.warn(
                    "generic source {} accepts requests without credentials"
                        + " (incident.sources.generic.{}.auth)",
                    m.source(),
                    m.source()));
    vendors.put("datadog", new Vendor(properties.datadog().auth(), DatadogWebhook::toAlert));
    vendors.put("newrelic", new Vendor(properties.newrelic().auth(), NewRelicWebhook::toAlert));
    vendors.put("elastic", new Vendor(properties.elastic().auth(), ElasticWebhook::toAlert));
    vendors.forEach((name, vendor) -> warnIfOpen(name, vendor.auth()));
  }

  @Operation(
      summary = "Generic JSON webhook of a configured source",
      description =
          "Fields are read by the JSONPaths of incident.sources.generic.{source}; 404 for a"
              + " source that is not configured.")
  @PostMapping(
      path = "/webhooks/generic/{source}",
      consumes = {MediaType.APPLICATION_JSON_VALUE, JsonBodies.ANY_JSON},
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Accepted> generic(
      @PathVariable("source") String source, HttpServletRequest request) throws Exception {
    GenericMapping mapping = generic.get(source);
    if (mapping == null) {
      throw new BadInputException(
          HttpStatus.NOT_FOUND, "source", "no generic source of this name is configured");
    }
    return receive(
        "generic:" + source,
        () -> {
          WebhookAuthenticator.check(mapping.auth(), request);
          byte[] body = bodies.read(request);
          Object document = json.convertValue(bodies.object(body), Object.class);
          List<Alert> alerts = mapping.toAlerts(document, clock.instant(), limits);
          return deliver("generic:" + source, alerts, body);
        });
  }

  @Operation(
      summary = "Datadog, New Relic and Kibana alert webhooks",
      description =
          "datadog: a monitor through the Webhooks integration; newrelic: a workflow's webhook"
              + " destination (CLOSED resolves what ACTIVATED opened); elastic: a rule action"
              + " through Kibana's webhook connector (the recovered action group resolves). Each"
              + " with the payload template of the README (Detection sources) and the credential"
              + " of incident.sources.{vendor}.auth.")
  @PostMapping(
      path = "/webhooks/{vendor:datadog|newrelic|elastic}",
      consumes = {MediaType.APPLICATION_JSON_VALUE, JsonBodies.ANY_JSON},
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Accepted> vendor(
      @PathVariable("vendor") String vendor, HttpServletRequest request) throws Exception {
    Vendor its = vendors.get(vendor);
    return receive(
        vendor,
        () -> {
          WebhookAuthenticator.check(its.auth(), request);
          byte[] body = bodies.read(request);
          Alert alert = its.mapping().toAlert(bodies.object(body), clock.instant(), limits);
          return deliver(vendor, List.of(alert), body);
        });
  }

  @Operation(
      summary = "Sentry issue and metric alert webhook",
      description =
          "Signed with Sentry-Hook-Signature (HMAC-SHA256 of the body with the integration's"
              + " client secret); Sentry-Hook-Resource event_alert or metric_alert. 404 without"
              + " a client secret.")
  @PostMapping(
      path = "/webhooks/sentry",
      consumes = {MediaType.APPLICATION_JSON_VALUE, JsonBodies.ANY_JSON},
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Accepted> sentry(HttpServletRequest request) throws Exception {
    SourcesProperties.Sentry sentry = properties.sentry();
    if (!sentry.enabled()) {
      throw new BadInputException(
          HttpStatus.NOT_FOUND,
          null,
          "the Sentry webhook is not configured: set incident.sources.sentry.client-secrets");
    }
    return receive(
        "sentry",
        () -> {
          byte[] body = bodies.read(request);
          String signature = request.getHeader(SENTRY_SIGNATURE);
          if (signature == null || signature.isBlank()) {
            throw new UnauthorizedException("missing " + SENTRY_SIGNATURE, null);
          }
          if (!Signatures.signedByAny(sentry.clientSecrets(), body, signature)) {
            throw new UnauthorizedException("invalid " + SENTRY_SIGNATURE, null);
          }
          String resource = request.getHeader(SENTRY_RESOURCE);
          if (resource == null || resource.isBlank()) {
            throw BadInputException.missing(SENTRY_RESOURCE);
          }
          JsonNode tree = bodies.object(body);
          if (!SentryWebhook.alerting(resource.trim())) {
            return ResponseEntity.accepted()
                .body(new Accepted(0, List.of(), "resource not used", false));
          }
          Alert alert =
              SentryWebhook.toAlert(
                  resource.trim(), tree, sentry.projects(), clock.instant(), limits);
          return deliver("sentry", List.of(alert), body);
        });
  }

  /** A vendor's payload to its alert; throws {@link BadInputException} naming the field. */
  @FunctionalInterface
  private interface VendorMapping {
    Alert toAlert(JsonNode body, Instant now, InputLimits limits);
  }

  /** A built-in vendor's credential and mapping, one alert per delivery. */
  private record Vendor(WebhookAuth auth, VendorMapping mapping) {}

  private static void warnIfOpen(String vendor, WebhookAuth auth) {
    if (auth.type() == AuthType.NONE) {
      log.warn(
          "/webhooks/{} accepts requests without credentials (incident.sources.{}.auth)",
          vendor,
          vendor);
    }
  }

  private ResponseEntity<Accepted> deliver(String source, List<Alert> given, byte[] body) {
    List<Alert> alerts = limits.alerts(given, null);
    String deliveryId = source + ":" + WebhookController.sha256(body);
    DeliveryMemory.Outcome outcome =
        WebhookController.once(
            memory,
            meters,
            source,
            deliveryId,
            () -> gateway.deliver(alerts, null, deliveryId, null, null));
    return ResponseEntity.accepted()
        .body(new Accepted(alerts.size(), outcome.incidents(), null, outcome.duplicate()));
  }

  private ResponseEntity<Accepted> receive(String source, Callable<ResponseEntity<Accepted>> work)
      throws Exception {
    return WebhookController.counted(meters, source, work);
  }
}
