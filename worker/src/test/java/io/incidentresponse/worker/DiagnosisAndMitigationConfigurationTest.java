package io.incidentresponse.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.incidentresponse.activities.database.DatabaseSettings;
import io.incidentresponse.activities.dependencies.DependencySettings;
import io.incidentresponse.activities.diagnosis.DiagnosisRouter;
import io.incidentresponse.activities.mitigation.Guardrails;
import io.incidentresponse.activities.mitigation.MitigationRouter;
import io.incidentresponse.activities.prometheus.PrometheusSettings;
import io.incidentresponse.activities.traces.JaegerSettings;
import io.incidentresponse.workflows.diagnosis.DiagnosisActivities;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationActivities;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Diagnosis, mitigation and recovery checks are built from the worker's settings. */
@SpringBootTest(
    properties = {
      "spring.temporal.test-server.enabled=true",
      "incident.kubernetes.enabled=true",
      "incident.prometheus.url=http://prometheus.monitoring:9090/",
      "incident.prometheus.error-ratio-threshold=0.02",
      "incident.database.url=jdbc:postgresql://db.shop:5432/shop",
      "incident.database.username=incident",
      "incident.database.password=db-secret-value",
      "incident.mitigation.namespaces=shop,payments",
      "incident.mitigation.max-replicas=12",
      "incident.mitigation.dry-run=true",
      "incident.dependencies.services.checkout.upstreams=payments,inventory",
      "incident.dependencies.services.checkout.breakers.payments=payments-breaker",
      "incident.dependencies.downstreams-query=",
      "incident.jaeger.limit=50",
      "incident.jaeger.slow-min-duration=2s"
    })
class DiagnosisAndMitigationConfigurationTest {
  @Autowired DiagnosisActivities diagnosis;
  @Autowired MitigationActivities mitigation;
  @Autowired Guardrails guardrails;
  @Autowired PrometheusSettings prometheus;
  @Autowired DatabaseSettings database;
  @Autowired DependencySettings dependencies;
  @Autowired JaegerSettings jaeger;

  @Test
  void configuredSystems_areServedAndTheRestNamedAsNotConfigured() {
    assertThat(diagnosis).isInstanceOf(DiagnosisRouter.class);
    assertThat(((DiagnosisRouter) diagnosis).served())
        .containsEntry(DiagnosisProbe.POD_HEALTH, true)
        .containsEntry(DiagnosisProbe.POD_LOGS, true)
        .containsEntry(DiagnosisProbe.ROLLOUT_HISTORY, true)
        .containsEntry(DiagnosisProbe.SERVICE_METRICS, true)
        .containsEntry(DiagnosisProbe.DATABASE_CONNECTIONS, true)
        .containsEntry(DiagnosisProbe.ERROR_LOGS, false)
        .containsEntry(DiagnosisProbe.RECENT_CHANGES, false)
        .containsEntry(DiagnosisProbe.DEPENDENCIES, true)
        .containsEntry(DiagnosisProbe.TRACES, false);
    ApplicationFailure logs =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                diagnosis.searchLogs(
                    new DiagnosisRequest(
                        "inc-1", "checkout", "shop", Map.of(), Instant.EPOCH, Instant.EPOCH)));
    assertThat(logs.getType()).isEqualTo(FailureType.NOT_CONFIGURED.type());
    assertThat(logs.getOriginalMessage())
        .isEqualTo("logs (incident.elasticsearch.url or incident.loki.url) is not configured");

    assertThat(((MitigationRouter) mitigation).served())
        .contains(
            ActionType.SCALE,
            ActionType.ROLLBACK,
            ActionType.DRAIN_NODE,
            ActionType.TERMINATE_QUERIES)
        .doesNotContain(ActionType.CIRCUIT_BREAKER, ActionType.REPLACE_NODE);
  }

  @Test
  void dependencyAndJaegerSettings_areBoundWithTheirDefaultsElsewhere() {
    assertThat(dependencies.edges("checkout").upstreams()).containsExactly("payments", "inventory");
    assertThat(dependencies.edges("checkout").breakers())
        .containsExactlyEntriesOf(Map.of("payments", "payments-breaker"));
    assertThat(dependencies.upstreamsQuery()).isEqualTo(DependencySettings.ISTIO_UPSTREAMS);
    assertThat(dependencies.downstreamsQuery()).isEmpty();
    assertThat(dependencies.maxDependencies()).isEqualTo(8);
    assertThat(jaeger.configured()).isFalse();
    assertThat(jaeger.limit()).isEqualTo(50);
    assertThat(jaeger.slowMinDuration()).isEqualTo(java.time.Duration.ofSeconds(2));
  }

  @Test
  void settings_areBoundAndSecretsStayOutOfTheirText() {
    assertThat(guardrails.namespaces()).containsExactly("shop", "payments");
    assertThat(guardrails.maxReplicas()).isEqualTo(12);
    assertThat(guardrails.dryRun()).isTrue();
    assertThat(prometheus.url()).isEqualTo("http://prometheus.monitoring:9090");
    assertThat(prometheus.errorRatioThreshold()).isEqualTo(0.02);
    assertThat(database.toString()).doesNotContain("db-secret-value");
  }
}
