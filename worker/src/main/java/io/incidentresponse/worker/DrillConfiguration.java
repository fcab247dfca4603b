package io.incidentresponse.worker;

import static io.incidentresponse.worker.WorkerConfiguration.settings;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.incidentresponse.activities.drill.DrillActivitiesImpl;
import io.incidentresponse.activities.drill.DrillSettings;
import io.incidentresponse.activities.kubernetes.KubernetesSettings;
import io.incidentresponse.activities.mitigation.Guardrails;
import io.incidentresponse.activities.prometheus.PrometheusSettings;
import io.incidentresponse.workflows.drill.DrillActivities;
import io.temporal.client.WorkflowClient;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Drills ({@code incident.drill.*}): the Kubernetes scenarios when {@code
 * incident.kubernetes.enabled}, within the mitigation guardrails ({@code
 * incident.mitigation.namespaces}, {@code dry-run}); {@code demo-errors} when {@code
 * incident.drill.demo-url} is set; stop conditions on {@code incident.prometheus.url}; the drill
 * incident's times read through the worker's own Temporal client.
 */
@Configuration(proxyBeanMethods = false)
class DrillConfiguration {
  private static final Logger log = LoggerFactory.getLogger(DrillConfiguration.class);

  @Bean
  DrillSettings drillSettings(Environment environment) {
    return settings(environment, "incident.drill", DrillSettings.class);
  }

  @Bean
  DrillActivities drillActivities(
      DrillSettings drill,
      Guardrails guardrails,
      ObjectProvider<KubernetesClient> kubernetesClient,
      KubernetesSettings kubernetes,
      PrometheusSettings prometheus,
      OkHttpClient http,
      WorkflowClient temporal) {
    KubernetesClient client = kubernetes.configured() ? kubernetesClient.getIfAvailable() : null;
    DrillActivitiesImpl drills =
        new DrillActivitiesImpl(drill, guardrails, client, prometheus, http, temporal);
    log.info(
        "Drill scenarios served: {}; stop conditions {}",
        drills.served(),
        prometheus.configured() ? "on Prometheus" : "not configured (incident.prometheus.url)");
    return drills;
  }
}
