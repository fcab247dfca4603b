package io.incidentresponse.activities.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.activities.HttpCalls;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.maintenance.MaintenanceActivities;
import io.incidentresponse.workflows.maintenance.MaintenanceWorkflow;
import io.incidentresponse.workflows.maintenance.SilenceRequest;
import io.temporal.failure.ApplicationFailure;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Maintenance silences through Alertmanager's v2 API ({@code /api/v2/silences}). A silence's
 * comment ends with a marker naming the maintenance and its start, so a retried {@link #silence}
 * finds the silence it made instead of making a second one. Failures are classified by {@link
 * HttpCalls}.
 */
public class AlertmanagerSilences implements MaintenanceActivities {
  private static final MediaType JSON = MediaType.get("application/json");

  private final AlertmanagerSettings settings;
  private final HttpCalls http;
  private final ObjectMapper mapper = new ObjectMapper();

  public AlertmanagerSilences(AlertmanagerSettings settings, OkHttpClient client) {
    this.settings = settings;
    this.http = new HttpCalls("Alertmanager", client);
  }

  @Override
  public String silence(SilenceRequest request) {
    configured();
    String marker = marker(request);
    for (JsonNode silence : http.send("silence list", get(silences(request)))) {
      if (!"expired".equals(silence.path("status").path("state").asText())
          && silence.path("comment").asText().endsWith(marker)) {
        return silence.path("id").asText();
      }
    }
    return post(body(request, null));
  }

  @Override
  public String extendSilence(String silenceId, SilenceRequest request) {
    configured();
    try {
      return post(body(request, silenceId));
    } catch (ApplicationFailure e) {
      if (!FailureType.NOT_FOUND.type().equals(e.getType())) {
        throw e;
      }
      return silence(request);
    }
  }

  @Override
  public void expireSilence(String silenceId) {
    configured();
    HttpUrl one = url("api/v2/silence").newBuilder().addPathSegment(silenceId).build();
    try {
      JsonNode silence = http.send("silence " + silenceId, get(one));
      if ("expired".equals(silence.path("status").path("state").asText())) {
        return;
      }
      http.send("silence expiry", request(one).delete().build());
    } catch (ApplicationFailure e) {
      if (!FailureType.NOT_FOUND.type().equals(e.getType())) {
        throw e;
      }
    }
  }

  private String post(ObjectNode body) {
    JsonNode answer =
        http.send(
            "silence",
            request(url("api/v2/silences"))
                .post(RequestBody.create(body.toString(), JSON))
                .build());
    String id = answer.path("silenceID").asText("");
    if (id.isEmpty()) {
      throw ApplicationFailure.newFailure(
          "Alertmanager answered a silence without a silenceID: " + answer,
          FailureType.UNAVAILABLE.type());
    }
    return id;
  }

  private ObjectNode body(SilenceRequest request, String silenceId) {
    ObjectNode body = mapper.createObjectNode();
    if (silenceId != null) {
      body.put("id", silenceId);
    }
    ObjectNode matcher = body.putArray("matchers").addObject();
    if (MaintenanceWorkflow.ALL.equals(request.service())) {
      matcher.put("name", "alertname").put("value", ".+").put("isRegex", true);
    } else {
      matcher
          .put("name", settings.serviceLabel())
          .put("value", request.service())
          .put("isRegex", false);
    }
    matcher.put("isEqual", true);
    body.put("startsAt", request.startsAt().toString());
    body.put("endsAt", request.endsAt().toString());
    body.put("createdBy", request.createdBy() == null ? "incident-response" : request.createdBy());
    body.put(
        "comment", (request.comment() == null ? "" : request.comment() + " ") + marker(request));
    return body;
  }

  /** The silences that may be this maintenance's: those on its service label, or all. */
  private HttpUrl silences(SilenceRequest request) {
    HttpUrl.Builder url = url("api/v2/silences").newBuilder();
    if (!MaintenanceWorkflow.ALL.equals(request.service())) {
      url.addQueryParameter(
          "filter", settings.serviceLabel() + "=\"" + quoted(request.service()) + "\"");
    }
    return url.build();
  }

  private static String marker(SilenceRequest request) {
    return "[" + request.maintenanceId() + " since " + request.startsAt() + "]";
  }

  private static String quoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private Request get(HttpUrl url) {
    return request(url).get().build();
  }

  private Request.Builder request(HttpUrl url) {
    Request.Builder request = new Request.Builder().url(url).header("Accept", "application/json");
    if (!AlertmanagerSettings.blank(settings.bearerToken())) {
      request.header("Authorization", "Bearer " + settings.bearerToken());
    }
    return request;
  }

  private HttpUrl url(String path) {
    return HttpUrl.get(settings.url() + "/" + path);
  }

  private void configured() {
    if (!settings.configured()) {
      throw ExpectedFailures.notConfigured(
          "Alertmanager silences (incident.alertmanager.url) are not configured");
    }
  }
}
