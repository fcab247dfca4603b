package io.incidentresponse.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.uber.m3.tally.NoopScope;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.internal.replay.WorkflowRunTaskHandler;
import io.temporal.internal.worker.WorkflowExecutorCache;
import io.temporal.internal.worker.WorkflowRunLockManager;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The SDK's own sticky cache (its {@code WorkflowExecutorCache}, Guava segments and all) keeps
 * every open incident of {@code incident.worker.cache-size} once sized by {@link StickyCacheSize}.
 */
class StickyCacheSizeTest {

  /**
   * Caches {@code workflows} workflows of fresh run ids in the SDK's cache; returns what it kept.
   */
  private static long cached(int sdkCacheSize, int workflows) {
    WorkflowExecutorCache cache =
        new WorkflowExecutorCache(sdkCacheSize, new WorkflowRunLockManager(), new NoopScope());
    WorkflowRunTaskHandler workflow = mock(WorkflowRunTaskHandler.class);
    for (int i = 0; i < workflows; i++) {
      cache.addToCache(
          WorkflowExecution.newBuilder()
              .setWorkflowId("incident-" + i)
              .setRunId(UUID.randomUUID().toString())
              .build(),
          workflow);
    }
    return cache.size();
  }

  @Test
  void sdkCacheOfTheSettingItself_evictsBeforeItIsFull() {
    // what the worker gave the SDK before: 1,000 (the JDK 17 default) and 20 more incidents
    // (the benchmark's warm-up) kept about 910, with no eviction counted
    assertThat(cached(1_000, 1_000)).isLessThan(990);
  }

  @Test
  void sdkCacheSizedToHold_keepsEveryIncidentOfTheSetting() {
    for (int incidents : new int[] {1, 200, 1_000, 3_000, 10_000}) {
      assertThat(cached(StickyCacheSize.holding(incidents), incidents))
          .as("incidents kept of %,d", incidents)
          .isEqualTo(incidents);
    }
  }

  @Test
  void holding_staysWithinTwiceTheSettingForLargeCaches() {
    // room costs nothing until incidents fill it, but the platform-thread budget is sized from
    // the setting: the padding must stay a margin, not a multiple
    assertThat(StickyCacheSize.holding(10_000)).isBetween(10_001, 20_000);
    assertThat(StickyCacheSize.holding(1_000)).isBetween(1_001, 3_000);
  }

  @Test
  void holding_givenTheLargestSetting_staysAnIntAndEnds() {
    // INCIDENT_WORKER_CACHE_SIZE=2147483647: no room is left to give, and none overflows
    assertThat(StickyCacheSize.holding(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    assertThat(StickyCacheSize.holding(Integer.MAX_VALUE / 2)).isPositive();
  }
}
