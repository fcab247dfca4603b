package io.incidentresponse.activities.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentresponse.workflows.maintenance.SilenceRequest;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Maintenance silences against Alertmanager's v2 API stood up by MockWebServer, with the bodies a
 * real Alertmanager 0.25 answered.
 */
class AlertmanagerSilencesTest {
  private static final String ID = "25dc2c99-089b-446e-a6fd-c5eb71bbb1ab";
  private static final Instant START = Instant.parse("2026-11-29T23:19:24Z");
  private static final SilenceRequest CHECKOUT =
      new SilenceRequest(
          "maintenance-checkout",
          "checkout",
          START,
          START.plusSeconds(3600),
          "alice",
          "Maintenance maintenance-checkout: db upgrade");

  private final MockWebServer server = new MockWebServer();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private AlertmanagerSilences silences(String token) {
    return new AlertmanagerSilences(
        new AlertmanagerSettings(server.url("/").toString(), token, null), new OkHttpClient());
  }

  private void answer(int code, String resource) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json")
            .body(resource == null ? "" : resource("/alertmanager/" + resource))
            .build());
  }

  private RecordedRequest next() throws InterruptedException {
    return server.takeRequest(5, TimeUnit.SECONDS);
  }

  @Test
  void aNewMaintenance_postsOneSilenceOnTheServiceLabelEndingAtTheDeadline() throws Exception {
    answer(200, "silences-none.json");
    answer(200, "silence-created.json");

    assertThat(silences("am-token").silence(CHECKOUT)).isEqualTo(ID);

    RecordedRequest list = next();
    assertThat(list.getMethod()).isEqualTo("GET");
    assertThat(list.getUrl().queryParameter("filter")).isEqualTo("service=\"checkout\"");
    assertThat(list.getHeaders().get("Authorization")).isEqualTo("Bearer am-token");
    RecordedRequest post = next();
    assertThat(post.getMethod()).isEqualTo("POST");
    assertThat(post.getUrl().encodedPath()).isEqualTo("/api/v2/silences");
    JsonNode body = json.readTree(post.getBody().utf8());
    assertThat(body.has("id")).isFalse();
    assertThat(body.at("/matchers/0/name").asText()).isEqualTo("service");
    assertThat(body.at("/matchers/0/value").asText()).isEqualTo("checkout");
    assertThat(body.at("/matchers/0/isRegex").asBoolean()).isFalse();
    assertThat(body.at("/matchers/0/isEqual").asBoolean()).isTrue();
    assertThat(body.get("endsAt").asText()).isEqualTo("2026-11-30T00:19:24Z");
    assertThat(body.get("createdBy").asText()).isEqualTo("alice");
    assertThat(body.get("comment").asText())
        .isEqualTo(
            "Maintenance maintenance-checkout: db upgrade"
                + " [maintenance-checkout since 2026-11-29T23:19:24Z]");
  }

  @Test
  void aRetriedSilence_findsTheOneItMadeAndPostsNothing() throws Exception {
    answer(200, "silences-active.json");
    AlertmanagerSilences silences = silences(null);

    assertThat(silences.silence(CHECKOUT)).isEqualTo(ID);

    assertThat(next().getMethod()).isEqualTo("GET");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anExpiredSilenceOfThisMaintenance_isNotTakenForANewOne() throws Exception {
    answer(200, "silences-expired.json");
    answer(200, "silence-created.json");

    assertThat(silences(null).silence(CHECKOUT)).isEqualTo(ID);

    next();
    assertThat(next().getMethod()).isEqualTo("POST");
  }

  @Test
  void theSameServiceInAnotherMaintenance_getsItsOwnSilence() throws Exception {
    answer(200, "silences-active.json");
    answer(200, "silence-created.json");
    SilenceRequest later =
        new SilenceRequest(
            "maintenance-checkout",
            "checkout",
            START.plusSeconds(7200),
            START.plusSeconds(9000),
            "bob",
            null);

    silences(null).silence(later);

    next();
    RecordedRequest post = next();
    assertThat(post.getMethod()).isEqualTo("POST");
    assertThat(json.readTree(post.getBody().utf8()).get("comment").asText())
        .isEqualTo("[maintenance-checkout since 2026-11-30T01:19:24Z]");
  }

  @Test
  void everyService_isAnAlertnameRegexAndListsWithoutAFilter() throws Exception {
    answer(200, "silences-none.json");
    answer(200, "silence-created.json");
    SilenceRequest all =
        new SilenceRequest(
            "maintenance-all", "all", START, START.plusSeconds(600), "alice", "region move");

    silences(null).silence(all);

    assertThat(next().getUrl().queryParameter("filter")).isNull();
    JsonNode body = json.readTree(next().getBody().utf8());
    assertThat(body.at("/matchers/0/name").asText()).isEqualTo("alertname");
    assertThat(body.at("/matchers/0/value").asText()).isEqualTo(".+");
    assertThat(body.at("/matchers/0/isRegex").asBoolean()).isTrue();
  }

  @Test
  void anActiveSilence_isDeleted_anExpiredOrGoneOneIsDoneAlready() throws Exception {
    answer(200, "silence-active.json");
    answer(200, null);
    answer(200, "silence-expired.json");
    answer(404, null);
    AlertmanagerSilences silences = silences(null);

    silences.expireSilence(ID);
    silences.expireSilence(ID);
    silences.expireSilence(ID);

    assertThat(next().getMethod()).isEqualTo("GET");
    RecordedRequest delete = next();
    assertThat(delete.getMethod()).isEqualTo("DELETE");
    assertThat(delete.getUrl().encodedPath()).isEqualTo("/api/v2/silence/" + ID);
    assertThat(next().getMethod()).isEqualTo("GET");
    assertThat(next().getMethod()).isEqualTo("GET");
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void anExtension_updatesTheSilenceById_andMakesANewOneWhenItIsGone() throws Exception {
    answer(200, "silence-created.json");
    answer(404, null);
    answer(200, "silences-none.json");
    answer(200, "silence-created.json");
    AlertmanagerSilences silences = silences(null);

    assertThat(silences.extendSilence(ID, CHECKOUT)).isEqualTo(ID);
    assertThat(silences.extendSilence(ID, CHECKOUT)).isEqualTo(ID);

    assertThat(json.readTree(next().getBody().utf8()).get("id").asText()).isEqualTo(ID);
    assertThat(next().getMethod()).isEqualTo("POST");
    assertThat(next().getMethod()).isEqualTo("GET");
    RecordedRequest fresh = next();
    assertThat(fresh.getMethod()).isEqualTo("POST");
    assertThat(json.readTree(fresh.getBody().utf8()).has("id")).isFalse();
  }

  @Test
  void aSilenceAlertmanagerRefuses_isABadRequestNamingWhy() {
    answer(200, "silences-none.json");
    answer(400, "silence-bad-time.json");

    assertThatThrownBy(() -> silences(null).silence(CHECKOUT))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            e -> {
              assertThat(e.getType()).isEqualTo("BAD_REQUEST");
              assertThat(e.isNonRetryable()).isTrue();
              assertThat(e.getOriginalMessage()).contains("start time must be before end time");
            });
  }

  @Test
  void withoutAnAlertmanagerUrl_itIsNotConfigured() {
    AlertmanagerSilences none =
        new AlertmanagerSilences(new AlertmanagerSettings(null, null, null), new OkHttpClient());

    assertThatThrownBy(() -> none.silence(CHECKOUT))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            e -> {
              assertThat(e.getType()).isEqualTo("NOT_CONFIGURED");
              assertThat(e.getOriginalMessage()).contains("incident.alertmanager.url");
            });
    assertThat(server.getRequestCount()).isZero();
  }

  private static String resource(String path) {
    try (InputStream in = AlertmanagerSilencesTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
