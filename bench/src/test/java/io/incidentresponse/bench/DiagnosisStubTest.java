package io.incidentresponse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnosisStubTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private DiagnosisStub stub;

  @BeforeEach
  void start() throws Exception {
    stub = new DiagnosisStub().start(0);
    stub.arm();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void deploymentGet_isAProbeStart_answeredAfter200msWithTheDeployment() throws Exception {
    long t0 = System.nanoTime();

    HttpResponse<String> answer = get("/apis/apps/v1/namespaces/bench/deployments/checkout");

    assertThat((System.nanoTime() - t0) / 1e6).isGreaterThanOrEqualTo(200);
    JsonNode deployment = Alerts.JSON.readTree(answer.body());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(deployment.path("kind").asText()).isEqualTo("Deployment");
    assertThat(deployment.at("/spec/selector/matchLabels/app").asText()).isEqualTo("checkout");
    assertThat(stub.delayed()).isEqualTo(1);
    assertThat(stub.lastAnswer() - stub.firstRequest()).isGreaterThanOrEqualTo(200_000_000L);
  }

  @Test
  void podListBySelector_isAnsweredAtOnce_withOnePodCrashLooping() throws Exception {
    HttpResponse<String> answer =
        get("/api/v1/namespaces/bench/pods?labelSelector=" + encode("app=checkout"));

    JsonNode pods = Alerts.JSON.readTree(answer.body()).path("items");
    assertThat(stub.delayed()).isZero();
    assertThat(pods).hasSize(3);
    assertThat(pods.get(2).at("/status/containerStatuses/0/state/waiting/reason").asText())
        .isEqualTo("CrashLoopBackOff");
    assertThat(pods.get(0).at("/spec/nodeName").asText()).isNotBlank();
  }

  @Test
  void prometheus_delaysOnlyTheMetricsProbesFirstUpQuery_andFindsNoDependencies() throws Exception {
    get("/prometheus/api/v1/query?query=" + encode("avg(up{job=\"checkout\"})"));
    HttpResponse<String> again =
        get("/prometheus/api/v1/query?query=" + encode("avg(up{job=\"checkout\"})"));
    HttpResponse<String> upstreams =
        get(
            "/prometheus/api/v1/query?query="
                + encode(
                    "sum by (destination_workload) (rate(istio_requests_total{reporter=\"source\","
                        + "source_workload=\"checkout\",source_workload_namespace=\"bench\"}[1h]))"));

    assertThat(stub.delayed()).isEqualTo(2);
    assertThat(Alerts.JSON.readTree(again.body()).at("/data/result/0/value/1").asText())
        .isEqualTo("1");
    assertThat(Alerts.JSON.readTree(upstreams.body()).at("/data/result")).isEmpty();
  }

  @Test
  void unknownPath_isTheApiServersNotFoundStatus() throws Exception {
    HttpResponse<String> answer = get("/apis/metrics.k8s.io/v1beta1/nodes");

    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(Alerts.JSON.readTree(answer.body()).path("reason").asText()).isEqualTo("NotFound");
  }

  @Test
  void probeStartOffsets_noteEachProbesFirstRequestOnly_afterTheFirst() throws Exception {
    get("/elasticsearch/logs-*/_search");
    get("/api/v1/namespaces/bench/pods?labelSelector=" + encode("app=checkout"));
    get("/api/v1/namespaces/bench/events");

    assertThat(stub.probeStartOffsets()).hasSize(2);
    assertThat(stub.probeStartOffsets().get(0)).isZero();
    // the second began after the first's 200 ms answer
    assertThat(stub.probeStartOffsets().get(1)).isGreaterThanOrEqualTo(200);
  }

  @Test
  void arm_forgetsTheEarlierMeasurement() throws Exception {
    get("/elasticsearch/logs-*/_search");
    assertThat(stub.delayed()).isEqualTo(1);

    stub.arm();

    assertThat(stub.delayed()).isZero();
    assertThat(stub.firstRequest()).isZero();
    assertThat(stub.requests()).isZero();
    assertThat(stub.probeStartOffsets()).isEmpty();
  }

  @Test
  void workerSettings_pointFabric8AndTheHttpProbesHere(@TempDir Path dir) throws Exception {
    Map<String, String> env = stub.workerSettings(dir);

    assertThat(env).containsEntry("INCIDENT_KUBERNETES_ENABLED", "true");
    assertThat(env.get("PROMETHEUS_URL")).isEqualTo(stub.url("/prometheus"));
    assertThat(Files.readString(Path.of(env.get("KUBECONFIG"))))
        .contains("server: " + stub.url("/").replaceAll("/$", ""));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(stub.url(path))).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
