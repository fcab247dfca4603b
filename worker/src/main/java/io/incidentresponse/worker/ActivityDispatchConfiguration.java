package io.incidentresponse.worker;

import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.worker.WorkerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The worker's activity pollers and eager activities from {@link ActivityDispatch}. */
@Configuration(proxyBeanMethods = false)
class ActivityDispatchConfiguration {
  private static final Logger log = LoggerFactory.getLogger(ActivityDispatchConfiguration.class);

  @Bean
  ActivityDispatch activityDispatch(Environment environment) {
    ActivityDispatch dispatch =
        WorkerConfiguration.settings(environment, "incident.worker", ActivityDispatch.class);
    log.info("Activities: {}", dispatch.describe());
    return dispatch;
  }

  /**
   * Applied to every worker after {@code spring.temporal.workers[].capacity.*}: these settings win.
   */
  @Bean
  TemporalOptionsCustomizer<WorkerOptions.Builder> activityPollersAndEagerActivities(
      ActivityDispatch dispatch) {
    return dispatch::applyTo;
  }
}
