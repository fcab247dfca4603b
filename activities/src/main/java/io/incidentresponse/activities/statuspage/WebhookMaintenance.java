package io.incidentresponse.activities.statuspage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.activities.HttpCalls;
import io.incidentresponse.workflows.communication.StatusPageRef;
import io.incidentresponse.workflows.maintenance.MaintenanceNotice;
import io.incidentresponse.workflows.maintenance.MaintenanceNoticeActivities;
import okhttp3.OkHttpClient;

/**
 * {@link MaintenanceNoticeActivities} for any other status page: POSTs {@code event} =
 * maintenance_started, maintenance_extended or maintenance_completed, with the maintenance's id,
 * service, components, text and times, to the status-page webhook's URL. Each request carries an
 * {@code Idempotency-Key} (maintenance id, event and, for an extension, the new end).
 */
public class WebhookMaintenance implements MaintenanceNoticeActivities {
  private final WebhookStatusPageSettings settings;
  private final HttpCalls http;
  private final ObjectMapper mapper = new ObjectMapper();

  public WebhookMaintenance(WebhookStatusPageSettings settings, OkHttpClient client) {
    this.settings = settings;
    this.http = new HttpCalls("status-page webhook", client);
  }

  @Override
  public StatusPageRef announceMaintenance(MaintenanceNotice notice) {
    send("maintenance_started", notice);
    return new StatusPageRef(notice.maintenanceId(), null);
  }

  @Override
  public void rescheduleMaintenance(MaintenanceNotice notice) {
    send("maintenance_extended", notice);
  }

  @Override
  public void completeMaintenance(MaintenanceNotice notice) {
    send("maintenance_completed", notice);
  }

  private void send(String event, MaintenanceNotice notice) {
    ObjectNode body = mapper.createObjectNode();
    body.put("event", event);
    body.put("maintenanceId", notice.maintenanceId());
    body.put("service", notice.service());
    var components = body.putArray("components");
    notice.components().forEach(components::add);
    body.put("title", notice.title());
    body.put("message", notice.message());
    body.put("startsAt", notice.startsAt().toString());
    body.put("endsAt", notice.endsAt().toString());
    String key =
        notice.maintenanceId()
            + ":"
            + event
            + (event.equals("maintenance_extended") ? ":" + notice.endsAt() : "");
    http.send(
        event,
        WebhookStatusPageActivities.post(
            settings.webhookUrl(), settings.webhookToken(), key, body));
  }
}
