package io.incidentresponse.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentresponse.worker.WorkerTuning.VirtualThreads;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The worker's cache and thread budget: every open incident fits with its coroutines by default,
 * virtual workflow threads are chosen on Java 21+ and never required on 17.
 */
class WorkerTuningTest {

  private static WorkerTuning fromEnvironment(Map<String, Object> variables) {
    return bind(variables, WorkerTuning.class);
  }

  /** Binds {@code incident.worker} from environment variables, as the image sets them. */
  static <T> T bind(Map<String, Object> variables, Class<T> type) {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    return WorkerConfiguration.settings(environment, "incident.worker", type);
  }

  @Test
  void defaults_onJava17_platformThreadsWithABudgetForEveryCachedIncidentAndItsCoroutines() {
    WorkerTuning.Resolved resolved = fromEnvironment(Map.of()).resolve(17, 2);

    assertThat(resolved.virtual()).isFalse();
    assertThat(resolved.cacheSize()).isEqualTo(1_000);
    // the SDK default (600 threads) evicted incidents past ~150: the budget now holds the whole
    // cache at 4 threads each (counted in a worker's thread dump), plus 50 incidents opening at 20
    // threads each
    assertThat(resolved.maxWorkflowThreads()).isEqualTo(1_000 * 4 + 50 * 20);
    assertThat(resolved.maxWorkflowThreads())
        .isGreaterThanOrEqualTo(resolved.cacheSize() * WorkerTuning.THREADS_PER_OPEN_INCIDENT);
  }

  @Test
  void defaults_onJava21AndLater_virtualThreadsAndTenThousandIncidentsCached() {
    for (int release : new int[] {21, 25}) {
      WorkerTuning.Resolved resolved = fromEnvironment(Map.of()).resolve(release, 2);

      assertThat(resolved.virtual()).isTrue();
      assertThat(resolved.cacheSize()).isEqualTo(10_000);
      assertThat(resolved.describe(VirtualThreads.AUTO))
          .startsWith("virtual workflow threads (Java " + release)
          .contains("10,000 open incidents cached");
    }
  }

  @Test
  void settingsFromTheEnvironment_areAppliedToTheWorkerFactory() {
    WorkerTuning tuning =
        fromEnvironment(
            Map.of(
                "INCIDENT_WORKER_VIRTUAL_WORKFLOW_THREADS", "off",
                "INCIDENT_WORKER_CACHE_SIZE", "2500",
                "INCIDENT_WORKER_MAX_WORKFLOW_THREADS", "9000"));

    WorkerFactoryOptions options =
        tuning.resolve(25, 2).applyTo(WorkerFactoryOptions.newBuilder()).build();

    assertThat(options.isUsingVirtualWorkflowThreads()).isFalse();
    // the SDK's cache gets room beyond the 2,500 its segments need to keep them all
    assertThat(options.getWorkflowCacheSize()).isEqualTo(StickyCacheSize.holding(2_500));
    assertThat(options.getMaxWorkflowThreadCount()).isEqualTo(9_000);
  }

  @Test
  void onlyTheCacheSizeGiven_theThreadBudgetFollowsIt() {
    WorkerTuning.Resolved resolved =
        fromEnvironment(Map.of("INCIDENT_WORKER_CACHE_SIZE", "200")).resolve(17, 2);

    assertThat(resolved.maxWorkflowThreads()).isEqualTo(200 * 4 + 1_000);
  }

  @Test
  void aHugeCacheSize_onPlatformThreads_budgetsAtMostIntegerMaxNotANegativeOverflow() {
    WorkerTuning.Resolved resolved =
        fromEnvironment(Map.of("INCIDENT_WORKER_CACHE_SIZE", String.valueOf(Integer.MAX_VALUE)))
            .resolve(17, 2);

    assertThat(resolved.maxWorkflowThreads()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void onlyTheThreadBudgetGiven_onJava17_theCacheIsWhatTheBudgetHolds() {
    WorkerTuning.Resolved large =
        fromEnvironment(Map.of("INCIDENT_WORKER_MAX_WORKFLOW_THREADS", "3000")).resolve(17, 2);
    WorkerTuning.Resolved small =
        fromEnvironment(Map.of("INCIDENT_WORKER_MAX_WORKFLOW_THREADS", "600")).resolve(17, 2);

    // 1,000 threads for incidents opening, 4 for each cached one
    assertThat(large.cacheSize()).isEqualTo((3_000 - 1_000) / 4);
    // a budget below twice that headroom: half of it for opening incidents
    assertThat(small.cacheSize()).isEqualTo(300 / 4);
    assertThat(small.describe(VirtualThreads.AUTO)).doesNotContain("fewer threads than the cache");
    // with virtual threads the budget is not used and the cache keeps its default
    assertThat(
            fromEnvironment(Map.of("INCIDENT_WORKER_MAX_WORKFLOW_THREADS", "600"))
                .resolve(25, 2)
                .cacheSize())
        .isEqualTo(10_000);
  }

  @Test
  void aThreadBudgetBelowTheCache_isSaidAtStartUp() {
    WorkerTuning.Resolved resolved =
        new WorkerTuning(VirtualThreads.OFF, 1_000, 600, null).resolve(17, 2);

    assertThat(resolved.describe(VirtualThreads.OFF))
        .contains("fewer threads than the cache needs, incidents past 150 are evicted");
  }

  @Test
  void virtualThreadsOn_onJava17_refusesToStartNamingTheProperty() {
    WorkerTuning tuning = fromEnvironment(Map.of("INCIDENT_WORKER_VIRTUAL_WORKFLOW_THREADS", "on"));

    assertThatThrownBy(() -> tuning.resolve(17, 2))
        .hasMessageContaining("incident.worker.virtual-workflow-threads=on needs Java 21")
        .hasMessageContaining("runs on Java 17");
    assertThat(tuning.resolve(21, 2).virtual()).isTrue();
  }

  @Test
  void aCacheOfNothing_isRefusedNamingTheProperty() {
    assertThatThrownBy(() -> new WorkerTuning(null, 0, null, null))
        .hasMessageContaining("incident.worker.cache-size must be at least 1");
  }

  @Test
  void workflowTaskExecutors_defaultToTwoPerCore_notTheSdksTwoHundred() {
    WorkerTuning tuning = fromEnvironment(Map.of());

    WorkerOptions onTwoCores =
        tuning.resolve(17, 2).applyTo(WorkerOptions.newBuilder()).validateAndBuildWithDefaults();
    WorkerOptions onSixteen =
        tuning.resolve(25, 16).applyTo(WorkerOptions.newBuilder()).validateAndBuildWithDefaults();
    WorkerOptions onOne =
        tuning.resolve(17, 1).applyTo(WorkerOptions.newBuilder()).validateAndBuildWithDefaults();

    assertThat(
            WorkerOptions.newBuilder()
                .validateAndBuildWithDefaults()
                .getMaxConcurrentWorkflowTaskExecutionSize())
        .isEqualTo(200);
    assertThat(onTwoCores.getMaxConcurrentWorkflowTaskExecutionSize()).isEqualTo(4);
    assertThat(onSixteen.getMaxConcurrentWorkflowTaskExecutionSize()).isEqualTo(32);
    assertThat(onOne.getMaxConcurrentWorkflowTaskExecutionSize()).isEqualTo(2);
    assertThat(tuning.resolve(17, 2).describe(VirtualThreads.AUTO))
        .endsWith(
            "; 4 workflow tasks at once"
                + " (incident.worker.max-concurrent-workflow-task-executors)");
  }

  @Test
  void workflowTaskExecutorsFromTheEnvironment_winOverTheCores() {
    WorkerTuning tuning =
        fromEnvironment(Map.of("INCIDENT_WORKER_MAX_CONCURRENT_WORKFLOW_TASK_EXECUTORS", "12"));

    WorkerOptions options =
        tuning.resolve(17, 2).applyTo(WorkerOptions.newBuilder()).validateAndBuildWithDefaults();

    assertThat(options.getMaxConcurrentWorkflowTaskExecutionSize()).isEqualTo(12);
  }

  @Test
  void fewerThanTwoWorkflowTaskExecutors_areRefusedNamingTheProperty() {
    for (String value : new String[] {"1", "0", "-3"}) {
      assertThatThrownBy(
              () ->
                  fromEnvironment(
                      Map.of("INCIDENT_WORKER_MAX_CONCURRENT_WORKFLOW_TASK_EXECUTORS", value)))
          .rootCause()
          .hasMessageContaining(
              "incident.worker.max-concurrent-workflow-task-executors must be at least 2, was "
                  + value);
    }
  }
}
