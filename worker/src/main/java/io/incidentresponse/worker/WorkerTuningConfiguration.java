package io.incidentresponse.worker;

import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Sizes the worker's sticky cache, workflow threads and workflow-task executors from {@link
 * WorkerTuning} and the JVM it runs on, and says at start-up what it chose.
 */
@Configuration(proxyBeanMethods = false)
class WorkerTuningConfiguration {
  private static final Logger log = LoggerFactory.getLogger(WorkerTuningConfiguration.class);

  @Bean
  WorkerTuning workerTuning(Environment environment) {
    return WorkerConfiguration.settings(environment, "incident.worker", WorkerTuning.class);
  }

  @Bean
  WorkerTuning.Resolved resolvedWorkerTuning(WorkerTuning tuning) {
    WorkerTuning.Resolved resolved =
        tuning.resolve(Runtime.version().feature(), Runtime.getRuntime().availableProcessors());
    log.info("Workflows: {}", resolved.describe(tuning.virtualWorkflowThreads()));
    return resolved;
  }

  /** Applied after {@code spring.temporal.workflow-cache.*}: these settings win. */
  @Bean
  TemporalOptionsCustomizer<WorkerFactoryOptions.Builder> workflowCacheAndThreads(
      WorkerTuning.Resolved resolved) {
    return resolved::applyTo;
  }

  /**
   * Applied to every worker after {@code spring.temporal.workers[].capacity.*}: this setting wins.
   */
  @Bean
  TemporalOptionsCustomizer<WorkerOptions.Builder> workflowTaskExecutors(
      WorkerTuning.Resolved resolved) {
    return resolved::applyTo;
  }
}
