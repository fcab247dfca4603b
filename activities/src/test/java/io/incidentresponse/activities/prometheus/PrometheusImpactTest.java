package io.incidentresponse.activities.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.incidentresponse.workflows.closure.ImpactAssessment;
import io.incidentresponse.workflows.closure.ImpactRequest;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrometheusImpactTest {
  private static final ImpactRequest CHECKOUT =
      new ImpactRequest(
          "inc-1",
          "checkout",
          "shop",
          Map.of(),
          Instant.parse("2026-11-26T14:05:00Z"),
          Instant.parse("2026-11-26T15:10:00Z"));
  private static final String TEMPLATE =
      "count(count by (user_id) (increase(checkout_failures_total{job=\"{service}\"}[{window}]) > 0))";

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private PrometheusImpact impact(Map<String, String> queries) {
    return new PrometheusImpact(
        new PrometheusSettings(server.url("/").toString(), null, queries, null, null, null, null),
        new OkHttpClient());
  }

  @Test
  void assessImpact_runsTheTemplateOverTheIncidentWindowAtResolution() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                    + "[{\"metric\":{},\"value\":[1795705800,\"1532\"]}]}}")
            .build());

    ImpactAssessment assessed = impact(Map.of("usersAffected", TEMPLATE)).assessImpact(CHECKOUT);

    assertThat(assessed.usersAffected()).isEqualTo(1532L);
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().queryParameter("query"))
        .isEqualTo(
            "count(count by (user_id) (increase(checkout_failures_total{job=\"checkout\"}[3900s])"
                + " > 0))");
    assertThat(request.getUrl().queryParameter("time")).startsWith("1795705800");
    assertThat(assessed.source()).startsWith("Prometheus: count(count by (user_id)");
  }

  @Test
  void assessImpact_withNoData_knowsNothing() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}")
            .build());

    assertThat(impact(Map.of("usersAffected", TEMPLATE)).assessImpact(CHECKOUT).usersAffected())
        .isNull();
  }

  @Test
  void assessImpact_withoutATemplate_isNotConfiguredAndAsksNothing() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> impact(Map.of()).assessImpact(CHECKOUT));

    assertThat(failure.getType()).isEqualTo(FailureType.NOT_CONFIGURED.type());
    assertThat(server.getRequestCount()).isZero();
  }
}
