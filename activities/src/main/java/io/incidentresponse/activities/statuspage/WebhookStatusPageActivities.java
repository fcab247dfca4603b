package io.incidentresponse.activities.statuspage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.activities.HttpCalls;
import io.incidentresponse.workflows.communication.StatusPageActivities;
import io.incidentresponse.workflows.communication.StatusPageNotice;
import io.incidentresponse.workflows.communication.StatusPageRef;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * {@link StatusPageActivities} for any other status page: each change is POSTed as JSON ({@code
 * event} = opened, updated or resolved, with the incident, its public text and next update time) to
 * one URL. Each request carries an {@code Idempotency-Key} (incident id, event and, for updates,
 * the update's content) so a receiver can drop a retried delivery.
 */
public class WebhookStatusPageActivities implements StatusPageActivities {
  private static final MediaType JSON = MediaType.get("application/json");

  private final String url;
  private final String bearerToken;
  private final HttpCalls http;
  private final ObjectMapper mapper = new ObjectMapper();

  public WebhookStatusPageActivities(WebhookStatusPageSettings settings, OkHttpClient client) {
    this.url = settings.webhookUrl();
    this.bearerToken = settings.webhookToken();
    this.http = new HttpCalls("status-page webhook", client);
  }

  @Override
  public StatusPageRef openStatusIncident(StatusPageNotice notice) {
    send("opened", notice);
    return new StatusPageRef(notice.brief().incidentId(), null);
  }

  @Override
  public void updateStatusIncident(StatusPageNotice notice) {
    send("updated", notice);
  }

  @Override
  public void resolveStatusIncident(StatusPageNotice notice) {
    send("resolved", notice);
  }

  private void send(String event, StatusPageNotice notice) {
    ObjectNode body = mapper.createObjectNode();
    body.put("event", event);
    body.put("incidentId", notice.brief().incidentId());
    body.put("title", notice.brief().title());
    body.put("service", notice.brief().service());
    body.put("impact", notice.brief().impact().name());
    body.put("component", notice.component());
    body.put("userImpact", notice.userImpact());
    body.put("message", notice.message());
    body.put(
        "nextUpdateAt", notice.nextUpdateAt() == null ? null : notice.nextUpdateAt().toString());
    String key =
        notice.brief().incidentId()
            + ":"
            + event
            + (event.equals("updated")
                ? ":" + Integer.toHexString(body.toString().hashCode())
                : "");
    http.send(event, post(url, bearerToken, key, body));
  }

  /** A POST of {@code body} to the webhook, with its idempotency key and bearer token. */
  static Request post(String url, String bearerToken, String idempotencyKey, ObjectNode body) {
    Request.Builder request =
        new Request.Builder()
            .url(url)
            .header("Idempotency-Key", idempotencyKey)
            .post(RequestBody.create(body.toString(), JSON));
    if (bearerToken != null) {
      request.header("Authorization", "Bearer " + bearerToken);
    }
    return request.build();
  }
}
