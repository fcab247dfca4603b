package io.incidentresponse.worker;

import static io.incidentresponse.worker.WorkerConfiguration.settings;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.incidentresponse.activities.NotConfiguredActivities;
import io.incidentresponse.activities.alertmanager.AlertmanagerSettings;
import io.incidentresponse.activities.alertmanager.AlertmanagerSilences;
import io.incidentresponse.activities.detection.TemporalAlertDoor;
import io.incidentresponse.activities.health.ServiceHealthChecker;
import io.incidentresponse.activities.health.ServiceHealthChecker.Source;
import io.incidentresponse.activities.health.TemporalIncidentOpener;
import io.incidentresponse.activities.http.HealthCheckSettings;
import io.incidentresponse.activities.http.HealthEndpointCheck;
import io.incidentresponse.activities.kubernetes.KubernetesSettings;
import io.incidentresponse.activities.kubernetes.RolloutStatusCheck;
import io.incidentresponse.activities.partner.StatusFeedReader;
import io.incidentresponse.activities.prometheus.PrometheusRecoveryCheck;
import io.incidentresponse.activities.prometheus.PrometheusSettings;
import io.incidentresponse.activities.statuspage.StatuspageMaintenance;
import io.incidentresponse.activities.statuspage.StatuspageSettings;
import io.incidentresponse.activities.statuspage.WebhookMaintenance;
import io.incidentresponse.activities.statuspage.WebhookStatusPageSettings;
import io.incidentresponse.activities.synthetic.JourneyRunner;
import io.incidentresponse.workflows.detection.DetectionActivities;
import io.incidentresponse.workflows.health.HealthCheckActivities;
import io.incidentresponse.workflows.health.HealthChecks;
import io.incidentresponse.workflows.health.HealthIncidentActivities;
import io.incidentresponse.workflows.maintenance.MaintenanceActivities;
import io.incidentresponse.workflows.maintenance.MaintenanceNoticeActivities;
import io.incidentresponse.workflows.partner.PartnerStatusActivities;
import io.incidentresponse.workflows.synthetic.SyntheticJourneyActivities;
import io.temporal.client.WorkflowClient;
import java.util.List;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What the runbook's toolkit needs outside an incident: Alertmanager's v2 API for maintenance
 * silences ({@code incident.alertmanager.*}); the status page's scheduled maintenance; the health
 * check's checks, from the same settings as recovery verification (Kubernetes, the health URL,
 * Prometheus), each UNKNOWN "not configured" when its setting is absent; and the door through which
 * the scheduled health check opens an incident (this worker's Temporal client); and the scheduled
 * detection sources: synthetic journeys, partner status feeds, and their door to incidents.
 */
@Configuration(proxyBeanMethods = false)
class ToolkitConfiguration {

  @Bean
  AlertmanagerSettings alertmanagerSettings(Environment environment) {
    return settings(environment, "incident.alertmanager", AlertmanagerSettings.class);
  }

  @Bean
  MaintenanceActivities maintenanceActivities(AlertmanagerSettings settings, OkHttpClient http) {
    return new AlertmanagerSilences(settings, http);
  }

  /** The status page's scheduled maintenance, on the same status page as incidents. */
  @Bean
  MaintenanceNoticeActivities maintenanceNoticeActivities(
      StatuspageSettings statuspage, WebhookStatusPageSettings webhook, OkHttpClient http) {
    if (statuspage.configured()) {
      return new StatuspageMaintenance(statuspage, http);
    }
    if (webhook.configured()) {
      return new WebhookMaintenance(webhook, http);
    }
    return NotConfiguredActivities.of(MaintenanceNoticeActivities.class, "status page");
  }

  @Bean
  HealthCheckActivities healthCheckActivities(
      ObjectProvider<KubernetesClient> kubernetesClient,
      KubernetesSettings kubernetes,
      HealthCheckSettings health,
      PrometheusSettings prometheus,
      OkHttpClient http) {
    KubernetesClient client = kubernetes.configured() ? kubernetesClient.getIfAvailable() : null;
    return new ServiceHealthChecker(
        List.of(
            new Source(
                List.of(HealthChecks.ROLLOUT, HealthChecks.READY_REPLICAS),
                client == null ? null : new RolloutStatusCheck(client, kubernetes),
                "incident.kubernetes.enabled"),
            new Source(
                List.of(HealthChecks.HEALTH_ENDPOINT),
                health.configured() ? new HealthEndpointCheck(health, http) : null,
                "incident.verification.health.url-template or .urls"),
            new Source(
                List.of(HealthChecks.UP, HealthChecks.ERROR_RATIO, HealthChecks.P95),
                prometheus.configured() ? new PrometheusRecoveryCheck(prometheus, http) : null,
                "incident.prometheus.url")));
  }

  @Bean
  HealthIncidentActivities healthIncidentActivities(WorkflowClient client) {
    return new TemporalIncidentOpener(client);
  }

  /** Where synthetic journeys and partner feeds open, join and annotate incidents. */
  @Bean
  DetectionActivities detectionActivities(WorkflowClient client) {
    return new TemporalAlertDoor(client);
  }

  /** Synthetic journeys' steps; header values {@code {{env:NAME}}} from this worker's env. */
  @Bean
  SyntheticJourneyActivities syntheticJourneyActivities(OkHttpClient http) {
    return new JourneyRunner(http);
  }

  @Bean
  PartnerStatusActivities partnerStatusActivities(OkHttpClient http) {
    return new StatusFeedReader(http);
  }
}
