package io.incidentresponse.activities.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RECENT_CHANGES probe against the ArgoCD API stood up by MockWebServer. */
class ArgoCdChangesTest {
  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.argocd-token.sig";
  private static final Instant FROM = Instant.parse("2025-11-26T13:00:00Z");
  private static final Instant TO = Instant.parse("2025-11-26T14:00:00Z");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-11-26T14:00:05Z"), ZoneOffset.UTC);
  private static final DiagnosisRequest REQUEST =
      new DiagnosisRequest("inc-42", "checkout", "shop", Map.of(), FROM, TO);
  private static final String R1 = "a0f9e8d7c6b5a4938271605f4e3d2c1b0a9f8e7d";
  private static final String R2 = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ArgoCdSettings settings(Map<String, String> applications, Duration window) {
    return new ArgoCdSettings(server.url("/").toString(), TOKEN, applications, window);
  }

  private Finding changes() {
    return changes(settings(null, null), new OkHttpClient());
  }

  private Finding changes(ArgoCdSettings settings, OkHttpClient client) {
    return new ArgoCdChanges(settings, client, CLOCK).listRecentChanges(REQUEST);
  }

  private void answer(int code, String resource) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader(
                "Content-Type", resource.endsWith(".html") ? "text/html" : "application/json")
            .body(resource("/argocd/" + resource))
            .build());
  }

  private static String resource(String path) {
    try (InputStream in = ArgoCdChangesTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Consumer<ApplicationFailure> failure(
      String type, boolean nonRetryable, String... fragments) {
    return f -> {
      assertThat(f.getType()).isEqualTo(type);
      assertThat(f.isNonRetryable()).isEqualTo(nonRetryable);
      assertThat(f.getOriginalMessage()).contains(fragments).doesNotContain(TOKEN);
    };
  }

  @Test
  void deployInTheWindow_isAnAnomalyWithRevisionsAndHealth() {
    answer(200, "application-recent-deploy.json");

    Finding finding = changes();

    assertThat(finding.probe()).isEqualTo(DiagnosisProbe.RECENT_CHANGES);
    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.summary())
        .isEqualTo(
            "checkout deployed a1b2c3d at 13:50 UTC, 10 min before detection; previous a0f9e8d;"
                + " health Degraded since 13:52 UTC");
    assertThat(finding.facts())
        .containsExactly(
            Map.entry(FindingFacts.CHANGE_AT, "2025-11-26T13:50:02Z"),
            Map.entry(FindingFacts.CHANGE_REVISION, R2),
            Map.entry(FindingFacts.CHANGE_PREVIOUS_REVISION, R1));
    assertThat(finding.evidence())
        .containsExactly(
            "deployed a1b2c3d at 13:50 UTC, 10 min before detection; previous a0f9e8d",
            "source https://github.com/acme/shop-deploy.git path apps/checkout/overlays/prod @ main",
            "health Degraded since 13:52 UTC");
    assertThat(finding.proposals()).isEmpty();
    assertThat(finding.observedAt()).isEqualTo(CLOCK.instant());
  }

  @Test
  void request_getsTheApplicationWithTheBearerToken() throws Exception {
    answer(200, "application-recent-deploy.json");

    changes();

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v1/applications/checkout");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void aWiderWindow_countsEveryDeployInIt_newestFirst() {
    answer(200, "application-recent-deploy.json");

    Finding finding = changes(settings(null, Duration.ofHours(6)), new OkHttpClient());

    assertThat(finding.summary()).contains("(2 deploys in the window)");
    assertThat(finding.evidence().subList(0, 2))
        .containsExactly(
            "deployed a1b2c3d at 13:50 UTC, 10 min before detection; previous a0f9e8d",
            "deployed a0f9e8d at 09:12 UTC, 4 h 48 min before detection; previous 7c41d2e");
    assertThat(finding.fact(FindingFacts.CHANGE_REVISION)).isEqualTo(R2);
  }

  @Test
  void noDeployInTheWindow_isHealthyButShowsOutOfSyncAndAFailedSync() throws Exception {
    answer(200, "application-no-recent-deploy.json");

    Finding finding =
        changes(settings(Map.of("checkout", "checkout-prod"), null), new OkHttpClient());

    assertThat(server.takeRequest().getUrl().encodedPath())
        .isEqualTo("/api/v1/applications/checkout-prod");
    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.summary())
        .startsWith(
            "no deploys of checkout (ArgoCD checkout-prod) in the 1 h before 14:00 UTC; last"
                + " deployed a0f9e8d at 2025-11-26 09:12 UTC; OutOfSync with f00dbab; last sync"
                + " Failed for f00dbab at 13:55 UTC: one or more synchronization tasks");
    assertThat(finding.evidence())
        .containsExactly(
            "last deployed a0f9e8d at 2025-11-26 09:12 UTC",
            "OutOfSync with f00dbab",
            "last sync Failed for f00dbab at 13:55 UTC: one or more synchronization tasks completed"
                + " unsuccessfully, reason: Job.batch \"db-migrate\" is invalid");
    assertThat(finding.facts()).isEmpty();
  }

  @Test
  void noHistory_isHealthyWithNoDeploysRecorded() {
    answer(200, "application-no-history.json");

    Finding finding = changes();

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.summary())
        .isEqualTo(
            "no deploys of checkout in the 1 h before 14:00 UTC; no deploys recorded; health"
                + " Missing");
    assertThat(finding.facts()).isEmpty();
  }

  @Test
  void unknownApplication_isNotFound() {
    answer(404, "not-found-404.json");

    assertThatThrownBy(this::changes)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure("NOT_FOUND", true, "404", "applications.argoproj.io \"checkout\" not found"));
  }

  @Test
  void expiredToken_401_isFinal() {
    answer(401, "unauthenticated-401.json");

    assertThatThrownBy(this::changes)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure("INVALID_CREDENTIALS", true, "401", "token is expired"));
  }

  @Test
  void permissionDenied_403_isFinalAndHintsAtTheApplicationName() {
    answer(403, "permission-denied-403.json");

    assertThatThrownBy(this::changes)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure(
                "INVALID_CREDENTIALS",
                true,
                "403",
                "permission denied",
                "check that application checkout exists"));
  }

  @Test
  void unavailable503_isRetryable() {
    answer(503, "unavailable-503.html");

    assertThatThrownBy(this::changes)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure("UNAVAILABLE", false, "503", "Service Temporarily Unavailable"));
  }

  @Test
  void malformedJson_isRetryableUnavailable() {
    server.enqueue(
        new MockResponse.Builder().code(200).body("{\"metadata\":{\"name\":\"checkout\"").build());

    assertThatThrownBy(this::changes)
        .isInstanceOfSatisfying(
            ApplicationFailure.class, failure("UNAVAILABLE", false, "not JSON"));
  }

  @Test
  void jsonThatIsNotAnApplication_isRetryableUnavailable() {
    server.enqueue(new MockResponse.Builder().code(200).body("{\"items\":null}").build());

    assertThatThrownBy(this::changes)
        .isInstanceOfSatisfying(
            ApplicationFailure.class, failure("UNAVAILABLE", false, "not the ArgoCD API"));
  }

  @Test
  void slowAnswer_timesOutAsRetryableUnavailable() {
    server.enqueue(
        new MockResponse.Builder()
            .headersDelay(2, TimeUnit.SECONDS)
            .body(resource("/argocd/application-no-history.json"))
            .build());
    OkHttpClient impatient = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(200)).build();

    assertThatThrownBy(() -> changes(settings(null, null), impatient))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, failure("UNAVAILABLE", false, "timed out"));
  }

  @Test
  void settings_defaultsAndNoTokenInToString() {
    ArgoCdSettings defaults = new ArgoCdSettings("https://argocd.example.com/", TOKEN, null, null);

    assertThat(defaults.url()).isEqualTo("https://argocd.example.com");
    assertThat(defaults.window()).isEqualTo(Duration.ofHours(1));
    assertThat(defaults.application("checkout")).isEqualTo("checkout");
    assertThat(defaults.configured()).isTrue();
    assertThat(new ArgoCdSettings(null, null, null, null).configured()).isFalse();
    assertThat(defaults.toString()).doesNotContain(TOKEN).contains("token=(set)");
  }
}
