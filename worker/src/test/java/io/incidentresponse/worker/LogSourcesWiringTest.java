package io.incidentresponse.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.incidentresponse.activities.diagnosis.DiagnosisRouter;
import io.incidentresponse.activities.logs.LokiSettings;
import io.incidentresponse.workflows.diagnosis.DiagnosisActivities;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Without Elasticsearch, Loki answers the ERROR_LOGS probe; without Kubernetes, POD_LOGS is named
 * as not configured. Loki here is a closed port, so the call shows who answered without a server.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
    properties = {
      "spring.temporal.test-server.enabled=true",
      "incident.loki.url=http://127.0.0.1:9/",
      "incident.loki.tenant=team-shop",
      "incident.loki.bearer-token=glc-wiring-secret-token",
      "incident.loki.timeout=2s"
    })
class LogSourcesWiringTest {
  @Autowired DiagnosisActivities diagnosis;
  @Autowired LokiSettings loki;

  private static final DiagnosisRequest REQUEST =
      new DiagnosisRequest(
          "inc-1",
          "checkout",
          "shop",
          Map.of(),
          Instant.parse("2025-03-14T13:15:00Z"),
          Instant.parse("2025-03-14T14:15:00Z"));

  @Test
  void withoutElasticsearch_lokiAnswersErrorLogs(CapturedOutput output) {
    assertThat(((DiagnosisRouter) diagnosis).served())
        .containsEntry(DiagnosisProbe.ERROR_LOGS, true)
        .containsEntry(DiagnosisProbe.POD_LOGS, false);
    assertThat(loki.tenant()).isEqualTo("team-shop");
    assertThat(loki.timeout()).isEqualTo(Duration.ofSeconds(2));

    ApplicationFailure unreachable =
        catchThrowableOfType(ApplicationFailure.class, () -> diagnosis.searchLogs(REQUEST));

    assertThat(unreachable.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
    assertThat(unreachable.isNonRetryable()).isFalse();
    assertThat(unreachable.getOriginalMessage()).startsWith("Loki query_range ");
    assertThat(output.getAll()).contains("incident.loki: LokiSettings[url=http://127.0.0.1:9");
    assertThat(output.getAll() + unreachable.getOriginalMessage())
        .doesNotContain("glc-wiring-secret-token");
  }

  @Test
  void withoutKubernetes_podLogsAreNamedAsNotConfigured() {
    ApplicationFailure notConfigured =
        catchThrowableOfType(ApplicationFailure.class, () -> diagnosis.readPodLogs(REQUEST));

    assertThat(notConfigured.getType()).isEqualTo(FailureType.NOT_CONFIGURED.type());
    assertThat(notConfigured.getOriginalMessage())
        .isEqualTo("Kubernetes (incident.kubernetes.enabled) is not configured");
  }
}
