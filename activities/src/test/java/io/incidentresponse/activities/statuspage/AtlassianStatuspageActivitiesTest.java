package io.incidentresponse.activities.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.communication.StatusPageActivities;
import io.incidentresponse.workflows.communication.StatusPageNotice;
import io.incidentresponse.workflows.communication.StatusPageRef;
import io.incidentresponse.workflows.incident.Impact;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Atlassian Statuspage's API v1 stood up by MockWebServer. */
class AtlassianStatuspageActivitiesTest {
  private static final String KEY = "sp-api-key";
  private static final IncidentBrief BRIEF =
      new IncidentBrief(
          "inc-42",
          "Checkout errors",
          "checkout",
          "shop",
          Severity.P1,
          Impact.HIGH,
          Phase.INVESTIGATING,
          "incident-2026-11-26-1400",
          "C1",
          "alice",
          Instant.parse("2026-11-26T14:00:00Z"));
  private static final StatusPageNotice OPEN =
      new StatusPageNotice(
          BRIEF,
          null,
          "cmp-checkout",
          "important functionality being unavailable or failing",
          "We are currently investigating reports of Checkout errors. Next update: 14:30 UTC",
          null);

  private final MockWebServer statuspage = new MockWebServer();
  private final ObjectMapper json = new ObjectMapper();
  private TestActivityEnvironment temporal;
  private StatusPageActivities activities;

  @BeforeEach
  void start() throws Exception {
    statuspage.start();
    temporal = TestActivityEnvironment.newInstance();
    temporal.registerActivitiesImplementations(
        new AtlassianStatuspageActivities(
            new StatuspageSettings(KEY, "page1", statuspage.url("/").toString()),
            new OkHttpClient()));
    activities =
        temporal.newActivityStub(
            StatusPageActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(10))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  @AfterEach
  void stop() {
    temporal.close();
    statuspage.close();
  }

  private void answer(int code, String body) {
    statuspage.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json")
            .body(body)
            .build());
  }

  private JsonNode body(RecordedRequest request) throws Exception {
    return json.readTree(request.getBody().utf8());
  }

  @Test
  void open_createsAnIncidentWithComponentStatusAndOurIdInMetadata() throws Exception {
    answer(200, "[]");
    answer(
        201,
        "{\"id\":\"sp-9\",\"shortlink\":\"https://stspg.io/abc\",\"status\":\"investigating\"}");

    StatusPageRef ref = activities.openStatusIncident(OPEN);

    assertThat(ref).isEqualTo(new StatusPageRef("sp-9", "https://stspg.io/abc"));
    RecordedRequest list = statuspage.takeRequest();
    assertThat(list.getUrl().encodedPath()).isEqualTo("/v1/pages/page1/incidents/unresolved");
    assertThat(list.getHeaders().get("Authorization")).isEqualTo("OAuth " + KEY);
    RecordedRequest create = statuspage.takeRequest();
    assertThat(create.getMethod()).isEqualTo("POST");
    JsonNode incident = body(create).path("incident");
    assertThat(incident.path("name").asText()).isEqualTo("Checkout errors");
    assertThat(incident.path("status").asText()).isEqualTo("investigating");
    assertThat(incident.path("body").asText()).startsWith("We are currently investigating");
    assertThat(incident.at("/components/cmp-checkout").asText()).isEqualTo("partial_outage");
    assertThat(incident.at("/metadata/incident_response/incident_id").asText()).isEqualTo("inc-42");
  }

  @Test
  void retry_findsTheIncidentItMadeInsteadOfASecondOne() throws Exception {
    answer(
        200,
        "[{\"id\":\"sp-7\",\"shortlink\":\"https://stspg.io/x\",\"metadata\":{\"incident_response\":"
            + "{\"incident_id\":\"inc-42\"}}}]");

    StatusPageRef ref = activities.openStatusIncident(OPEN);

    assertThat(ref.id()).isEqualTo("sp-7");
    assertThat(statuspage.getRequestCount()).isEqualTo(1);
  }

  @Test
  void retryAfterACrash_usesTheHeartbeatAndCallsNothing() {
    temporal.setHeartbeatDetails("sp-8");

    assertThat(activities.openStatusIncident(OPEN).id()).isEqualTo("sp-8");
    assertThat(statuspage.getRequestCount()).isZero();
  }

  @Test
  void resolve_setsResolvedAndTheComponentOperational() throws Exception {
    answer(200, "{\"id\":\"sp-9\",\"status\":\"resolved\"}");

    activities.resolveStatusIncident(
        new StatusPageNotice(
            BRIEF, new StatusPageRef("sp-9", null), "cmp-checkout", "", "Resolved.", null));

    RecordedRequest patch = statuspage.takeRequest();
    assertThat(patch.getMethod()).isEqualTo("PATCH");
    assertThat(patch.getUrl().encodedPath()).isEqualTo("/v1/pages/page1/incidents/sp-9");
    assertThat(body(patch).at("/incident/status").asText()).isEqualTo("resolved");
    assertThat(body(patch).at("/incident/components/cmp-checkout").asText())
        .isEqualTo("operational");
  }

  @Test
  void badKey_isNotRetried() {
    answer(401, "{\"error\":\"Could not authenticate\"}");

    ActivityFailure failure = null;
    try {
      activities.openStatusIncident(OPEN);
    } catch (ActivityFailure e) {
      failure = e;
    }

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo("INVALID_CREDENTIALS");
    assertThat(cause.isNonRetryable()).isTrue();
    assertThat(cause.getOriginalMessage()).contains("Could not authenticate").doesNotContain(KEY);
  }
}
