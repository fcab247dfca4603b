package io.incidentresponse.worker;

import static io.incidentresponse.worker.WorkerConfiguration.settings;

import io.incidentresponse.activities.NotConfiguredActivities;
import io.incidentresponse.activities.alertmanager.AlertmanagerSettings;
import io.incidentresponse.activities.alertmanager.AlertmanagerSilences;
import io.incidentresponse.activities.statuspage.StatuspageMaintenance;
import io.incidentresponse.activities.statuspage.StatuspageSettings;
import io.incidentresponse.activities.statuspage.WebhookMaintenance;
import io.incidentresponse.activities.statuspage.WebhookStatusPageSettings;
import io.incidentresponse.workflows.maintenance.MaintenanceActivities;
import io.incidentresponse.workflows.maintenance.MaintenanceNoticeActivities;
import okhttp3.OkHttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What the runbook's toolkit needs outside an incident: Alertmanager's v2 API for maintenance
 * silences ({@code incident.alertmanager.*}) and the status page's scheduled maintenance.
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
}
