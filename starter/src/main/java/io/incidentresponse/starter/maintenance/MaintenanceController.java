package io.incidentresponse.starter.maintenance;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.TemporalCalls;
import io.incidentresponse.starter.security.AccessGuard;
import io.incidentresponse.starter.security.Caller;
import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.InputLimits;
import io.incidentresponse.starter.webhook.JsonBodies;
import io.incidentresponse.workflows.identity.AccessRole;
import io.incidentresponse.workflows.maintenance.EndMaintenanceRequest;
import io.incidentresponse.workflows.maintenance.ExtendMaintenanceRequest;
import io.incidentresponse.workflows.maintenance.MaintenanceOptions;
import io.incidentresponse.workflows.maintenance.MaintenanceRequest;
import io.incidentresponse.workflows.maintenance.MaintenanceState;
import io.incidentresponse.workflows.maintenance.MaintenanceWorkflow;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.incidentresponse.workflows.policy.ServiceProfile;
import io.swagger.v3.oas.annotations.Operation;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Maintenance windows over REST: start one for a service (or {@code all}), read it, end it, move
 * its end. Starting, ending and extending need the commander role (a maintenance holds alerts that
 * would open incidents); reading needs any role. One maintenance per service at a time.
 */
@RestController
@RequestMapping(path = "/api/maintenance", produces = MediaType.APPLICATION_JSON_VALUE)
public class MaintenanceController {
  private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** {@code key=value[,key=value]}, label keys with an optional prefix; the worker checks more. */
  private static final Pattern SELECTOR =
      Pattern.compile("[A-Za-z0-9./_-]+=[A-Za-z0-9._-]+(,[A-Za-z0-9./_-]+=[A-Za-z0-9._-]+)*");

  private final WorkflowClient client;
  private final TemporalCalls calls;
  private final JsonBodies bodies;
  private final InputLimits limits;
  private final AccessGuard guard;
  private final MaintenanceDoor door;
  private final IncidentProperties properties;
  private final Clock clock;

  public MaintenanceController(
      WorkflowClient client,
      TemporalCalls calls,
      JsonBodies bodies,
      InputLimits limits,
      AccessGuard guard,
      MaintenanceDoor door,
      IncidentProperties properties,
      Clock clock) {
    this.client = client;
    this.calls = calls;
    this.bodies = bodies;
    this.limits = limits;
    this.guard = guard;
    this.door = door;
    this.properties = properties;
    this.clock = clock;
  }

  @Operation(
      summary = "Start a maintenance",
      description =
          "{\"service\":\"checkout\",\"duration\":\"2h\",\"reason\":\"database upgrade\"};"
              + " service 'all' for every service. Alertmanager silences the service, alerts for"
              + " it open no incident (P0 excepted), and it ends by itself after the duration (at"
              + " most 7 days). Optional: \"statusPage\": false keeps it off the public status page"
              + " (default: announced when the service has a status-page component),"
              + " \"backend\": \"app=maintenance-page\" points the service's Kubernetes Service at"
              + " those pods until the end, \"namespace\" (default the policy's). 409 when the"
              + " service is under maintenance already.")
  @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, JsonBodies.ANY_JSON})
  public ResponseEntity<MaintenanceBodies.Started> start(HttpServletRequest request)
      throws Exception {
    Caller caller = guard.holding(AccessRole.COMMANDER);
    MaintenanceBodies.Start body = body(caller, request, MaintenanceBodies.Start.class);
    String service = service(body.service());
    Duration duration = duration(body.duration());
    limits.text("reason", body.reason());
    MaintenanceOptions options = options(service, body);
    String id = MaintenanceWorkflow.workflowId(service);
    MaintenanceWorkflow maintenance =
        client.newWorkflowStub(
            MaintenanceWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(properties.taskQueue())
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .setStaticSummary("Maintenance of " + service + " for " + body.duration().trim())
                .build());
    WorkflowExecution execution;
    try {
      execution =
          calls.call(
              () ->
                  WorkflowClient.start(
                      maintenance::run,
                      new MaintenanceRequest(
                          service, duration, body.reason(), body.by(), options)));
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new BadInputException(
          HttpStatus.CONFLICT,
          "service",
          service
              + " is under maintenance already ("
              + id
              + "): end it (POST /api/maintenance/"
              + service
              + "/end) or extend it");
    }
    door.forget(service);
    return ResponseEntity.created(URI.create("/api/maintenance/" + service))
        .body(
            new MaintenanceBodies.Started(
                id, service, execution.getRunId(), clock.instant().plus(duration).toString()));
  }

  @Operation(summary = "The running maintenances (needs a server with visibility)")
  @GetMapping
  public List<MaintenanceBodies.Row> list() {
    guard.reader();
    List<MaintenanceBodies.Row> rows = new ArrayList<>();
    calls.call(
        () -> {
          client
              .listExecutions(
                  "WorkflowType = '"
                      + MaintenanceWorkflow.TYPE
                      + "' AND ExecutionStatus = 'Running'")
              .limit(1000)
              .forEach(
                  m ->
                      rows.add(
                          new MaintenanceBodies.Row(
                              m.getExecution().getWorkflowId(),
                              m.getExecution().getWorkflowId().substring("maintenance-".length()),
                              String.valueOf(m.getStartTime()))));
          return null;
        });
    return rows;
  }

  @Operation(summary = "A maintenance: deadline, silence, alerts held, timeline")
  @GetMapping("/{service}")
  public MaintenanceState show(@PathVariable String service) {
    guard.reader();
    String id = MaintenanceWorkflow.workflowId(service(service));
    MaintenanceWorkflow maintenance = client.newWorkflowStub(MaintenanceWorkflow.class, id);
    try {
      return calls.ask(id, false, maintenance::state);
    } catch (WorkflowNotFoundException e) {
      throw notFound(service);
    }
  }

  @Operation(summary = "End a maintenance now: {\"reason\":\"upgrade done\"}")
  @PostMapping(
      path = "/{service}/end",
      consumes = {MediaType.APPLICATION_JSON_VALUE, JsonBodies.ANY_JSON})
  public ResponseEntity<Map<String, String>> end(
      HttpServletRequest request, @PathVariable String service) throws Exception {
    Caller caller = guard.holding(AccessRole.COMMANDER);
    String checked = service(service);
    MaintenanceBodies.End body = body(caller, request, MaintenanceBodies.End.class);
    limits.text("reason", body.reason());
    signal(checked, m -> m.end(new EndMaintenanceRequest(body.by(), body.reason())));
    return ResponseEntity.accepted()
        .body(Map.of("maintenanceId", MaintenanceWorkflow.workflowId(checked), "signal", "end"));
  }

  @Operation(summary = "Move a maintenance's end: {\"duration\":\"1h\"} from now")
  @PostMapping(
      path = "/{service}/extend",
      consumes = {MediaType.APPLICATION_JSON_VALUE, JsonBodies.ANY_JSON})
  public ResponseEntity<Map<String, String>> extend(
      HttpServletRequest request, @PathVariable String service) throws Exception {
    Caller caller = guard.holding(AccessRole.COMMANDER);
    String checked = service(service);
    MaintenanceBodies.Extend body = body(caller, request, MaintenanceBodies.Extend.class);
    Duration duration = duration(body.duration());
    limits.text("reason", body.reason());
    signal(
        checked, m -> m.extend(new ExtendMaintenanceRequest(body.by(), duration, body.reason())));
    return ResponseEntity.accepted()
        .body(Map.of("maintenanceId", MaintenanceWorkflow.workflowId(checked), "signal", "extend"));
  }

  private void signal(String service, java.util.function.Consumer<MaintenanceWorkflow> send) {
    MaintenanceWorkflow maintenance =
        client.newWorkflowStub(MaintenanceWorkflow.class, MaintenanceWorkflow.workflowId(service));
    try {
      calls.call(
          () -> {
            send.accept(maintenance);
            return null;
          });
    } catch (WorkflowNotFoundException e) {
      throw new BadInputException(
          HttpStatus.NOT_FOUND, "service", service + " is not under maintenance");
    }
  }

  private <T> T body(Caller caller, HttpServletRequest request, Class<T> type) throws Exception {
    JsonNode input = guard.actingAs(caller, "by", bodies.object(bodies.read(request)));
    return bodies.convertExact(input, type);
  }

  private String service(String service) {
    if (service == null || service.isBlank()) {
      throw BadInputException.missing("service");
    }
    limits.labelValue("service", service);
    if (!SERVICE.matcher(service).matches()) {
      throw BadInputException.invalid(
          "service", "service must be a service name (letters, digits, . _ -) or 'all'");
    }
    return service;
  }

  /**
   * The status-page components of the service (of every configured service for {@code all}),
   * announced unless the body says no; the traffic switch when the body names a backend.
   */
  private MaintenanceOptions options(String service, MaintenanceBodies.Start body) {
    ResponsePolicy policy = properties.policy();
    List<String> components =
        (MaintenanceWorkflow.ALL.equals(service)
                ? policy.services().values().stream()
                : java.util.stream.Stream.of(policy.profile(service)))
            .map(ServiceProfile::statusPageComponent)
            .filter(c -> c != null && !c.isBlank())
            .distinct()
            .toList();
    boolean announce = body.statusPage() != null ? body.statusPage() : !components.isEmpty();
    String backend = body.backend() == null || body.backend().isBlank() ? null : body.backend();
    String namespace =
        body.namespace() == null || body.namespace().isBlank()
            ? policy.defaultNamespace()
            : body.namespace();
    if (backend != null) {
      limits.labelValue("backend", backend);
      if (MaintenanceWorkflow.ALL.equals(service)) {
        throw BadInputException.invalid(
            "backend", "a maintenance backend is for one service, not for 'all'");
      }
      if (!SELECTOR.matcher(backend).matches()) {
        throw BadInputException.invalid(
            "backend",
            "backend must be a label selector like app=maintenance-page[,tier=web], not "
                + BadInputException.shown(backend));
      }
      if (namespace == null || !SERVICE.matcher(namespace).matches()) {
        throw BadInputException.invalid(
            "namespace", "a maintenance backend needs the service's Kubernetes namespace");
      }
    }
    return new MaintenanceOptions(
        announce, components, namespace, backend, Boolean.TRUE.equals(policy.dryRun()));
  }

  private static Duration duration(String text) {
    if (text == null || text.isBlank()) {
      throw BadInputException.missing("duration");
    }
    Duration duration;
    try {
      duration = DurationStyle.detectAndParse(text.trim());
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw BadInputException.invalid(
          "duration",
          "duration must look like 2h, 90m or PT2H, not " + BadInputException.shown(text));
    }
    if (duration.isNegative()
        || duration.isZero()
        || duration.compareTo(MaintenanceWorkflow.LONGEST) > 0) {
      throw BadInputException.invalid(
          "duration",
          "duration must be positive and at most "
              + MaintenanceWorkflow.LONGEST.toDays()
              + " days (168h)");
    }
    return duration;
  }

  private static BadInputException notFound(String service) {
    return new BadInputException(
        HttpStatus.NOT_FOUND, "service", "no maintenance of " + service + " has run");
  }
}
