package io.incidentresponse.starter.api;

import io.incidentresponse.starter.incident.TemporalCalls;
import io.incidentresponse.starter.security.AccessGuard;
import io.incidentresponse.starter.security.Caller;
import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.InputLimits;
import io.incidentresponse.starter.webhook.JsonBodies;
import io.incidentresponse.workflows.incident.ApprovalResult;
import io.incidentresponse.workflows.incident.ApproveRequest;
import io.incidentresponse.workflows.incident.IncidentSearchAttributes;
import io.incidentresponse.workflows.incident.IncidentSignals;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.incidentresponse.workflows.incident.RejectRequest;
import io.incidentresponse.workflows.incident.ShareContactsRequest;
import io.incidentresponse.workflows.incident.StateSummary;
import io.incidentresponse.workflows.incident.TimelineEntry;
import io.incidentresponse.workflows.mitigation.MitigationAction;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowQueryException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The SRE interface: list, read and steer incidents. */
@RestController
@RequestMapping(path = "/api/incidents", produces = MediaType.APPLICATION_JSON_VALUE)
public class IncidentController {
  private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9._:/-]{1,200}");

  /**
   * How a worker's SDK refuses a query its workflow does not define: Java's "Unknown query type:
   * summary", Go's "unknown queryType summary".
   */
  private static final Pattern UNKNOWN_QUERY =
      Pattern.compile("unknown query ?type", Pattern.CASE_INSENSITIVE);

  /** Temporal's default limit on a workflow id: a longer id cannot name an incident. */
  private static final int MAX_ID_LENGTH = 1000;

  private final WorkflowClient client;
  private final TemporalCalls calls;
  private final JsonBodies bodies;
  private final InputLimits limits;
  private final AccessGuard guard;
  private final SummaryUnknownToWorker olderWorkers;

  public IncidentController(
      WorkflowClient client,
      TemporalCalls calls,
      JsonBodies bodies,
      InputLimits limits,
      AccessGuard guard,
      SummaryUnknownToWorker olderWorkers) {
    this.client = client;
    this.calls = calls;
    this.bodies = bodies;
    this.limits = limits;
    this.guard = guard;
    this.olderWorkers = olderWorkers;
  }

  /** One row of the incident list. */
  public record IncidentSummary(
      String incidentId,
      String runId,
      String status,
      Instant startedAt,
      Instant closedAt,
      String severity,
      String service,
      String phase,
      Boolean acknowledged,
      boolean drill) {}

  @Operation(
      summary = "List incidents",
      description =
          "A visibility query on the incident search attributes; needs a Temporal server with"
              + " visibility (not the in-process test server).")
  @GetMapping
  public List<IncidentSummary> list(
      @RequestParam(required = false) String phase,
      @RequestParam(required = false) String severity,
      @RequestParam(required = false) String service,
      @RequestParam(required = false) Boolean open,
      @Parameter(description = "true: drills' incidents only; false: real incidents only")
          @RequestParam(required = false)
          Boolean drills,
      @RequestParam(defaultValue = "100") int limit) {
    guard.reader();
    String query = query(phase, severity, service, open, drills);
    List<IncidentSummary> rows = new ArrayList<>();
    calls.call(
        () -> {
          client
              .listExecutions(query)
              .limit(Math.max(1, Math.min(limit, 1000)))
              .forEach(m -> rows.add(summary(m)));
          return null;
        });
    return rows;
  }

  /**
   * The visibility query for the filters; values are checked, never pasted in raw. A real incident
   * has no {@code IncidentDrill} (only drills' incidents set it), hence {@code IS NULL}.
   */
  public static String query(
      String phase, String severity, String service, Boolean open, Boolean drills) {
    StringBuilder query = new StringBuilder("WorkflowType = 'Incident'");
    append(query, IncidentSearchAttributes.PHASE.getName(), "phase", upper(phase));
    append(query, IncidentSearchAttributes.SEVERITY.getName(), "severity", upper(severity));
    append(query, IncidentSearchAttributes.SERVICE.getName(), "service", service);
    if (open != null) {
      query.append(open ? " AND ExecutionStatus = 'Running'" : " AND ExecutionStatus != 'Running'");
    }
    if (drills != null) {
      String drill = IncidentSearchAttributes.DRILL.getName();
      query.append(
          drills
              ? " AND " + drill + " = true"
              : " AND (" + drill + " IS NULL OR " + drill + " = false)");
    }
    return query.toString();
  }

  @Operation(
      summary = "An incident's whole state, timeline included; or its summary",
      description =
          "view=full (the default) answers the whole state (several KB: alerts, diagnosis,"
              + " timeline); view=summary answers what a dashboard polls: phase, severity,"
              + " acknowledgement, roles, channel, counts and the latest timeline line.")
  @GetMapping("/{id}")
  public Object show(
      @PathVariable String id,
      @Parameter(description = "full (default) or summary") @RequestParam(required = false)
          String view) {
    guard.reader();
    IncidentWorkflow incident = workflow(id);
    if (view == null || view.equals("full")) {
      return calls.ask(id, false, incident::state);
    }
    if (view.equals("summary")) {
      return summary(id, incident);
    }
    throw new BadInputException(HttpStatus.BAD_REQUEST, "view", "view is full or summary");
  }

  /**
   * The {@code summary} query; a worker older than that query (a rolling upgrade) answers "unknown
   * query type", and the summary is then built here from its whole {@code state}, as the newer
   * worker builds it, so a dashboard never fails while workers are replaced. The refusal is
   * remembered ({@link SummaryUnknownToWorker}): the next polls ask the state directly instead of
   * failing a query on that worker each time.
   */
  private StateSummary summary(String id, IncidentWorkflow incident) {
    if (!olderWorkers.refused(id)) {
      try {
        return calls.ask(id, false, incident::summary);
      } catch (WorkflowQueryException e) {
        if (!unknownQuery(e)) {
          throw e;
        }
        olderWorkers.learnt(id);
      }
    }
    return StateSummary.of(calls.ask(id, false, incident::state));
  }

  /** The worker's SDK refused the query as one its workflow does not define. */
  private static boolean unknownQuery(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && UNKNOWN_QUERY.matcher(message).find()) {
        return true;
      }
    }
    return false;
  }

  @Operation(summary = "An incident's timeline")
  @GetMapping("/{id}/timeline")
  public List<TimelineEntry> timeline(@PathVariable String id) {
    guard.reader();
    IncidentWorkflow incident = workflow(id);
    return calls.ask(id, false, incident::timeline);
  }

  @Operation(
      summary = "Send a signal",
      description =
          "acknowledge, approve, reject, assignRole, setSeverity, addNote, requestAction,"
              + " markMitigated, resolve, reopen, recordImpact, shareContacts; the body is the signal's JSON"
              + " input. The person field (by, or approver) is the caller's: filled when left"
              + " out, 403 when it names somebody else. Each signal needs a role (see the README,"
              + " 'Who may do what'); approve and reject carry a proof the server signs.")
  @PostMapping(
      path = "/{id}/signals/{signal}",
      consumes = {MediaType.APPLICATION_JSON_VALUE, JsonBodies.ANY_JSON})
  public ResponseEntity<Map<String, String>> signal(
      HttpServletRequest request, @PathVariable String id, @PathVariable String signal)
      throws Exception {
    String incidentId = checkedId(id);
    IncidentSignals entry = IncidentSignals.byName(signal);
    if (entry == null) {
      throw new BadInputException(
          HttpStatus.NOT_FOUND,
          "signal",
          "no signal '"
              + (signal.length() > 40 ? signal.substring(0, 40) + "…" : signal)
              + "'; known: "
              + IncidentSignals.names());
    }
    Caller caller = guard.sender(entry, incidentId);
    JsonNode body = bodies.object(bodies.read(request));
    boolean decision = entry == IncidentSignals.APPROVE || entry == IncidentSignals.REJECT;
    if (decision) {
      guard.refuseProof(body);
    }
    limits.signal(body);
    JsonNode input = guard.actingAs(caller, entry.personField(), body);
    for (String field : entry.required()) {
      JsonNode value = input.get(field);
      if (value == null || value.isNull() || (value.isString() && value.asString().isBlank())) {
        throw BadInputException.missing(field);
      }
    }
    Object typed = proven(caller, incidentId, bodies.convertExact(input, entry.inputType()));
    if (typed instanceof ShareContactsRequest share && share.topicsProblem() != null) {
      throw new BadInputException(HttpStatus.BAD_REQUEST, "topics", share.topicsProblem());
    }
    if (typed instanceof RejectRequest reject) {
      refuseUnknownAction(id, reject.actionId());
    }
    calls.call(
        () -> {
          client.newUntypedWorkflowStub(incidentId).signal(entry.signalName(), typed);
          return null;
        });
    return ResponseEntity.accepted().body(Map.of("incidentId", id, "signal", entry.signalName()));
  }

  @Operation(
      summary = "Share the emergency contacts in the incident channel",
      description =
          "The shareContacts signal: {\"topics\":[\"aws\"]} posts the contacts for those topics"
              + " (every contact when topics is left out) in the incident channel and records who"
              + " was shared. At most "
              + ShareContactsRequest.MAX_TOPICS
              + " topics of "
              + ShareContactsRequest.MAX_TOPIC_LENGTH
              + " characters; by is the caller.")
  @PostMapping(
      path = "/{id}/contacts",
      consumes = {MediaType.APPLICATION_JSON_VALUE, JsonBodies.ANY_JSON})
  public ResponseEntity<Map<String, String>> shareContacts(
      HttpServletRequest request, @PathVariable String id) throws Exception {
    return signal(request, id, IncidentSignals.SHARE_CONTACTS.signalName());
  }

  @Operation(
      summary = "Approve an action and get the answer",
      description =
          "The approveAction update: accepted, or why it was refused. Needs an approver role;"
              + " approver is the caller (filled when left out, 403 when somebody else).")
  @PostMapping(
      path = "/{id}/approvals",
      consumes = {MediaType.APPLICATION_JSON_VALUE, JsonBodies.ANY_JSON})
  public ApprovalResult approve(HttpServletRequest request, @PathVariable String id)
      throws Exception {
    String incidentId = checkedId(id);
    Caller caller = guard.sender(IncidentSignals.APPROVE, incidentId);
    IncidentWorkflow incident = workflow(id);
    JsonNode body = bodies.object(bodies.read(request));
    guard.refuseProof(body);
    limits.signal(body);
    JsonNode input = guard.actingAs(caller, IncidentSignals.APPROVE.personField(), body);
    ApproveRequest approval = bodies.convertExact(input, ApproveRequest.class);
    if (approval.actionId() == null || approval.actionId().isBlank()) {
      throw BadInputException.missing("actionId");
    }
    ApproveRequest proven = (ApproveRequest) proven(caller, incidentId, approval);
    return calls.ask(id, true, () -> incident.approveAction(proven));
  }

  /**
   * A rejection of an action the incident does not have is refused here, 422 naming {@code
   * actionId} as the {@code approveAction} update's validator does, and nothing is sent: a signal
   * cannot answer, so without this check the caller would hear "sent" for a rejection that did
   * nothing.
   */
  private void refuseUnknownAction(String id, String actionId) {
    IncidentState state = calls.ask(id, false, workflow(id)::state);
    if (state.actions.stream().noneMatch(action -> action.id().equals(actionId))) {
      throw BadInputException.invalid(
          "actionId",
          "actionId: no action '"
              + actionId
              + "'; waiting: "
              + state.pendingApprovals().stream().map(MitigationAction::id).toList());
    }
  }

  /** An approval or rejection with the server's proof of who decided; other inputs as they are. */
  private Object proven(Caller caller, String incidentId, Object input) {
    if (input instanceof ApproveRequest a) {
      return new ApproveRequest(
          a.actionId(),
          a.approver(),
          a.comment(),
          guard.proof(caller, incidentId, a.actionId(), "approve"));
    }
    if (input instanceof RejectRequest r) {
      return new RejectRequest(
          r.actionId(),
          r.approver(),
          r.reason(),
          guard.proof(caller, incidentId, r.actionId(), "reject"));
    }
    return input;
  }

  /** The incident's stub; an id that no workflow can have is refused (400 naming {@code id}). */
  private IncidentWorkflow workflow(String id) {
    return client.newWorkflowStub(IncidentWorkflow.class, checkedId(id));
  }

  static String checkedId(String id) {
    if (id.isBlank()
        || id.length() > MAX_ID_LENGTH
        || id.chars().anyMatch(Character::isISOControl)) {
      throw new BadInputException(
          HttpStatus.BAD_REQUEST,
          "id",
          "id is not an incident id: 1 to " + MAX_ID_LENGTH + " characters, no control characters");
    }
    return id;
  }

  private static IncidentSummary summary(WorkflowExecutionMetadata m) {
    var attributes = m.getTypedSearchAttributes();
    return new IncidentSummary(
        m.getExecution().getWorkflowId(),
        m.getExecution().getRunId(),
        status(m.getStatus()),
        m.getStartTime(),
        m.getCloseTime(),
        attributes.get(IncidentSearchAttributes.SEVERITY),
        attributes.get(IncidentSearchAttributes.SERVICE),
        attributes.get(IncidentSearchAttributes.PHASE),
        attributes.get(IncidentSearchAttributes.ACKNOWLEDGED),
        Boolean.TRUE.equals(attributes.get(IncidentSearchAttributes.DRILL)));
  }

  private static String status(WorkflowExecutionStatus status) {
    return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
  }

  private static void append(StringBuilder query, String attribute, String param, String value) {
    if (value == null || value.isBlank()) {
      return;
    }
    if (!SAFE_VALUE.matcher(value).matches()) {
      throw BadInputException.invalid(param, param + " has characters a filter cannot hold");
    }
    query.append(" AND ").append(attribute).append(" = '").append(value).append('\'');
  }

  private static String upper(String value) {
    return value == null ? null : value.toUpperCase(Locale.ROOT);
  }
}
