package io.incidentresponse.activities.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.incidentresponse.workflows.drill.DrillStopCondition;
import io.incidentresponse.workflows.drill.StopCheck;
import io.incidentresponse.workflows.drill.StopCheckRequest;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A drill's stop conditions against a Prometheus stood up by MockWebServer. */
class PrometheusStopCheckTest {
  private final MockWebServer server = new MockWebServer();
  private PrometheusStopCheck check;

  @BeforeEach
  void start() throws Exception {
    server.start();
    check =
        new PrometheusStopCheck(
            PrometheusSettings.of(server.url("/").toString(), null), new OkHttpClient());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void answer(int code, String resource) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/prometheus/" + resource)) {
      server.enqueue(
          new MockResponse.Builder()
              .code(code)
              .addHeader("Content-Type", "application/json")
              .body(new String(in.readAllBytes(), StandardCharsets.UTF_8))
              .build());
    }
  }

  private static StopCheckRequest request(DrillStopCondition... conditions) {
    return new StopCheckRequest("checkout", "shop", List.of(conditions));
  }

  @Test
  void anErrorRatioAboveTheBound_tripsNamingTheValue() throws Exception {
    answer(200, "incident/error-ratio-now.json"); // 0.124

    StopCheck seen = check.check(request(new DrillStopCondition("errorRatio", 0.1)));

    assertThat(seen.tripped()).isTrue();
    assertThat(seen.detail()).isEqualTo("errorRatio 0.124 above 0.100");
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().queryParameter("query"))
        .isEqualTo(
            PrometheusSettings.of("http://p", null)
                .query(PrometheusSettings.ERROR_RATIO, "checkout", "shop"));
  }

  @Test
  void anErrorRatioWithinTheBound_doesNotTrip() throws Exception {
    answer(200, "incident/error-ratio-now.json");

    StopCheck seen = check.check(request(DrillStopCondition.errorRatioAboveHalf()));

    assertThat(seen.tripped()).isFalse();
    assertThat(seen.detail()).isEqualTo("errorRatio 0.124 within 0.500");
  }

  @Test
  void promqlWithPlaceholders_isSentWithTheServiceFilledIn() throws Exception {
    answer(200, "up-partial.json");

    check.check(request(new DrillStopCondition("1 - avg(up{job=\"{service}\"})", 0.5)));

    assertThat(server.takeRequest().getUrl().queryParameter("query"))
        .isEqualTo("1 - avg(up{job=\"checkout\"})");
  }

  @Test
  void noDataOrNaN_doesNotTrip() throws Exception {
    answer(200, "empty-vector.json");
    answer(200, "nan-vector.json");

    StopCheck seen =
        check.check(
            request(
                new DrillStopCondition("errorRatio", 0.0),
                new DrillStopCondition("latencyP95", 0.0)));

    assertThat(seen.tripped()).isFalse();
    assertThat(seen.detail()).isEqualTo("no data");
  }

  @Test
  void aBrokenQuery_isAFinalBadRequest() throws Exception {
    answer(400, "bad-data.json");

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> check.check(request(new DrillStopCondition("rate(", 0.5))));

    assertThat(failure.getType()).isEqualTo(FailureType.BAD_REQUEST.type());
  }
}
