package io.incidentresponse.activities.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiagnosisRouterTest {
  private static final DiagnosisRequest REQUEST =
      new DiagnosisRequest(
          "inc-1",
          "checkout",
          "shop",
          Map.of(),
          Instant.parse("2026-11-26T13:20:00Z"),
          Instant.parse("2026-11-26T14:20:00Z"));

  @Test
  void servedProbe_answersAndMissingOneNamesItsSetting() {
    DiagnosisRouter router =
        DiagnosisRouter.builder()
            .probe(
                DiagnosisProbe.SERVICE_METRICS,
                request ->
                    new Finding(
                        DiagnosisProbe.SERVICE_METRICS,
                        FindingOutcome.HEALTHY,
                        "fine for " + request.service(),
                        List.of(),
                        List.of(),
                        request.to()),
                "Prometheus (incident.prometheus.url)")
            .probe(DiagnosisProbe.ERROR_LOGS, null, "logs (incident.elasticsearch.url)")
            .build();

    assertThat(router.queryMetrics(REQUEST).summary()).isEqualTo("fine for checkout");
    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> router.searchLogs(REQUEST));
    assertThat(failure.getType()).isEqualTo(FailureType.NOT_CONFIGURED.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .isEqualTo("logs (incident.elasticsearch.url) is not configured");
    assertThat(router.served())
        .containsEntry(DiagnosisProbe.SERVICE_METRICS, true)
        .containsEntry(DiagnosisProbe.ERROR_LOGS, false)
        .containsEntry(DiagnosisProbe.POD_HEALTH, false);
  }
}
