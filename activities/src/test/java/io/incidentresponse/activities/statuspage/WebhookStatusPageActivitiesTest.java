package io.incidentresponse.activities.statuspage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentresponse.workflows.communication.IncidentBrief;
import io.incidentresponse.workflows.communication.StatusPageNotice;
import io.incidentresponse.workflows.communication.StatusPageRef;
import io.incidentresponse.workflows.incident.Impact;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generic status-page webhook against MockWebServer. */
class WebhookStatusPageActivitiesTest {
  private static final IncidentBrief BRIEF =
      new IncidentBrief(
          "inc-7",
          "Search slow",
          "search",
          "shop",
          Severity.P2,
          Impact.MEDIUM,
          Phase.INVESTIGATING,
          "incident-2026-11-26-1400",
          null,
          null,
          Instant.parse("2026-11-26T14:00:00Z"));
  private static final StatusPageNotice NOTICE =
      new StatusPageNotice(
          BRIEF,
          null,
          "search",
          "degraded functionality, with workarounds available",
          "We are currently investigating reports of Search slow.",
          Instant.parse("2026-11-26T18:00:00Z"));

  private final MockWebServer receiver = new MockWebServer();
  private final ObjectMapper json = new ObjectMapper();
  private WebhookStatusPageActivities activities;

  @BeforeEach
  void start() throws Exception {
    receiver.start();
    activities =
        new WebhookStatusPageActivities(
            new WebhookStatusPageSettings(receiver.url("/status").toString(), "hook-secret"),
            new OkHttpClient());
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void openAndResolve_postTheEventsWithIdempotencyKeys() throws Exception {
    receiver.enqueue(new MockResponse.Builder().code(204).build());
    receiver.enqueue(new MockResponse.Builder().code(200).body("{}").build());

    StatusPageRef ref = activities.openStatusIncident(NOTICE);
    activities.resolveStatusIncident(
        new StatusPageNotice(BRIEF, ref, "search", "", "Resolved.", null));

    assertThat(ref.id()).isEqualTo("inc-7");
    RecordedRequest opened = receiver.takeRequest();
    assertThat(opened.getMethod()).isEqualTo("POST");
    assertThat(opened.getHeaders().get("Authorization")).isEqualTo("Bearer hook-secret");
    assertThat(opened.getHeaders().get("Idempotency-Key")).isEqualTo("inc-7:opened");
    JsonNode body = json.readTree(opened.getBody().utf8());
    assertThat(body.path("event").asText()).isEqualTo("opened");
    assertThat(body.path("impact").asText()).isEqualTo("MEDIUM");
    assertThat(body.path("nextUpdateAt").asText()).isEqualTo("2026-11-26T18:00:00Z");
    RecordedRequest resolved = receiver.takeRequest();
    assertThat(resolved.getHeaders().get("Idempotency-Key")).isEqualTo("inc-7:resolved");
    assertThat(json.readTree(resolved.getBody().utf8()).path("nextUpdateAt").isNull()).isTrue();
  }

  @Test
  void receiverErrors_areClassified() {
    receiver.enqueue(new MockResponse.Builder().code(403).body("forbidden").build());
    receiver.enqueue(new MockResponse.Builder().code(502).body("bad gateway").build());

    ApplicationFailure forbidden =
        catchThrowableOfType(ApplicationFailure.class, () -> activities.openStatusIncident(NOTICE));
    ApplicationFailure badGateway =
        catchThrowableOfType(
            ApplicationFailure.class, () -> activities.updateStatusIncident(NOTICE));

    assertThat(forbidden.getType()).isEqualTo("INVALID_CREDENTIALS");
    assertThat(forbidden.isNonRetryable()).isTrue();
    assertThat(badGateway.getType()).isEqualTo("UNAVAILABLE");
    assertThat(badGateway.isNonRetryable()).isFalse();
  }
}
