package io.incidentresponse.activities.paging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.activities.HttpCalls;
import io.incidentresponse.workflows.activities.ExpectedFailures;
import io.incidentresponse.workflows.activities.FailureType;
import io.incidentresponse.workflows.activities.PageRequest;
import io.incidentresponse.workflows.activities.PagingActivities;
import io.incidentresponse.workflows.model.PageRef;
import io.temporal.failure.ApplicationFailure;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * {@link PagingActivities} on PagerDuty. An incident that came from PagerDuty is worked through the
 * REST API v2 on its PagerDuty incident; any other incident is paged through the Events API v2 with
 * the incident id as dedup key. Every call is safe to retry: status changes and escalation levels
 * are absolute, and the Events API dedups on the key.
 */
public class PagerDutyPagingActivities implements PagingActivities {
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
    if (request.page() != null) {
      note(
          request.page().id(),
          request.note() + " (incident workflow " + request.brief().incidentId() + ")");
      return request.page();
    }
    event(request, "trigger");
    return new PageRef(DEDUP + request.brief().incidentId(), null);
  }

  @Override
  public void escalatePage(PageRequest request) {
    String id = incidentId(request);
    ObjectNode incident = mapper.createObjectNode();
    incident
        .putObject("incident")
        .put("type", "incident_reference")
        // PagerDuty numbers escalation levels from 1; level 0 here is its level 1
        .put("escalation_level", request.level() + 1);
    rest("PUT", "/incidents/" + id, incident);
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
    ObjectNode incident = mapper.createObjectNode();
    incident.putObject("incident").put("type", "incident_reference").put("status", status);
    rest("PUT", "/incidents/" + page(request).id(), incident);
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
    if (PagerDutySettings.blank(settings.apiToken())) {
      throw ExpectedFailures.notConfigured(
          "PagerDuty REST API token is not configured (PAGERDUTY_API_TOKEN)");
    }
    Request.Builder request = restRequest(HttpUrl.get(settings.apiUrl() + path));
    request.method(method, RequestBody.create(body.toString(), JSON));
    http.send(method + " " + path, request.build());
  }

  private Request.Builder restRequest(HttpUrl url) {
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
    if (PagerDutySettings.blank(settings.routingKey())) {
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
      payload.put(
          "severity",
          switch (request.brief().severity()) {
            case P0 -> "critical";
            case P1 -> "error";
            case P2 -> "warning";
            case P3 -> "info";
          });
    }
    http.send(
        "events " + action,
        new Request.Builder()
            .url(settings.eventsUrl() + "/v2/enqueue")
            .post(RequestBody.create(event.toString(), JSON))
            .build());
  }
}
