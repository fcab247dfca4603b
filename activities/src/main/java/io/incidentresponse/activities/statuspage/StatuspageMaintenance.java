package io.incidentresponse.activities.statuspage;

import static io.incidentresponse.activities.statuspage.AtlassianStatuspageActivities.METADATA_KEY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.activities.HttpCalls;
import io.incidentresponse.workflows.communication.StatusPageRef;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.maintenance.MaintenanceNotice;
import io.incidentresponse.workflows.maintenance.MaintenanceNoticeActivities;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * {@link MaintenanceNoticeActivities} on Atlassian Statuspage: a scheduled maintenance (an incident
 * with {@code scheduled_for}/{@code scheduled_until}), in progress from the start with its
 * components under maintenance, completed at the end. Announcing is idempotent: the activity
 * heartbeats what it created, and before creating looks for an active or upcoming maintenance whose
 * metadata carries the maintenance's id.
 */
public class StatuspageMaintenance implements MaintenanceNoticeActivities {
  private static final MediaType JSON = MediaType.get("application/json");

  private final StatuspageSettings settings;
  private final HttpCalls http;
  private final ObjectMapper mapper = new ObjectMapper();

  public StatuspageMaintenance(StatuspageSettings settings, OkHttpClient client) {
    this.settings = settings;
    this.http = new HttpCalls("Statuspage", client);
  }

  @Override
  public StatusPageRef announceMaintenance(MaintenanceNotice notice) {
    Optional<String> created = Activity.getExecutionContext().getHeartbeatDetails(String.class);
    if (created.isPresent()) {
      return new StatusPageRef(created.get(), null);
    }
    for (String list : new String[] {"/incidents/active_maintenance", "/incidents/upcoming"}) {
      for (JsonNode existing : http.send("list maintenances", request(list).get().build())) {
        if (notice
            .maintenanceId()
            .equals(existing.at("/metadata/" + METADATA_KEY + "/maintenance_id").asText(null))) {
          return new StatusPageRef(
              existing.path("id").asText(), existing.path("shortlink").asText(null));
        }
      }
    }
    ObjectNode body = mapper.createObjectNode();
    ObjectNode incident = body.putObject("incident");
    incident.put("name", notice.title());
    incident.put("status", "in_progress");
    incident.put("body", notice.message());
    incident.put("scheduled_for", notice.startsAt().toString());
    incident.put("scheduled_until", notice.endsAt().toString());
    incident.put("scheduled_remind_prior", false);
    incident.put("scheduled_auto_in_progress", true);
    incident.put("scheduled_auto_completed", true);
    incident.put("deliver_notifications", true);
    components(incident, notice, "under_maintenance");
    incident
        .putObject("metadata")
        .putObject(METADATA_KEY)
        .put("maintenance_id", notice.maintenanceId());
    JsonNode answer =
        http.send("create maintenance", request("/incidents").post(json(body)).build());
    String id = answer.path("id").asText();
    Activity.getExecutionContext().heartbeat(id);
    return new StatusPageRef(id, answer.path("shortlink").asText(null));
  }

  @Override
  public void rescheduleMaintenance(MaintenanceNotice notice) {
    ObjectNode body = mapper.createObjectNode();
    body.putObject("incident").put("scheduled_until", notice.endsAt().toString());
    patch("reschedule maintenance", notice, body);
  }

  @Override
  public void completeMaintenance(MaintenanceNotice notice) {
    ObjectNode body = mapper.createObjectNode();
    ObjectNode incident = body.putObject("incident");
    incident.put("status", "completed");
    incident.put("body", "The scheduled maintenance has been completed.");
    components(incident, notice, "operational");
    patch("complete maintenance", notice, body);
  }

  private void patch(String what, MaintenanceNotice notice, ObjectNode body) {
    if (notice.existing() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no status-page maintenance to change", FailureType.NOT_FOUND.type());
    }
    http.send(what, request("/incidents/" + notice.existing().id()).patch(json(body)).build());
  }

  private static void components(ObjectNode incident, MaintenanceNotice notice, String status) {
    if (notice.components().isEmpty()) {
      return;
    }
    var ids = incident.putArray("component_ids");
    ObjectNode statuses = incident.putObject("components");
    for (String component : notice.components()) {
      ids.add(component);
      statuses.put(component, status);
    }
  }

  private Request.Builder request(String path) {
    return AtlassianStatuspageActivities.pageRequest(settings, path);
  }

  private RequestBody json(JsonNode body) {
    return RequestBody.create(body.toString(), JSON);
  }
}
