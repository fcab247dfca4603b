package io.incidentresponse.starter.api;

import io.incidentresponse.starter.incident.TemporalCalls;
import io.incidentresponse.starter.security.AccessGuard;
import io.incidentresponse.starter.security.Caller;
import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.InputLimits;
import io.incidentresponse.starter.webhook.JsonBodies;
import io.incidentresponse.workflows.identity.AccessRole;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.incidentresponse.workflows.postmortem.ActionItemRequest;
import io.incidentresponse.workflows.postmortem.ActionItemResult;
import io.incidentresponse.workflows.postmortem.PostmortemStatus;
import io.incidentresponse.workflows.postmortem.PostmortemWorkflow;
import io.swagger.v3.oas.annotations.Operation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * An incident's postmortem: its status (the Postmortem workflow's query) and its action items (its
 * add-or-update update). The postmortem is found through the incident, which records the id of the
 * postmortem it started when it closed.
 */
@RestController
@RequestMapping(
    path = "/api/incidents/{id}/postmortem",
    produces = MediaType.APPLICATION_JSON_VALUE)
public class PostmortemController {
  /** Who asks for an action item change: the person field of {@link ActionItemRequest}. */
  static final String PERSON_FIELD = "by";

  private final WorkflowClient client;
  private final TemporalCalls calls;
  private final JsonBodies bodies;
  private final InputLimits limits;
  private final AccessGuard guard;

  public PostmortemController(
      WorkflowClient client,
      TemporalCalls calls,
      JsonBodies bodies,
      InputLimits limits,
      AccessGuard guard) {
    this.client = client;
    this.calls = calls;
    this.bodies = bodies;
    this.limits = limits;
    this.guard = guard;
  }

  @Operation(
      summary = "The incident's postmortem",
      description =
          "Document, review slot, action items, reminders, escalation and what keeps it open (the"
              + " postmortem's status query); 404 until the incident has closed and started it.")
  @GetMapping
  public PostmortemStatus status(@PathVariable String id) {
    guard.reader();
    PostmortemWorkflow postmortem = postmortem(id);
    return calls.ask(id, false, postmortem::status);
  }

  @Operation(
      summary = "Add or update a postmortem action item",
      description =
          "The postmortem's changeActionItem update: without id adds an item (action required),"
              + " with id changes it (missing fields keep their value). Needs the responder role;"
              + " by is the caller (filled when left out, 403 when somebody else). Answers the"
              + " item, or accepted false and why; 422 naming the field for a request the"
              + " postmortem cannot take.")
  @PostMapping(
      path = "/action-items",
      consumes = {MediaType.APPLICATION_JSON_VALUE, JsonBodies.ANY_JSON})
  public ActionItemResult changeActionItem(HttpServletRequest request, @PathVariable String id)
      throws Exception {
    Caller caller = guard.holding(AccessRole.RESPONDER);
    JsonNode body = bodies.object(bodies.read(request));
    limits.signal(body);
    JsonNode input = guard.actingAs(caller, PERSON_FIELD, body);
    ActionItemRequest change = bodies.convertExact(input, ActionItemRequest.class);
    if (change.id() == null && (change.action() == null || change.action().isBlank())) {
      throw BadInputException.missing("action");
    }
    PostmortemWorkflow postmortem = postmortem(id);
    try {
      return calls.ask(id, true, () -> postmortem.changeActionItem(change));
    } catch (WorkflowUpdateException e) {
      throw refusal(e);
    }
  }

  /**
   * The postmortem's refusals start with the field at fault: {@code link: must be an http(s)...}.
   */
  private static final Pattern REFUSED_FIELD = Pattern.compile("^([a-z][A-Za-z]*): ");

  /**
   * The validator's refusal (an application failure) as a 422 naming the field it starts with, like
   * every other bad input; one about the item as a whole (e.g. too many items), and anything that
   * is not the validator's (a gRPC status), stays as it was.
   */
  static RuntimeException refusal(WorkflowUpdateException e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    if (!(root instanceof ApplicationFailure failure) || failure.getOriginalMessage() == null) {
      return e;
    }
    Matcher field = REFUSED_FIELD.matcher(failure.getOriginalMessage());
    return field.find()
        ? BadInputException.invalid(field.group(1), failure.getOriginalMessage())
        : e;
  }

  /** The postmortem the incident started; 404 naming {@code id} when it has none (yet). */
  private PostmortemWorkflow postmortem(String id) {
    String incidentId = IncidentController.checkedId(id);
    IncidentWorkflow incident = client.newWorkflowStub(IncidentWorkflow.class, incidentId);
    IncidentState state = calls.ask(incidentId, false, incident::state);
    if (state.postmortemWorkflowId == null) {
      throw new BadInputException(
          HttpStatus.NOT_FOUND,
          "id",
          "incident "
              + incidentId
              + " has no postmortem "
              + (state.falsePositive
                  ? "(closed as a false positive)"
                  : "yet: it starts when the incident closes"));
    }
    return client.newWorkflowStub(PostmortemWorkflow.class, state.postmortemWorkflowId);
  }
}
