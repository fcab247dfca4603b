package io.incidentresponse.starter.operation;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.TemporalCalls;
import io.incidentresponse.starter.security.AccessGuard;
import io.incidentresponse.starter.security.Caller;
import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.InputLimits;
import io.incidentresponse.starter.webhook.JsonBodies;
import io.incidentresponse.workflows.identity.AccessRole;
import io.incidentresponse.workflows.incident.ApprovalResult;
import io.incidentresponse.workflows.incident.ApproveRequest;
import io.incidentresponse.workflows.incident.IncidentSignals;
import io.incidentresponse.workflows.incident.RejectRequest;
import io.incidentresponse.workflows.mitigation.ActionParameters;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.operation.OperationRequest;
import io.incidentresponse.workflows.operation.OperationState;
import io.incidentresponse.workflows.operation.OperationWorkflow;
import io.swagger.v3.oas.annotations.Operation;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
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
 * Rollback and scale outside an incident over REST: start one (a responder), read it, approve or
 * reject it (an approver; the approver is the caller and the server signs a proof of who it is, as
 * for incident approvals). Each is an {@code Operation} workflow under the incident's approval
 * policy and the worker's guardrails.
 */
@RestController
@RequestMapping(path = "/api/operations", produces = MediaType.APPLICATION_JSON_VALUE)
public class OperationController {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");
  private static final Pattern ID = Pattern.compile("operation-[a-z0-9.-]{1,100}");
  private static final Pattern REVISION = Pattern.compile("[1-9][0-9]{0,9}");
  private static final int MAX_REPLICAS = 10_000;

  private final WorkflowClient client;
  private final TemporalCalls calls;
  private final JsonBodies bodies;
  private final InputLimits limits;
  private final AccessGuard guard;
  private final IncidentProperties incident;
  private final OperationProperties properties;

  public OperationController(
      WorkflowClient client,
      TemporalCalls calls,
      JsonBodies bodies,
      InputLimits limits,
      AccessGuard guard,
      IncidentProperties incident,
      OperationProperties properties) {
    this.client = client;
    this.calls = calls;
    this.bodies = bodies;
    this.limits = limits;
    this.guard = guard;
    this.incident = incident;
    this.properties = properties;
  }

  @Operation(
      summary = "Start a rollback or a scale outside an incident",
      description =
          "{\"type\":\"rollback\",\"service\":\"checkout\",\"revision\":\"41\"} or"
              + " {\"type\":\"scale\",\"service\":\"checkout\",\"replicas\":6}; namespace defaults"
              + " to the policy's. It waits for approval as the policy says (expiring after"
              + " incident.operation.approval-timeout) and runs once under the worker's"
              + " guardrails.")
  @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, JsonBodies.ANY_JSON})
  public ResponseEntity<OperationBodies.Started> start(HttpServletRequest request)
      throws Exception {
    Caller caller = guard.holding(AccessRole.RESPONDER);
    JsonNode input = guard.actingAs(caller, "by", bodies.object(bodies.read(request)));
    OperationBodies.Start body = bodies.convertExact(input, OperationBodies.Start.class);
    ActionProposal action = action(body);
    limits.text("reason", body.reason());
    String id =
        OperationWorkflow.ID_PREFIX
            + action.target()
            + "-"
            + UUID.randomUUID().toString().substring(0, 6);
    OperationWorkflow operation =
        client.newWorkflowStub(
            OperationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(incident.taskQueue())
                .setStaticSummary(action.describe() + " requested by " + body.by())
                .build());
    WorkflowExecution execution =
        calls.call(
            () ->
                WorkflowClient.start(
                    operation::run,
                    new OperationRequest(
                        action,
                        body.by(),
                        body.reason(),
                        incident.policy(),
                        properties.autoRunUpTo(),
                        properties.approvalTimeout())));
    return ResponseEntity.created(URI.create("/api/operations/" + id))
        .body(new OperationBodies.Started(id, execution.getRunId(), "started"));
  }

  @Operation(summary = "The operations of the last 30 days (needs a server with visibility)")
  @GetMapping
  public List<OperationBodies.Row> list() {
    guard.reader();
    List<OperationBodies.Row> rows = new ArrayList<>();
    calls.call(
        () -> {
          client
              .listExecutions("WorkflowType = '" + OperationWorkflow.TYPE + "'")
              .limit(200)
              .forEach(
                  o ->
                      rows.add(
                          new OperationBodies.Row(
                              o.getExecution().getWorkflowId(),
                              String.valueOf(o.getStartTime()),
                              String.valueOf(o.getStatus()))));
          return null;
        });
    return rows;
  }

  @Operation(summary = "An operation: the action, approvals, outcome, before/after, timeline")
  @GetMapping("/{id}")
  public OperationState show(@PathVariable String id) {
    guard.reader();
    return state(checkedId(id));
  }

  @Operation(
      summary = "Approve an operation: {\"comment\":\"go\"}",
      description =
          "Answers accepted, or why it was refused (the requester, not an approver, identity not"
              + " verified). 409 when the operation is over (done, rejected, expired).")
  @PostMapping(
      path = "/{id}/approve",
      consumes = {MediaType.APPLICATION_JSON_VALUE, JsonBodies.ANY_JSON})
  public ApprovalResult approve(HttpServletRequest request, @PathVariable String id)
      throws Exception {
    return decide(request, id, true);
  }

  @Operation(summary = "Reject an operation: {\"reason\":\"not now\"}; 409 when it is over")
  @PostMapping(
      path = "/{id}/reject",
      consumes = {MediaType.APPLICATION_JSON_VALUE, JsonBodies.ANY_JSON})
  public ApprovalResult reject(HttpServletRequest request, @PathVariable String id)
      throws Exception {
    return decide(request, id, false);
  }

  /**
   * An approval or rejection as the incident's: the caller's approver role, the approver is the
   * caller, and the server's signed proof of who decided goes with it.
   */
  private ApprovalResult decide(HttpServletRequest request, String id, boolean approve)
      throws Exception {
    String checked = checkedId(id);
    IncidentSignals signal = approve ? IncidentSignals.APPROVE : IncidentSignals.REJECT;
    Caller caller = guard.holding(signal.requiredRole());
    JsonNode body = bodies.object(bodies.read(request));
    guard.refuseProof(body);
    Class<? extends OperationBodies.Decision> type =
        approve ? OperationBodies.Approve.class : OperationBodies.Reject.class;
    OperationBodies.Decision decision =
        bodies.convertExact(guard.actingAs(caller, "approver", body), type);
    limits.text(approve ? "comment" : "reason", decision.text());
    String actionId = open(checked).action.id();
    String verb = approve ? "approve" : "reject";
    var proof = guard.proof(caller, checked, actionId, verb);
    OperationWorkflow operation = client.newWorkflowStub(OperationWorkflow.class, checked);
    return calls.ask(
        checked,
        true,
        () ->
            approve
                ? operation.approve(
                    new ApproveRequest(actionId, decision.approver(), decision.text(), proof))
                : operation.reject(
                    new RejectRequest(actionId, decision.approver(), decision.text(), proof)));
  }

  /** The operation's state; 409 when it is over, so there is nothing to decide. */
  private OperationState open(String id) {
    OperationState state = state(id);
    if (state.status.isFinal() || state.action == null) {
      throw new BadInputException(
          HttpStatus.CONFLICT,
          "id",
          id + " is " + state.status + ": there is nothing to approve or reject");
    }
    return state;
  }

  private OperationState state(String id) {
    OperationWorkflow operation = client.newWorkflowStub(OperationWorkflow.class, id);
    try {
      return calls.ask(id, false, operation::state);
    } catch (WorkflowNotFoundException e) {
      throw new BadInputException(HttpStatus.NOT_FOUND, "id", "no operation " + id);
    }
  }

  private ActionProposal action(OperationBodies.Start body) {
    if (body.type() == null || body.type().isBlank()) {
      throw BadInputException.missing("type");
    }
    ActionType type =
        switch (body.type().trim().toLowerCase(Locale.ROOT)) {
          case "rollback" -> ActionType.ROLLBACK;
          case "scale" -> ActionType.SCALE;
          default ->
              throw BadInputException.invalid(
                  "type",
                  "type must be rollback or scale, not " + BadInputException.shown(body.type()));
        };
    String service = name("service", body.service());
    String namespace =
        body.namespace() == null || body.namespace().isBlank()
            ? incident.policy().defaultNamespace()
            : name("namespace", body.namespace());
    Map<String, String> parameters = new LinkedHashMap<>();
    if (type == ActionType.SCALE) {
      if (body.replicas() == null) {
        throw BadInputException.missing("replicas");
      }
      if (body.replicas() < 1 || body.replicas() > MAX_REPLICAS) {
        throw BadInputException.invalid(
            "replicas",
            "replicas must be between 1 and " + MAX_REPLICAS + ", was " + body.replicas());
      }
      if (body.revision() != null) {
        throw BadInputException.invalid("revision", "a scale takes no revision");
      }
      parameters.put(ActionParameters.REPLICAS, String.valueOf(body.replicas()));
    } else {
      if (body.replicas() != null) {
        throw BadInputException.invalid("replicas", "a rollback takes no replicas");
      }
      if (body.revision() != null) {
        if (!REVISION.matcher(body.revision().trim()).matches()) {
          throw BadInputException.invalid(
              "revision",
              "revision must be a Deployment revision number, not "
                  + BadInputException.shown(body.revision()));
        }
        parameters.put(ActionParameters.REVISION, body.revision().trim());
      }
    }
    return new ActionProposal(type, namespace, service, parameters, null, body.reason());
  }

  private String name(String field, String value) {
    if (value == null || value.isBlank()) {
      throw BadInputException.missing(field);
    }
    limits.labelValue(field, value);
    if (!NAME.matcher(value).matches()) {
      throw BadInputException.invalid(
          field,
          field
              + " must be a Kubernetes name (lower-case letters, digits, . -), not "
              + BadInputException.shown(value));
    }
    return value;
  }

  private static String checkedId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new BadInputException(
          HttpStatus.NOT_FOUND, "id", "no operation " + BadInputException.shown(id));
    }
    return id;
  }
}
