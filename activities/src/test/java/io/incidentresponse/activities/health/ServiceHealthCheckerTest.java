package io.incidentresponse.activities.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.incidentresponse.activities.health.ServiceHealthChecker.Source;
import io.incidentresponse.activities.http.HealthCheckSettings;
import io.incidentresponse.activities.http.HealthEndpointCheck;
import io.incidentresponse.activities.kubernetes.KubernetesSettings;
import io.incidentresponse.activities.kubernetes.RolloutStatusCheck;
import io.incidentresponse.activities.prometheus.PrometheusRecoveryCheck;
import io.incidentresponse.activities.prometheus.PrometheusSettings;
import io.incidentresponse.workflows.health.HealthChecks;
import io.incidentresponse.workflows.health.HealthFinding;
import io.incidentresponse.workflows.health.HealthStatus;
import io.incidentresponse.workflows.health.ServiceHealth;
import io.incidentresponse.workflows.health.ServiceHealthRequest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One service's health from real checks: fabric8's CRUD mock for the Deployment, MockWebServer for
 * the service's health URL and for Prometheus (with Prometheus's own answer bodies).
 */
@EnableKubernetesMockClient(crud = true)
class ServiceHealthCheckerTest {
  static KubernetesClient client;
  static KubernetesMockServer server;

  private final MockWebServer service = new MockWebServer();
  private final MockWebServer prometheus = new MockWebServer();
  private final OkHttpClient http = new OkHttpClient();

  @BeforeEach
  void start() throws Exception {
    server.reset();
    InputStream yaml =
        ServiceHealthCheckerTest.class.getResourceAsStream(
            "/kubernetes/diag/checkout-incident.yaml");
    for (HasMetadata item : client.load(yaml).items()) {
      client.resource(item).create();
    }
    service.start();
    prometheus.start();
  }

  @AfterEach
  void stop() {
    service.close();
    prometheus.close();
  }

  private static String resource(String path) throws Exception {
    try (InputStream in = ServiceHealthCheckerTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void prometheusAnswers(int code, String body) {
    prometheus.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder()
                .code(code)
                .setHeader("Content-Type", "application/json")
                .body(body)
                .build();
          }
        });
  }

  private ServiceHealthChecker checker(boolean withPrometheus, Map<String, String> healthUrls) {
    HealthCheckSettings health =
        new HealthCheckSettings(
            healthUrls.isEmpty()
                ? "http://127.0.0.1:" + service.getPort() + "/{service}/health"
                : null,
            healthUrls,
            Duration.ofSeconds(1));
    PrometheusSettings prom = PrometheusSettings.of(prometheus.url("/").toString(), null);
    return new ServiceHealthChecker(
        List.of(
            new Source(
                List.of(HealthChecks.ROLLOUT, HealthChecks.READY_REPLICAS),
                new RolloutStatusCheck(client, KubernetesSettings.enabledWithDefaults()),
                "incident.kubernetes.enabled"),
            new Source(
                List.of(HealthChecks.HEALTH_ENDPOINT),
                new HealthEndpointCheck(health, http),
                "incident.verification.health.url-template"),
            new Source(
                List.of(HealthChecks.UP, HealthChecks.ERROR_RATIO, HealthChecks.P95),
                withPrometheus ? new PrometheusRecoveryCheck(prom, http) : null,
                "incident.prometheus.url")));
  }

  private static HealthFinding finding(ServiceHealth health, String check) {
    return health.findings().stream()
        .filter(f -> f.check().equals(check))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void checkService_givenTooFewReadyAndPrometheusDown_isUnhealthyButNotDownWithPrometheusUnknown()
      throws Exception {
    service.enqueue(new MockResponse.Builder().code(200).body("{\"status\":\"UP\"}").build());
    prometheusAnswers(503, resource("/prometheus/timeout-503.json"));

    ServiceHealth health =
        checker(true, Map.of()).checkService(new ServiceHealthRequest("checkout", "shop"));

    assertThat(health.findings())
        .extracting(HealthFinding::check)
        .containsExactlyElementsOf(HealthChecks.ALL);
    assertThat(finding(health, "rollout").status()).isEqualTo(HealthStatus.HEALTHY);
    assertThat(finding(health, "ready replicas"))
        .isEqualTo(HealthFinding.unhealthy("ready replicas", "1 ready < 3 wanted"));
    assertThat(finding(health, "ready replicas").down()).isFalse();
    assertThat(finding(health, "health endpoint").status()).isEqualTo(HealthStatus.HEALTHY);
    for (String check : List.of("up", "error ratio", "p95")) {
      assertThat(finding(health, check).status()).isEqualTo(HealthStatus.UNKNOWN);
      assertThat(finding(health, check).detail()).startsWith("could not look: ");
    }
    assertThat(health.status()).isEqualTo(HealthStatus.UNHEALTHY);
    // 1 of 3 ready is degraded, not down: no incident from the schedule for it
    assertThat(health.down()).isFalse();
  }

  @Test
  void checkService_givenNoReplicaReady_isDown() throws Exception {
    var deployment = client.apps().deployments().inNamespace("shop").withName("checkout").get();
    deployment.getStatus().setReadyReplicas(0);
    deployment.getStatus().setAvailableReplicas(0);
    client.apps().deployments().inNamespace("shop").resource(deployment).update();
    service.enqueue(new MockResponse.Builder().code(200).body("ok").build());
    prometheusAnswers(200, resource("/prometheus/empty-vector.json"));

    ServiceHealth health =
        checker(true, Map.of()).checkService(new ServiceHealthRequest("checkout", "shop"));

    assertThat(health.downFindings())
        .containsExactly(HealthFinding.down("ready replicas", "0 ready < 3 wanted"));
  }

  @Test
  void checkService_givenNoUpSeriesAndNoTraffic_upIsUnknownNotDown() throws Exception {
    service.enqueue(new MockResponse.Builder().code(200).body("ok").build());
    prometheusAnswers(200, resource("/prometheus/empty-vector.json"));

    ServiceHealth health =
        checker(true, Map.of()).checkService(new ServiceHealthRequest("ghost", "shop"));

    assertThat(finding(health, "up")).isEqualTo(HealthFinding.unknown("up", "no data"));
    assertThat(finding(health, "error ratio").status()).isEqualTo(HealthStatus.HEALTHY);
    assertThat(finding(health, "rollout"))
        .isEqualTo(HealthFinding.unknown("rollout", "no Deployment shop/ghost"));
    assertThat(health.status()).isEqualTo(HealthStatus.UNKNOWN);
    assertThat(health.down()).isFalse();
  }

  @Test
  void checkService_givenPrometheusNotConfiguredAndNoHealthUrlForTheService_saysWhichSetting() {
    ServiceHealth health =
        checker(false, Map.of("payments", "http://127.0.0.1:1/health"))
            .checkService(new ServiceHealthRequest("checkout", "shop"));

    assertThat(finding(health, "up"))
        .isEqualTo(HealthFinding.unknown("up", "not configured: incident.prometheus.url"));
    assertThat(finding(health, "health endpoint").status()).isEqualTo(HealthStatus.UNKNOWN);
    assertThat(finding(health, "health endpoint").detail()).startsWith("not configured: ");
    assertThat(service.getRequestCount()).isZero();
  }

  @Test
  void checkService_givenTheHealthEndpointRefusing_isDown() throws Exception {
    service.close(); // nothing listens on its port any more
    prometheusAnswers(200, resource("/prometheus/empty-vector.json"));

    ServiceHealth health =
        checker(true, Map.of()).checkService(new ServiceHealthRequest("checkout", "shop"));

    assertThat(finding(health, "health endpoint").status()).isEqualTo(HealthStatus.UNHEALTHY);
    assertThat(finding(health, "health endpoint").detail()).startsWith("unreachable: ");
    assertThat(health.downFindings())
        .extracting(HealthFinding::check)
        .containsExactly("health endpoint");
  }
}
