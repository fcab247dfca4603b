package io.incidentresponse.activities.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.incidentresponse.activities.mitigation.Guardrails;
import io.incidentresponse.activities.prometheus.PrometheusSettings;
import io.incidentresponse.workflows.drill.DrillInjection;
import io.incidentresponse.workflows.drill.DrillScenarios;
import io.incidentresponse.workflows.drill.DrillTarget;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** demo-errors against the demo service's admin API, stood up by MockWebServer. */
class DemoErrorsScenarioTest {
  private static final String TOKEN = "demo-admin-token-for-tests";
  private final MockWebServer server = new MockWebServer();
  @TempDir Path reports;
  private DrillActivitiesImpl drills;

  @BeforeEach
  void start() throws Exception {
    server.start();
    drills =
        new DrillActivitiesImpl(
            new DrillSettings(reports.toString(), server.url("/").toString(), TOKEN),
            Guardrails.allowing(),
            null,
            PrometheusSettings.of(null, null),
            new OkHttpClient(),
            null);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void answer(int code, String resource) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/drill/" + resource)) {
      server.enqueue(
          new MockResponse.Builder()
              .code(code)
              .addHeader("Content-Type", "application/json")
              .body(new String(in.readAllBytes(), StandardCharsets.UTF_8))
              .build());
    }
  }

  private static DrillTarget target(Map<String, String> parameters) {
    return new DrillTarget(
        "drill-checkout", DrillScenarios.DEMO_ERRORS, "checkout", "shop", parameters, false);
  }

  @Test
  void theRateIsReadSetAndSetBackToWhatItWas() throws Exception {
    answer(200, "demo-failure-rate-0.json");
    answer(200, "demo-failure-rate-0.3.json");
    answer(200, "demo-failure-rate-0.json");

    DrillInjection injection = drills.capture(target(Map.of("rate", "0.3")));
    drills.inject(injection);
    String said = drills.revert(injection);

    RecordedRequest read = server.takeRequest();
    assertThat(read.getMethod()).isEqualTo("GET");
    assertThat(read.getUrl().encodedPath()).isEqualTo("/admin/failure-rate");
    assertThat(read.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    RecordedRequest set = server.takeRequest();
    assertThat(set.getMethod()).isEqualTo("POST");
    assertThat(set.getBody().utf8()).isEqualTo("{\"rate\":0.3}");
    RecordedRequest back = server.takeRequest();
    assertThat(back.getBody().utf8()).isEqualTo("{\"rate\":0.0}");
    assertThat(said).isEqualTo("failure rate set back to 0.0");
    assertThat(injection.description()).doesNotContain(TOKEN);
  }

  @Test
  void aWrongToken_isFinalAndNeverShowsTheToken() throws Exception {
    answer(401, "demo-401.json");

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> drills.capture(target(Map.of("rate", "0.3"))));

    assertThat(failure.getType()).isEqualTo(FailureType.INVALID_CREDENTIALS.type());
    assertThat(failure.getOriginalMessage()).doesNotContain(TOKEN);
  }

  @Test
  void aRateAboveOne_isABadRequestAndNothingIsSent() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> drills.capture(target(Map.of("rate", "1.5"))));

    assertThat(failure.getType()).isEqualTo(FailureType.BAD_REQUEST.type());
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void theSettingsNeverPrintTheToken() {
    assertThat(new DrillSettings(null, "http://checkout:8080", TOKEN).toString())
        .doesNotContain(TOKEN)
        .contains("(set)");
  }

  @Test
  void aServiceNameThatIsNotADnsLabel_neverReachesTheUrlWithTheToken() {
    DrillActivitiesImpl templated =
        new DrillActivitiesImpl(
            new DrillSettings(reports.toString(), "http://{service}:8080", TOKEN),
            Guardrails.allowing(),
            null,
            PrometheusSettings.of(null, null),
            new OkHttpClient(),
            null);

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                templated.capture(
                    new DrillTarget(
                        "drill-x",
                        DrillScenarios.DEMO_ERRORS,
                        "evil.example",
                        "shop",
                        Map.of("rate", "0.3"),
                        false)));

    assertThat(failure.getType()).isEqualTo(FailureType.BAD_REQUEST.type());
    assertThat(failure.getOriginalMessage()).contains("not a DNS label");
  }
}
