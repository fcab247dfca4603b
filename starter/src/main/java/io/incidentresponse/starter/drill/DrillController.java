package io.incidentresponse.starter.drill;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.TemporalCalls;
import io.incidentresponse.starter.security.AccessGuard;
import io.incidentresponse.starter.security.Caller;
import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.JsonBodies;
import io.incidentresponse.workflows.drill.AbortDrillRequest;
import io.incidentresponse.workflows.drill.DrillRequest;
import io.incidentresponse.workflows.drill.DrillState;
import io.incidentresponse.workflows.drill.DrillWorkflow;
import io.incidentresponse.workflows.identity.AccessRole;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Drills over REST: run one on a service, list them, read one, abort one. Running and aborting need
 * the commander role (a drill breaks production on purpose); reading needs any role. One drill per
 * service at a time.
 */
@RestController
@RequestMapping(path = "/api/drills", produces = MediaType.APPLICATION_JSON_VALUE)
public class DrillController {
  /** Rows the list answers at most, newest first. */
  static final int LIST_LIMIT = 100;

  private final WorkflowClient client;
  private final TemporalCalls calls;
  private final JsonBodies bodies;
  private final AccessGuard guard;
  private final DrillRequests requests;
  private final IncidentProperties properties;
  private final Clock clock;
  private final DrillDoor door;

  public DrillController(
      WorkflowClient client,
      TemporalCalls calls,
      JsonBodies bodies,
      AccessGuard guard,
      DrillRequests requests,
      IncidentProperties properties,
      Clock clock,
      DrillDoor door) {
    this.door = door;
    this.client = client;
    this.calls = calls;
    this.bodies = bodies;
    this.guard = guard;
    this.requests = requests;
    this.properties = properties;
    this.clock = clock;
  }

  @Operation(
      summary = "Run a drill",
      description =
          "{\"scenario\":\"failure-rate\",\"service\":\"checkout\",\"duration\":\"30m\","
              + "\"parameters\":{\"rate\":\"0.3\"}}; scenarios failure-rate, scale-down,"
              + " delete-pods, demo-errors. The fault is reverted at the end (at most 4h), on"
              + " abort, when a stop condition trips (default: error ratio above 0.5) or a real"
              + " incident opens for the service. 409 when a drill already runs on the service.")
  @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, JsonBodies.ANY_JSON})
  public ResponseEntity<DrillBodies.Started> start(HttpServletRequest request) throws Exception {
    Caller caller = guard.holding(AccessRole.COMMANDER);
    DrillBodies.Start body = body(caller, request, DrillBodies.Start.class);
    DrillRequest drill = requests.fromBody(body);
    String id = DrillWorkflow.workflowId(drill.service());
    DrillWorkflow stub =
        client.newWorkflowStub(
            DrillWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(properties.taskQueue())
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .setStaticSummary(
                    "Drill "
                        + drill.scenario()
                        + " on "
                        + drill.service()
                        + " for "
                        + body.duration().trim())
                .build());
    WorkflowExecution execution;
    try {
      execution = calls.call(() -> WorkflowClient.start(stub::run, drill));
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new BadInputException(
          HttpStatus.CONFLICT,
          "service",
          "a drill already runs on "
              + drill.service()
              + " ("
              + id
              + "): abort it (POST /api/drills/"
              + drill.service()
              + "/abort) or wait for its end");
    }
    // the door believed "no drill" for a few seconds: its incidents are marked from now on
    door.forget(drill.service());
    return ResponseEntity.created(URI.create("/api/drills/" + drill.service()))
        .body(
            new DrillBodies.Started(
                id,
                drill.service(),
                execution.getRunId(),
                clock.instant().plus(drill.duration()).toString()));
  }

  @Operation(summary = "Running and recent drills, newest first (needs a server with visibility)")
  @GetMapping
  public List<DrillBodies.Row> list() {
    guard.reader();
    List<DrillBodies.Row> rows = new ArrayList<>();
    calls.call(
        () -> {
          client
              .listExecutions("WorkflowType = '" + DrillWorkflow.TYPE + "' ORDER BY StartTime DESC")
              .limit(LIST_LIMIT)
              .forEach(
                  d ->
                      rows.add(
                          new DrillBodies.Row(
                              d.getExecution().getWorkflowId(),
                              d.getExecution().getWorkflowId().substring("drill-".length()),
                              d.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", ""),
                              String.valueOf(d.getStartTime()),
                              d.getCloseTime() == null ? null : String.valueOf(d.getCloseTime()))));
          return null;
        });
    return rows;
  }

  @Operation(summary = "A drill: status, fault, incidents seen, score, report, timeline")
  @GetMapping("/{service}")
  public DrillState show(@PathVariable String service) {
    guard.reader();
    String id = DrillWorkflow.workflowId(requests.name("service", service));
    DrillWorkflow drill = client.newWorkflowStub(DrillWorkflow.class, id);
    try {
      return calls.ask(id, false, drill::state);
    } catch (WorkflowNotFoundException e) {
      throw new BadInputException(
          HttpStatus.NOT_FOUND, "service", "no drill has run on " + service);
    }
  }

  @Operation(summary = "Abort a drill: the fault is reverted at once. {\"reason\":\"...\"}")
  @PostMapping(
      path = "/{service}/abort",
      consumes = {MediaType.APPLICATION_JSON_VALUE, JsonBodies.ANY_JSON})
  public ResponseEntity<Map<String, String>> abort(
      HttpServletRequest request, @PathVariable String service) throws Exception {
    Caller caller = guard.holding(AccessRole.COMMANDER);
    String checked = requests.name("service", service);
    AbortDrillRequest abort = requests.abort(body(caller, request, DrillBodies.Abort.class));
    DrillWorkflow drill =
        client.newWorkflowStub(DrillWorkflow.class, DrillWorkflow.workflowId(checked));
    try {
      calls.call(
          () -> {
            drill.abort(abort);
            return null;
          });
    } catch (WorkflowNotFoundException e) {
      throw new BadInputException(
          HttpStatus.NOT_FOUND, "service", "no drill is running on " + checked);
    }
    return ResponseEntity.accepted()
        .body(Map.of("drillId", DrillWorkflow.workflowId(checked), "signal", "abort"));
  }

  private <T> T body(Caller caller, HttpServletRequest request, Class<T> type) throws Exception {
    JsonNode input = guard.actingAs(caller, "by", bodies.object(bodies.read(request)));
    return bodies.convertExact(input, type);
  }
}
