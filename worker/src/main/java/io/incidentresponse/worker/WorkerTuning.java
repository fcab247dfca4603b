package io.incidentresponse.worker;

import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;

/**
 * How many open incidents this worker keeps in memory, under {@code incident.worker.*}.
 *
 * <p>An incident is cached (sticky) while it is open so that its next workflow task does not replay
 * its history from the start; each cached incident holds its workflow threads: the lifecycle loop
 * alone when it waits ({@value #THREADS_PER_WAITING_INCIDENT}), or, opened before the one-thread
 * change and until it continues as new, the loop with the coroutines that publish its search
 * attributes and keep its two timers ({@value #THREADS_PER_OPEN_INCIDENT}, what the budget is sized
 * for: a worker upgraded under open incidents holds both kinds), and up to about {@value
 * #THREADS_PER_OPENING_INCIDENT} for the minute it opens (diagnosis probes, page, channel, posts,
 * history write). With platform threads the SDK evicts incidents from the cache once its thread
 * budget is spent, whatever the cache size; virtual threads (JDK 21+) have no such budget.
 *
 * @param virtualWorkflowThreads {@code auto} (the default): virtual workflow threads when the JVM
 *     running the worker is 21 or later, platform threads before; {@code on}: virtual, and the
 *     worker refuses to start before 21; {@code off}: platform threads
 * @param cacheSize open incidents kept in memory; default {@value #DEFAULT_CACHE_SIZE_VIRTUAL} with
 *     virtual workflow threads, {@value #DEFAULT_CACHE_SIZE_PLATFORM} with platform threads, or
 *     with platform threads and only {@code maxWorkflowThreads} given, what that budget holds:
 *     {@value #THREADS_PER_OPEN_INCIDENT} threads per cached incident once the opening headroom is
 *     set aside (half the budget when it is smaller than twice the headroom)
 * @param maxWorkflowThreads platform workflow threads at most (ignored with virtual ones); default
 *     {@value #THREADS_PER_OPEN_INCIDENT} per cached incident plus {@value #OPENING_HEADROOM} for
 *     incidents that are opening ({@value #OPENING_BURST} at once)
 * @param maxConcurrentWorkflowTaskExecutors workflow tasks (and queries) this worker runs at once;
 *     default {@value #WORKFLOW_TASK_EXECUTORS_PER_CORE} per core the JVM sees. Workflow tasks are
 *     CPU work: the SDK's default of 200 on a few cores lets a burst of new incidents (or a replay
 *     of many) share the CPU so thinly that each task passes the SDK's 1 s deadlock detector, and a
 *     query waits behind all of them.
 */
public record WorkerTuning(
    VirtualThreads virtualWorkflowThreads,
    Integer cacheSize,
    Integer maxWorkflowThreads,
    Integer maxConcurrentWorkflowTaskExecutors) {

  /** Whether workflow threads are virtual. */
  public enum VirtualThreads {
    AUTO,
    ON,
    OFF
  }

  /** The first Java release with virtual threads. */
  public static final int VIRTUAL_THREADS_SINCE = 21;

  public static final int DEFAULT_CACHE_SIZE_VIRTUAL = 10_000;
  public static final int DEFAULT_CACHE_SIZE_PLATFORM = 1_000;

  /**
   * Workflow threads the budget gives each cached incident: what an incident opened before the
   * one-thread change holds while it waits, until it continues as new (the lifecycle loop, the
   * coroutine that publishes its search attributes, the response-time and update-cadence timers; 4
   * in a worker's thread dump). A budget is a ceiling: the SDK starts threads as workflows need
   * them, so a cache of new incidents uses about a quarter of it.
   */
  public static final int THREADS_PER_OPEN_INCIDENT = 4;

  /** Workflow threads an incident opened since the one-thread change holds while it waits. */
  public static final int THREADS_PER_WAITING_INCIDENT = 1;

  /** Workflow threads an incident holds while it opens (probes, page, channel, posts, history). */
  public static final int THREADS_PER_OPENING_INCIDENT = 20;

  /** Incidents the default thread budget lets open at once beside a full cache. */
  public static final int OPENING_BURST = 50;

  static final int OPENING_HEADROOM = THREADS_PER_OPENING_INCIDENT * OPENING_BURST;

  /** Default workflow-task executors per core. */
  public static final int WORKFLOW_TASK_EXECUTORS_PER_CORE = 2;

  /**
   * The fewest workflow-task executors: with one, every workflow task and query of the worker waits
   * for the one before it, a slow replay included.
   */
  static final int MIN_WORKFLOW_TASK_EXECUTORS = 2;

  public WorkerTuning {
    virtualWorkflowThreads =
        virtualWorkflowThreads == null ? VirtualThreads.AUTO : virtualWorkflowThreads;
    if (cacheSize != null && cacheSize < 1) {
      throw new IllegalArgumentException(
          "incident.worker.cache-size must be at least 1, was " + cacheSize);
    }
    if (maxWorkflowThreads != null && maxWorkflowThreads < 2) {
      throw new IllegalArgumentException(
          "incident.worker.max-workflow-threads must be at least 2, was " + maxWorkflowThreads);
    }
    if (maxConcurrentWorkflowTaskExecutors != null
        && maxConcurrentWorkflowTaskExecutors < MIN_WORKFLOW_TASK_EXECUTORS) {
      throw new IllegalArgumentException(
          "incident.worker.max-concurrent-workflow-task-executors must be at least "
              + MIN_WORKFLOW_TASK_EXECUTORS
              + ", was "
              + maxConcurrentWorkflowTaskExecutors);
    }
  }

  /** The options these settings give on a JVM of {@code javaRelease} that sees {@code cores}. */
  public Resolved resolve(int javaRelease, int cores) {
    boolean virtual =
        switch (virtualWorkflowThreads) {
          case OFF -> false;
          case AUTO -> javaRelease >= VIRTUAL_THREADS_SINCE;
          case ON -> {
            if (javaRelease < VIRTUAL_THREADS_SINCE) {
              throw new IllegalStateException(
                  "incident.worker.virtual-workflow-threads=on needs Java "
                      + VIRTUAL_THREADS_SINCE
                      + " or later; this worker runs on Java "
                      + javaRelease
                      + " (set it to auto or off, or run the worker on a newer JDK)");
            }
            yield true;
          }
        };
    int cache;
    if (cacheSize != null) {
      cache = cacheSize;
    } else if (virtual) {
      cache = DEFAULT_CACHE_SIZE_VIRTUAL;
    } else if (maxWorkflowThreads != null) {
      // the cache follows the thread budget: a cached incident whose threads the budget cannot
      // give is evicted and replayed anyway
      int opening = Math.min(OPENING_HEADROOM, maxWorkflowThreads / 2);
      cache = Math.max(1, (maxWorkflowThreads - opening) / THREADS_PER_OPEN_INCIDENT);
    } else {
      cache = DEFAULT_CACHE_SIZE_PLATFORM;
    }
    int threads =
        maxWorkflowThreads != null
            ? maxWorkflowThreads
            : (int)
                Math.min(
                    Integer.MAX_VALUE, (long) cache * THREADS_PER_OPEN_INCIDENT + OPENING_HEADROOM);
    int executors =
        maxConcurrentWorkflowTaskExecutors != null
            ? maxConcurrentWorkflowTaskExecutors
            : Math.max(MIN_WORKFLOW_TASK_EXECUTORS, WORKFLOW_TASK_EXECUTORS_PER_CORE * cores);
    return new Resolved(virtual, cache, threads, executors, javaRelease);
  }

  /**
   * What the worker runs with.
   *
   * @param virtual virtual workflow threads
   * @param cacheSize open incidents kept in memory
   * @param maxWorkflowThreads platform workflow threads at most (not used with virtual ones)
   * @param workflowTaskExecutors workflow tasks and queries run at once
   * @param javaRelease the JVM's feature release
   */
  public record Resolved(
      boolean virtual,
      int cacheSize,
      int maxWorkflowThreads,
      int workflowTaskExecutors,
      int javaRelease) {

    /**
     * The SDK's cache is given more room than {@code cacheSize} ({@link StickyCacheSize}): its
     * segments evict before the whole is full, and {@code cacheSize} incidents must all stay.
     */
    public WorkerFactoryOptions.Builder applyTo(WorkerFactoryOptions.Builder options) {
      return options
          .setUsingVirtualWorkflowThreads(virtual)
          .setWorkflowCacheSize(StickyCacheSize.holding(cacheSize))
          .setMaxWorkflowThreadCount(maxWorkflowThreads);
    }

    public WorkerOptions.Builder applyTo(WorkerOptions.Builder options) {
      return options.setMaxConcurrentWorkflowTaskExecutionSize(workflowTaskExecutors);
    }

    /** The start-up line: what the worker chose and why. */
    public String describe(VirtualThreads asked) {
      return threads(asked)
          + String.format(
              "; %d workflow tasks at once (incident.worker.max-concurrent-workflow-task-executors)",
              workflowTaskExecutors);
    }

    private String threads(VirtualThreads asked) {
      return virtual
          ? String.format(
              "virtual workflow threads (Java %d, incident.worker.virtual-workflow-threads=%s);"
                  + " up to %,d open incidents cached",
              javaRelease, asked.name().toLowerCase(), cacheSize)
          : String.format(
              "platform workflow threads (Java %d, incident.worker.virtual-workflow-threads=%s);"
                  + " up to %,d open incidents cached, %,d workflow threads (%d per open incident,"
                  + " 1 for one opened since the one-thread change, and %,d for incidents"
                  + " opening)%s",
              javaRelease,
              asked.name().toLowerCase(),
              cacheSize,
              maxWorkflowThreads,
              THREADS_PER_OPEN_INCIDENT,
              Math.max(0, maxWorkflowThreads - cacheSize * THREADS_PER_OPEN_INCIDENT),
              maxWorkflowThreads < cacheSize * THREADS_PER_OPEN_INCIDENT
                  ? ": fewer threads than the cache needs, incidents past "
                      + maxWorkflowThreads / THREADS_PER_OPEN_INCIDENT
                      + " are evicted and replayed"
                  : "");
    }
  }
}
