package io.incidentresponse.activities.paging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.activities.HttpCalls;
import io.incidentresponse.workflows.communication.PageRef;
import io.incidentresponse.workflows.communication.PageRequest;
import io.incidentresponse.workflows.communication.PageUrgency;
import io.incidentresponse.workflows.communication.PagingActivities;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.oncall.EscalationTarget;
import io.incidentresponse.workflows.oncall.OnCallPerson;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PagingActivities} on PagerDuty. An incident that came from PagerDuty is worked through the
 * REST API v2 on its PagerDuty incident; any other incident is paged through the Events API v2 with
 * the incident id as dedup key. Every call is safe to retry: status changes, escalation levels and
 * urgency are absolute, and the Events API dedups on the key.
 *
 * <p>The request's {@link PageUrgency} reaches PagerDuty: an Events API trigger carries it as the
 * event severity ({@code critical} for HIGH, {@code warning} for LOW; a service with dynamic
 * notifications makes the first a high-urgency incident, the second a low-urgency one), and the
 * REST updates that page people (opening on an incident from PagerDuty, escalating) set the
 * incident's {@code urgency}. A PagerDuty account or service that refuses an urgency (HTTP 400) is
 * still escalated, without it, and the refusal is logged.
 */
public class PagerDutyPagingActivities implements PagingActivities {
  private static final Logger log = LoggerFactory.getLogger(PagerDutyPagingActivities.class);
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String DEDUP = "dedup:";

  private final PagerDutySettings settings;
  private final HttpCalls http;
  private final ObjectMapper mapper = new ObjectMapper();

  public PagerDutyPagingActivities(PagerDutySettings settings, OkHttpClient http) {
    this.settings = settings;
    this.http = new HttpCalls("PagerDuty", http);
  }

  @Override
  public PageRef openPage(PageRequest request) {
    Optional<Assignee> assignee = assignee(request);
    if (request.page() != null) {
      update(
          request.page().id(),
          request,
          assignee.map(Assignee::fields).orElseGet(mapper::createObjectNode));
      note(
          request.page().id(),
          request.note() + " (incident workflow " + request.brief().incidentId() + ")");
      return new PageRef(
          request.page().id(),
          request.page().url(),
          List.of(assignee.map(Assignee::via).orElse("PagerDuty")));
    }
    event(request, "trigger");
    PageRef page = new PageRef(DEDUP + request.brief().incidentId(), null);
    if (assignee.isPresent() && settings.restConfigured()) {
      // the Events API cannot assign: the incident it made is assigned through the REST API
      update(
          incidentId(new PageRequest(request.brief(), page, 0, null, null)),
          request,
          assignee.get().fields());
      return new PageRef(page.id(), null, List.of(assignee.get().via()));
    }
    return new PageRef(
        page.id(), null, List.of("PagerDuty Events API (the service's escalation policy)"));
  }

  @Override
  public PageRef escalatePage(PageRequest request) {
    Optional<Assignee> assignee = assignee(request);
    String pagerDutyId = incidentId(request);
    ObjectNode fields =
        assignee
            .map(a -> request.level() == 0 ? besideAssignees(pagerDutyId, a.fields()) : a.fields())
            // PagerDuty numbers escalation levels from 1; level 0 here is its level 1
            .orElseGet(
                () -> mapper.createObjectNode().put("escalation_level", request.level() + 1));
    update(pagerDutyId, request, fields);
    return new PageRef(
        page(request).id(),
        page(request).url(),
        List.of(
            assignee
                .map(Assignee::via)
                .orElse("PagerDuty escalation level " + (request.level() + 1))));
  }

  /**
   * A page at level 0 on an incident that has one (the security lead beside the first responder, a
   * P3's first page on an incident from PagerDuty) adds its user to the incident's assignees rather
   * than replacing them: the people already on it stay assigned. Read-then-write, so a retry adds
   * nobody twice.
   */
  private ObjectNode besideAssignees(String pagerDutyId, ObjectNode fields) {
    if (!fields.has("assignments")) {
      return fields;
    }
    JsonNode current =
        http.send(
            "GET /incidents/" + pagerDutyId,
            restRequest(HttpUrl.get(settings.apiUrl() + "/incidents/" + pagerDutyId))
                .get()
                .build());
    ObjectNode merged = fields.deepCopy();
    com.fasterxml.jackson.databind.node.ArrayNode assignments = merged.withArray("assignments");
    java.util.Set<String> ids = new java.util.LinkedHashSet<>();
    assignments.forEach(a -> ids.add(a.at("/assignee/id").asText()));
    for (JsonNode existing : current.at("/incident/assignments")) {
      String id = existing.at("/assignee/id").asText("");
      if (!id.isEmpty() && ids.add(id)) {
        assignments.addObject().putObject("assignee").put("id", id).put("type", "user_reference");
      }
    }
    return merged;
  }

  /** Incident fields that page a resolved person or policy, and how the page then reaches them. */
  private record Assignee(ObjectNode fields, String via) {}

  /**
   * The person's PagerDuty user ({@code assignments}) or the level's escalation policy ({@code
   * escalation_policy}) from {@link PageRequest#person()}; empty when it names neither, and the
   * level is paged as PagerDuty knows it.
   */
  private Optional<Assignee> assignee(PageRequest request) {
    EscalationTarget target = request.person();
    if (target == null) {
      return Optional.empty();
    }
    OnCallPerson person = target.person();
    if (person != null && !PagerDutySettings.blank(person.pagerDutyUserId())) {
      String id = person.pagerDutyUserId().trim();
      ObjectNode fields = mapper.createObjectNode();
      fields
          .putArray("assignments")
          .addObject()
          .putObject("assignee")
          .put("id", id)
          .put("type", "user_reference");
      return Optional.of(new Assignee(fields, "PagerDuty user " + id));
    }
    if (!PagerDutySettings.blank(target.pagerDutyEscalationPolicyId())) {
      String id = target.pagerDutyEscalationPolicyId().trim();
      ObjectNode fields = mapper.createObjectNode();
      fields
          .putObject("escalation_policy")
          .put("id", id)
          .put("type", "escalation_policy_reference");
      return Optional.of(new Assignee(fields, "PagerDuty escalation policy " + id));
    }
    return Optional.empty();
  }

  @Override
  public void acknowledgePage(PageRequest request) {
    status(request, "acknowledged", "acknowledge");
  }

  @Override
  public void resolvePage(PageRequest request) {
    status(request, "resolved", "resolve");
  }

  private void status(PageRequest request, String status, String eventAction) {
    if (request.page() != null && request.page().id().startsWith(DEDUP)) {
      event(request, eventAction);
      return;
    }
    rest(
        "PUT",
        "/incidents/" + page(request).id(),
        incident(mapper.createObjectNode().put("status", status)));
  }

  /**
   * PUTs {@code fields} and the request's urgency on the PagerDuty incident. When PagerDuty answers
   * 400 (an account or service that does not take an urgency) the fields go again without it, so an
   * escalation is never lost to the urgency; a 400 that is not about the urgency fails again.
   */
  private void update(String pagerDutyId, PageRequest request, ObjectNode fields) {
    String path = "/incidents/" + pagerDutyId;
    try {
      rest("PUT", path, incident(fields.deepCopy().put("urgency", urgency(request))));
    } catch (ApplicationFailure e) {
      if (!FailureType.BAD_REQUEST.type().equals(e.getType())) {
        throw e;
      }
      if (!fields.isEmpty()) {
        rest("PUT", path, incident(fields));
      }
      log.warn(
          "PagerDuty did not take urgency {} on incident {} ({}); its service's urgency stands",
          urgency(request),
          pagerDutyId,
          e.getOriginalMessage());
    }
  }

  private ObjectNode incident(ObjectNode fields) {
    ObjectNode body = mapper.createObjectNode();
    body.putObject("incident").put("type", "incident_reference").setAll(fields);
    return body;
  }

  private static String urgency(PageRequest request) {
    return request.urgency() == PageUrgency.LOW ? "low" : "high";
  }

  private void note(String pagerDutyId, String content) {
    ObjectNode note = mapper.createObjectNode();
    note.putObject("note").put("content", content);
    rest("POST", "/incidents/" + pagerDutyId + "/notes", note);
  }

  /** The PagerDuty incident id, looked up by dedup key for a page made through the Events API. */
  private String incidentId(PageRequest request) {
    String id = page(request).id();
    if (!id.startsWith(DEDUP)) {
      return id;
    }
    HttpUrl url =
        HttpUrl.get(settings.apiUrl() + "/incidents")
            .newBuilder()
            .addQueryParameter("incident_key", id.substring(DEDUP.length()))
            .build();
    JsonNode found = http.send("GET /incidents", restRequest(url).get().build());
    JsonNode incidents = found.path("incidents");
    if (incidents.isEmpty()) {
      throw ApplicationFailure.newFailure(
          "PagerDuty has no incident for key " + id.substring(DEDUP.length()) + " yet",
          FailureType.NOT_FOUND.type());
    }
    return incidents.get(0).path("id").asText();
  }

  private PageRef page(PageRequest request) {
    if (request.page() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "this incident has no page", FailureType.NOT_FOUND.type());
    }
    return request.page();
  }

  private void rest(String method, String path, JsonNode body) {
    Request.Builder request = restRequest(HttpUrl.get(settings.apiUrl() + path));
    request.method(method, RequestBody.create(body.toString(), JSON));
    http.send(method + " " + path, request.build());
  }

  private Request.Builder restRequest(HttpUrl url) {
    if (!settings.restConfigured()) {
      throw ExpectedFailures.notConfigured(
          "PagerDuty REST API token is not configured (PAGERDUTY_API_TOKEN)");
    }
    Request.Builder request =
        new Request.Builder()
            .url(url)
            .header("Authorization", "Token token=" + settings.apiToken())
            .header("Accept", "application/vnd.pagerduty+json;version=2");
    if (!PagerDutySettings.blank(settings.fromEmail())) {
      request.header("From", settings.fromEmail());
    }
    return request;
  }

  private void event(PageRequest request, String action) {
    if (!settings.eventsConfigured()) {
      throw ExpectedFailures.notConfigured(
          "PagerDuty Events API routing key is not configured (PAGERDUTY_ROUTING_KEY)");
    }
    ObjectNode event = mapper.createObjectNode();
    event.put("routing_key", settings.routingKey());
    event.put("event_action", action);
    event.put("dedup_key", request.brief().incidentId());
    if (action.equals("trigger")) {
      ObjectNode payload = event.putObject("payload");
      payload.put("summary", request.brief().severity() + " " + request.brief().title());
      payload.put("source", request.brief().service());
      // With dynamic notifications PagerDuty makes critical/error high urgency, warning/info low.
      payload.put("severity", request.urgency() == PageUrgency.LOW ? "warning" : "critical");
      payload
          .putObject("custom_details")
          .put("incident", request.brief().incidentId())
          .put("severity", request.brief().severity().name())
          .put("urgency", urgency(request));
    }
    http.send(
        "events " + action,
        new Request.Builder()
            .url(settings.eventsUrl() + "/v2/enqueue")
            .post(RequestBody.create(event.toString(), JSON))
            .build());
  }
}
