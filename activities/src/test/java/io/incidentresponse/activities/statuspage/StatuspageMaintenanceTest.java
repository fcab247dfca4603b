package io.incidentresponse.activities.statuspage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentresponse.workflows.communication.StatusPageRef;
import io.incidentresponse.workflows.maintenance.MaintenanceNotice;
import io.incidentresponse.workflows.maintenance.MaintenanceNoticeActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduled maintenance on Atlassian Statuspage's API v1 (stood up by MockWebServer) and on the
 * generic status-page webhook.
 */
class StatuspageMaintenanceTest {
  private static final String KEY = "sp-api-key";
  private static final Instant START = Instant.parse("2026-11-30T02:00:00Z");
  private static final Instant END = Instant.parse("2026-11-30T04:00:00Z");
  private static final MaintenanceNotice NOTICE =
      new MaintenanceNotice(
          "maintenance-checkout",
          "checkout",
          List.of("cmp-checkout", "cmp-cart"),
          "Scheduled maintenance: checkout",
          "We are performing scheduled maintenance on checkout: db upgrade",
          START,
          END,
          null);

  /** A scheduled maintenance as the API answers it (fields as its reference documents them). */
  private static final String CREATED =
      """
      {"id":"p31zjtct2jer","name":"Scheduled maintenance: checkout","status":"in_progress",
       "impact":"maintenance","shortlink":"https://stspg.io/m31zj",
       "scheduled_for":"2026-11-30T02:00:00.000Z","scheduled_until":"2026-11-30T04:00:00.000Z",
       "scheduled_remind_prior":false,"scheduled_auto_in_progress":true,
       "scheduled_auto_completed":true,"page_id":"page1",
       "metadata":{"incident_response":{"maintenance_id":"maintenance-checkout"}},
       "components":[{"id":"cmp-checkout","name":"Checkout","status":"under_maintenance"}]}
      """;

  private final MockWebServer statuspage = new MockWebServer();
  private final ObjectMapper json = new ObjectMapper();
  private TestActivityEnvironment temporal;
  private MaintenanceNoticeActivities atlassian;

  @BeforeEach
  void start() throws Exception {
    statuspage.start();
    temporal = TestActivityEnvironment.newInstance();
    temporal.registerActivitiesImplementations(
        new StatuspageMaintenance(
            new StatuspageSettings(KEY, "page1", statuspage.url("/").toString()),
            new OkHttpClient()));
    atlassian = stub(temporal);
  }

  private static MaintenanceNoticeActivities stub(TestActivityEnvironment env) {
    return env.newActivityStub(
        MaintenanceNoticeActivities.class,
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
  void announce_createsAScheduledMaintenanceInProgress_withItsComponentsUnderMaintenance()
      throws Exception {
    answer(200, "[]");
    answer(200, "[]");
    answer(201, CREATED);

    StatusPageRef ref = atlassian.announceMaintenance(NOTICE);

    assertThat(ref).isEqualTo(new StatusPageRef("p31zjtct2jer", "https://stspg.io/m31zj"));
    assertThat(statuspage.takeRequest().getUrl().encodedPath())
        .isEqualTo("/v1/pages/page1/incidents/active_maintenance");
    assertThat(statuspage.takeRequest().getUrl().encodedPath())
        .isEqualTo("/v1/pages/page1/incidents/upcoming");
    RecordedRequest create = statuspage.takeRequest();
    assertThat(create.getMethod()).isEqualTo("POST");
    assertThat(create.getHeaders().get("Authorization")).isEqualTo("OAuth " + KEY);
    JsonNode incident = body(create).path("incident");
    assertThat(incident.path("status").asText()).isEqualTo("in_progress");
    assertThat(incident.path("scheduled_for").asText()).isEqualTo("2026-11-30T02:00:00Z");
    assertThat(incident.path("scheduled_until").asText()).isEqualTo("2026-11-30T04:00:00Z");
    assertThat(incident.path("scheduled_auto_completed").asBoolean()).isTrue();
    assertThat(incident.at("/components/cmp-checkout").asText()).isEqualTo("under_maintenance");
    assertThat(incident.at("/components/cmp-cart").asText()).isEqualTo("under_maintenance");
    assertThat(incident.path("component_ids")).hasSize(2);
    assertThat(incident.at("/metadata/incident_response/maintenance_id").asText())
        .isEqualTo("maintenance-checkout");
  }

  @Test
  void retry_findsTheMaintenanceItMadeInsteadOfASecondOne() {
    answer(200, "[]");
    answer(200, "[" + CREATED + "]");

    StatusPageRef ref = atlassian.announceMaintenance(NOTICE);

    assertThat(ref.id()).isEqualTo("p31zjtct2jer");
    assertThat(statuspage.getRequestCount()).isEqualTo(2);
  }

  @Test
  void reschedule_movesItsEnd_andComplete_setsTheComponentsOperational() throws Exception {
    MaintenanceNotice made =
        new MaintenanceNotice(
            NOTICE.maintenanceId(),
            NOTICE.service(),
            NOTICE.components(),
            NOTICE.title(),
            NOTICE.message(),
            START,
            END.plusSeconds(3600),
            new StatusPageRef("p31zjtct2jer", null));
    answer(200, CREATED);
    answer(200, CREATED.replace("in_progress", "completed"));

    atlassian.rescheduleMaintenance(made);
    atlassian.completeMaintenance(made);

    RecordedRequest moved = statuspage.takeRequest();
    assertThat(moved.getMethod()).isEqualTo("PATCH");
    assertThat(moved.getUrl().encodedPath()).isEqualTo("/v1/pages/page1/incidents/p31zjtct2jer");
    assertThat(body(moved).at("/incident/scheduled_until").asText())
        .isEqualTo("2026-11-30T05:00:00Z");
    RecordedRequest completed = statuspage.takeRequest();
    assertThat(body(completed).at("/incident/status").asText()).isEqualTo("completed");
    assertThat(body(completed).at("/incident/components/cmp-cart").asText())
        .isEqualTo("operational");
  }

  @Test
  void completingWithoutAnAnnouncement_isNotFound_andCallsNothing() {
    ActivityFailure failure =
        catchThrowableOfType(ActivityFailure.class, () -> atlassian.completeMaintenance(NOTICE));

    assertThat(((ApplicationFailure) failure.getCause()).getType()).isEqualTo("NOT_FOUND");
    assertThat(statuspage.getRequestCount()).isZero();
  }

  @Test
  void aRejectedKey_isNotRetried_andTheKeyIsNotInTheMessage() {
    answer(401, "{\"error\":\"Could not authenticate\"}");

    ActivityFailure failure =
        catchThrowableOfType(ActivityFailure.class, () -> atlassian.announceMaintenance(NOTICE));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.isNonRetryable()).isTrue();
    assertThat(cause.getOriginalMessage()).doesNotContain(KEY);
  }

  @Test
  void theWebhook_getsEachEventOnce_withAnIdempotencyKeyAndTheToken() throws Exception {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(
          new WebhookMaintenance(
              new WebhookStatusPageSettings(statuspage.url("/hook").toString(), "hook-token"),
              new OkHttpClient()));
      MaintenanceNoticeActivities webhook = stub(env);
      answer(202, "{}");
      answer(202, "{}");
      answer(202, "{}");

      StatusPageRef ref = webhook.announceMaintenance(NOTICE);
      webhook.rescheduleMaintenance(NOTICE);
      webhook.completeMaintenance(NOTICE);

      assertThat(ref.id()).isEqualTo("maintenance-checkout");
      RecordedRequest started = statuspage.takeRequest();
      assertThat(started.getHeaders().get("Authorization")).isEqualTo("Bearer hook-token");
      assertThat(started.getHeaders().get("Idempotency-Key"))
          .isEqualTo("maintenance-checkout:maintenance_started");
      assertThat(body(started).path("event").asText()).isEqualTo("maintenance_started");
      assertThat(body(started).path("components")).hasSize(2);
      assertThat(body(started).path("endsAt").asText()).isEqualTo("2026-11-30T04:00:00Z");
      assertThat(statuspage.takeRequest().getHeaders().get("Idempotency-Key"))
          .isEqualTo("maintenance-checkout:maintenance_extended:2026-11-30T04:00:00Z");
      assertThat(body(statuspage.takeRequest()).path("event").asText())
          .isEqualTo("maintenance_completed");
    } finally {
      env.close();
    }
  }
}
