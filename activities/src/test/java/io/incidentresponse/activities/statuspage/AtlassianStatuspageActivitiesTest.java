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

  /** The next request Statuspage received; fails instead of waiting for one that never comes. */
  private RecordedRequest next() throws InterruptedException {
    RecordedRequest request = statuspage.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(request).as("a request to Statuspage").isNotNull();
    return request;
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
    RecordedRequest list = next();
    assertThat(list.getUrl().encodedPath()).isEqualTo("/v1/pages/page1/incidents/unresolved");
    assertThat(list.getHeaders().get("Authorization")).isEqualTo("OAuth " + KEY);
    RecordedRequest create = next();
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
    pageShowsTheOpeningOnly();
    answer(200, "{\"id\":\"sp-9\",\"status\":\"resolved\"}");

    activities.resolveStatusIncident(
        new StatusPageNotice(
            BRIEF, new StatusPageRef("sp-9", null), "cmp-checkout", "", "Resolved.", null));

    assertThat(next().getMethod()).isEqualTo("GET");
    RecordedRequest patch = next();
    assertThat(patch.getMethod()).isEqualTo("PATCH");
    assertThat(patch.getUrl().encodedPath()).isEqualTo("/v1/pages/page1/incidents/sp-9");
    assertThat(body(patch).at("/incident/status").asText()).isEqualTo("resolved");
    assertThat(body(patch).at("/incident/components/cmp-checkout").asText())
        .isEqualTo("operational");
  }

  /** Statuspage's answer to PATCH /incidents/{id}: the incident, its newest update first. */
  private static String incidentWithUpdate(String status, String body) throws Exception {
    return new ObjectMapper()
        .writeValueAsString(
            java.util.Map.of(
                "id",
                "sp-9",
                "status",
                status,
                "shortlink",
                "https://stspg.io/abc",
                "incident_updates",
                java.util.List.of(
                    java.util.Map.of(
                        "id", "upd-2", "status", status, "body", body, "incident_id", "sp-9"),
                    java.util.Map.of(
                        "id",
                        "upd-1",
                        "status",
                        "investigating",
                        "body",
                        OPEN.message(),
                        "incident_id",
                        "sp-9"))));
  }

  private static final String UPDATE_TEXT =
      "We have identified the cause of Checkout errors and are working on a fix. Next update:"
          + " 15:00 UTC";

  private static StatusPageNotice update(Phase phase) {
    return new StatusPageNotice(
        new IncidentBrief(
            BRIEF.incidentId(),
            BRIEF.title(),
            BRIEF.service(),
            BRIEF.namespace(),
            BRIEF.severity(),
            BRIEF.impact(),
            phase,
            BRIEF.channelName(),
            BRIEF.channelId(),
            BRIEF.commander(),
            BRIEF.detectedAt()),
        new StatusPageRef("sp-9", "https://stspg.io/abc"),
        "cmp-checkout",
        "important functionality being unavailable or failing",
        UPDATE_TEXT,
        Instant.parse("2026-11-26T15:00:00Z"));
  }

  /** GET /incidents/{id} of an incident that shows the opening message only. */
  private void pageShowsTheOpeningOnly() throws Exception {
    answer(200, incidentWithUpdate("investigating", OPEN.message()));
  }

  private long patches() throws Exception {
    long patches = 0;
    for (int i = statuspage.getRequestCount(); i > 0; i--) {
      if (next().getMethod().equals("PATCH")) {
        patches++;
      }
    }
    return patches;
  }

  @Test
  void update_patchesTheIncidentWithTheUpdatesTextStatusAndComponent() throws Exception {
    pageShowsTheOpeningOnly();
    answer(200, incidentWithUpdate("identified", UPDATE_TEXT));

    activities.updateStatusIncident(update(Phase.MITIGATING));

    assertThat(statuspage.getRequestCount()).isEqualTo(2);
    RecordedRequest read = next();
    assertThat(read.getMethod()).isEqualTo("GET");
    assertThat(read.getUrl().encodedPath()).isEqualTo("/v1/pages/page1/incidents/sp-9");
    assertThat(read.getHeaders().get("Authorization")).isEqualTo("OAuth " + KEY);
    RecordedRequest patch = next();
    assertThat(patch.getMethod()).isEqualTo("PATCH");
    assertThat(patch.getUrl().encodedPath()).isEqualTo("/v1/pages/page1/incidents/sp-9");
    assertThat(patch.getHeaders().get("Authorization")).isEqualTo("OAuth " + KEY);
    assertThat(patch.getHeaders().get("Content-Type")).startsWith("application/json");
    JsonNode incident = body(patch).path("incident");
    assertThat(incident.path("status").asText()).isEqualTo("identified");
    assertThat(incident.path("body").asText()).isEqualTo(UPDATE_TEXT);
    assertThat(incident.at("/components/cmp-checkout").asText()).isEqualTo("partial_outage");
    // an update never renames the incident nor touches its metadata
    assertThat(incident.has("name")).isFalse();
    assertThat(incident.has("metadata")).isFalse();
  }

  @Test
  void update_whileMonitoring_saysMonitoring() throws Exception {
    pageShowsTheOpeningOnly();
    answer(200, incidentWithUpdate("monitoring", UPDATE_TEXT));

    activities.updateStatusIncident(update(Phase.MONITORING));

    next();
    assertThat(body(next()).at("/incident/status").asText()).isEqualTo("monitoring");
  }

  @Test
  void update_withoutAStatusPageIncident_failsNotFoundAndCallsNothing() {
    StatusPageNotice withoutRef =
        new StatusPageNotice(BRIEF, null, "cmp-checkout", "", UPDATE_TEXT, null);

    ActivityFailure failure = failureOf(() -> activities.updateStatusIncident(withoutRef));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo("NOT_FOUND");
    assertThat(cause.isNonRetryable()).isTrue();
    assertThat(statuspage.getRequestCount()).isZero();
  }

  @Test
  void update_retriedAfterTheAnswerWasLost_postsTheUpdateOnce() throws Exception {
    // the PATCH reached Statuspage (the update is on the page) but the gateway lost the answer
    pageShowsTheOpeningOnly();
    answer(502, "<html>Bad Gateway</html>");
    ActivityFailure lost =
        failureOf(() -> activities.updateStatusIncident(update(Phase.MITIGATING)));
    assertThat(((ApplicationFailure) lost.getCause()).isNonRetryable()).isFalse();

    // Temporal's next attempt, with the same notice
    answer(200, incidentWithUpdate("identified", UPDATE_TEXT));
    activities.updateStatusIncident(update(Phase.MITIGATING));

    assertThat(statuspage.getRequestCount()).isEqualTo(3);
    assertThat(patches()).as("subscribers are told once: no second PATCH").isEqualTo(1);
  }

  @Test
  void update_retriedAfterAFailureThatChangedNothing_postsItThen() throws Exception {
    pageShowsTheOpeningOnly();
    answer(503, "{\"error\":\"Service Unavailable\"}");
    failureOf(() -> activities.updateStatusIncident(update(Phase.MITIGATING)));

    pageShowsTheOpeningOnly();
    answer(200, incidentWithUpdate("identified", UPDATE_TEXT));
    activities.updateStatusIncident(update(Phase.MITIGATING));

    assertThat(statuspage.getRequestCount()).isEqualTo(4);
    assertThat(patches()).isEqualTo(2);
  }

  @Test
  void resolve_retriedAfterTheAnswerWasLost_resolvesOnce() throws Exception {
    StatusPageNotice resolution =
        new StatusPageNotice(
            BRIEF, new StatusPageRef("sp-9", null), "cmp-checkout", "", "Resolved.", null);
    pageShowsTheOpeningOnly();
    answer(502, "<html>Bad Gateway</html>");
    failureOf(() -> activities.resolveStatusIncident(resolution));

    answer(200, incidentWithUpdate("resolved", "Resolved."));
    activities.resolveStatusIncident(resolution);

    assertThat(statuspage.getRequestCount()).isEqualTo(3);
    assertThat(patches()).isEqualTo(1);
  }

  private static ActivityFailure failureOf(Runnable call) {
    try {
      call.run();
    } catch (ActivityFailure e) {
      return e;
    }
    throw new AssertionError("expected the activity to fail");
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
