package io.incidentresponse.worker;

import static io.incidentresponse.worker.WorkerConfiguration.settings;

import io.incidentresponse.activities.alertmanager.AlertmanagerSettings;
import io.incidentresponse.activities.alertmanager.AlertmanagerSilences;
import io.incidentresponse.workflows.maintenance.MaintenanceActivities;
import okhttp3.OkHttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What the runbook's toolkit needs outside an incident: Alertmanager's v2 API for maintenance
 * silences ({@code incident.alertmanager.*}).
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
}
