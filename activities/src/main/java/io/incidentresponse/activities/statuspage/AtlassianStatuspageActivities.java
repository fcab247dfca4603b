package io.incidentresponse.activities.statuspage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.activities.HttpCalls;
import io.incidentresponse.workflows.communication.StatusPageActivities;
import io.incidentresponse.workflows.communication.StatusPageNotice;
import io.incidentresponse.workflows.communication.StatusPageRef;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.incident.Phase;
import io.temporal.activity.Activity;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * {@link StatusPageActivities} on Atlassian Statuspage. Opening is idempotent per incident: the
 * activity heartbeats the status-page incident it created (kept by Temporal across attempts), and
 * before creating one it looks for an unresolved one whose metadata carries this incident's id.
 * Updating and resolving are idempotent too: each first reads the incident and sends nothing when
 * its newest update already has this status and text.
 */
public class AtlassianStatuspageActivities implements StatusPageActivities {
  private static final MediaType JSON = MediaType.get("application/json");
  static final String METADATA_KEY = "incident_response";

  private final StatuspageSettings settings;
  private final HttpCalls http;
  private final ObjectMapper mapper = new ObjectMapper();

  public AtlassianStatuspageActivities(StatuspageSettings settings, OkHttpClient client) {
    this.settings = settings;
    this.http = new HttpCalls("Statuspage", client);
  }

  @Override
  public StatusPageRef openStatusIncident(StatusPageNotice notice) {
    Optional<String> created = Activity.getExecutionContext().getHeartbeatDetails(String.class);
    if (created.isPresent()) {
      return new StatusPageRef(created.get(), null);
    }
    String incidentId = notice.brief().incidentId();
    JsonNode unresolved =
        http.send("list unresolved", request("/incidents/unresolved").get().build());
    for (JsonNode existing : unresolved) {
      if (incidentId.equals(
          existing.at("/metadata/" + METADATA_KEY + "/incident_id").asText(null))) {
        return new StatusPageRef(
            existing.path("id").asText(), existing.path("shortlink").asText(null));
      }
    }
    ObjectNode body = mapper.createObjectNode();
    ObjectNode incident = body.putObject("incident");
    incident.put("name", notice.brief().title());
    incident.put("status", "investigating");
    incident.put("body", notice.message());
    incident.put("deliver_notifications", true);
    if (notice.component() != null && !notice.component().isBlank()) {
      incident.putArray("component_ids").add(notice.component());
      incident.putObject("components").put(notice.component(), componentStatus(notice));
    }
    incident.putObject("metadata").putObject(METADATA_KEY).put("incident_id", incidentId);
    JsonNode answer = http.send("create incident", request("/incidents").post(json(body)).build());
    String id = answer.path("id").asText();
    Activity.getExecutionContext().heartbeat(id);
    return new StatusPageRef(id, answer.path("shortlink").asText(null));
  }

  @Override
  public void updateStatusIncident(StatusPageNotice notice) {
    patch(notice, notice.brief().phase() == Phase.MONITORING ? "monitoring" : "identified");
  }

  @Override
  public void resolveStatusIncident(StatusPageNotice notice) {
    patch(notice, "resolved");
  }

  private void patch(StatusPageNotice notice, String status) {
    if (notice.existing() == null) {
      throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
          "no status-page incident to change", FailureType.NOT_FOUND.type());
    }
    String path = "/incidents/" + notice.existing().id();
    if (alreadyPosted(path, status, notice.message())) {
      return;
    }
    ObjectNode body = mapper.createObjectNode();
    ObjectNode incident = body.putObject("incident");
    incident.put("status", status);
    incident.put("body", notice.message());
    if (notice.component() != null && !notice.component().isBlank()) {
      incident
          .putObject("components")
          .put(
              notice.component(),
              status.equals("resolved") ? "operational" : componentStatus(notice));
    }
    http.send("update incident", request(path).patch(json(body)).build());
  }

  /**
   * Whether the page's newest update already says this: a retry after a PATCH that landed but whose
   * answer was lost (timeout, a gateway's 502). Every PATCH with a body is a new public update
   * mailed to subscribers, so sending it again would tell them twice.
   */
  private boolean alreadyPosted(String path, String status, String message) {
    JsonNode newest =
        http.send("read incident", request(path).get().build()).path("incident_updates").path(0);
    return status.equals(newest.path("status").asText(null))
        && message.equals(newest.path("body").asText(null));
  }

  private static String componentStatus(StatusPageNotice notice) {
    return switch (notice.brief().impact()) {
      case CRITICAL -> "major_outage";
      case HIGH -> "partial_outage";
      case MEDIUM, LOW -> "degraded_performance";
    };
  }

  private Request.Builder request(String path) {
    return pageRequest(settings, path);
  }

  /** A request to {@code path} under the page, with the API key. */
  static Request.Builder pageRequest(StatuspageSettings settings, String path) {
    return new Request.Builder()
        .url(settings.apiUrl() + "/v1/pages/" + settings.pageId() + path)
        .header("Authorization", "OAuth " + settings.apiKey());
  }

  private RequestBody json(JsonNode body) {
    return RequestBody.create(body.toString(), JSON);
  }
}
