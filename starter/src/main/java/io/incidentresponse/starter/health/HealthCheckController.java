package io.incidentresponse.starter.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.TemporalCalls;
import io.incidentresponse.starter.incident.WorkflowTimedOutException;
import io.incidentresponse.starter.security.AccessGuard;
import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.InputLimits;
import io.incidentresponse.starter.webhook.JsonBodies;
import io.incidentresponse.workflows.health.HealthCheckRequest;
import io.incidentresponse.workflows.health.HealthCheckWorkflow;
import io.incidentresponse.workflows.health.HealthReport;
import io.swagger.v3.oas.annotations.Operation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The health check over REST: runs the {@code HealthCheck} workflow for the services named (or the
 * configured ones) and waits for its report, at most {@code incident.health-check.timeout}. Any
 * role may run it: it only reads.
 */
@RestController
@RequestMapping(path = "/api/health-checks", produces = MediaType.APPLICATION_JSON_VALUE)
public class HealthCheckController {
  static final int MAX_SERVICES = 50;
  private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final WorkflowClient client;
  private final TemporalCalls calls;
  private final JsonBodies bodies;
  private final InputLimits limits;
  private final AccessGuard guard;
  private final IncidentProperties incident;
  private final HealthCheckProperties properties;

  public HealthCheckController(
      WorkflowClient client,
      TemporalCalls calls,
      JsonBodies bodies,
      InputLimits limits,
      AccessGuard guard,
      IncidentProperties incident,
      HealthCheckProperties properties) {
    this.client = client;
    this.calls = calls;
    this.bodies = bodies;
    this.limits = limits;
    this.guard = guard;
    this.incident = incident;
    this.properties = properties;
  }

  /** The body: the services to check; none for every configured one. */
  record Check(List<String> services) {}

  /** The answer: the run's id and its report. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Checked(String healthCheckId, HealthReport report) {}

  @Operation(
      summary = "Run a health check and wait for it",
      description =
          "{\"services\":[\"checkout\"]}, or {} for every configured service"
              + " (incident.health-check.services, else the policy's services). Per service and"
              + " check: HEALTHY, UNHEALTHY (with the figure and the bound) or UNKNOWN (not"
              + " configured, or could not look). 504 when it does not finish in time.")
  @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, JsonBodies.ANY_JSON})
  public ResponseEntity<Checked> check(HttpServletRequest request) throws Exception {
    String by = guard.reader().person();
    JsonNode input =
        request.getContentLengthLong() == 0
            ? bodies.object("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
            : bodies.object(bodies.read(request));
    Check body = bodies.convertExact(input, Check.class);
    List<String> services = services(body.services());
    String id = HealthCheckWorkflow.ID_PREFIX + UUID.randomUUID().toString().substring(0, 8);
    HealthCheckWorkflow workflow =
        client.newWorkflowStub(
            HealthCheckWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(incident.taskQueue())
                .setWorkflowExecutionTimeout(properties.timeout())
                .setStaticSummary("Health check of " + String.join(", ", services))
                .build());
    calls.call(
        () ->
            WorkflowClient.start(
                workflow::run,
                new HealthCheckRequest(services, incident.policy().defaultNamespace(), by)));
    HealthReport report =
        calls.result(
            workflow,
            HealthReport.class,
            properties.timeout(),
            run ->
                new WorkflowTimedOutException(
                    run, "health check", "health-check", properties.timeout()));
    return ResponseEntity.ok()
        .location(URI.create("/api/health-checks"))
        .body(new Checked(id, report));
  }

  /** The services named, checked; or the configured ones when none is named. */
  private List<String> services(List<String> named) {
    if (named == null || named.isEmpty()) {
      List<String> configured = configuredServices(properties, incident);
      if (configured.isEmpty()) {
        throw BadInputException.invalid(
            "services",
            "no service to check: name one, or configure incident.health-check.services or"
                + " incident.policy.services");
      }
      return configured;
    }
    if (named.size() > MAX_SERVICES) {
      throw BadInputException.invalid(
          "services", "at most " + MAX_SERVICES + " services, was " + named.size());
    }
    List<String> services = new ArrayList<>();
    for (String service : named) {
      if (service == null || service.isBlank()) {
        throw BadInputException.invalid("services", "a service name is blank");
      }
      limits.labelValue("services", service);
      if (!SERVICE.matcher(service).matches()) {
        throw BadInputException.invalid(
            "services",
            "services must be service names (letters, digits, . _ -), not "
                + BadInputException.shown(service));
      }
      if (!services.contains(service)) {
        services.add(service);
      }
    }
    return services;
  }

  /** {@code incident.health-check.services}, else the policy's services. */
  static List<String> configuredServices(
      HealthCheckProperties properties, IncidentProperties incident) {
    return properties.services().isEmpty()
        ? List.copyOf(incident.policy().services().keySet())
        : properties.services();
  }
}
