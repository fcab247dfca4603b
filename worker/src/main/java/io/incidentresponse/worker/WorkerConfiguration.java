package io.incidentresponse.worker;

import io.incidentresponse.activities.NotConfiguredActivities;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The activity implementations the worker hosts. No integration is built yet (Kubernetes,
 * Prometheus, Slack, PagerDuty...: issues 4-6), so every activity interface is served by {@link
 * NotConfiguredActivities}, which reports "not configured" on the incident's timeline instead of
 * leaving activities that no worker polls.
 */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

  @Bean
  NotConfiguredActivities notConfiguredActivities() {
    return new NotConfiguredActivities();
  }
}
