package io.incidentresponse.activities;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pools for the requests a probe sends at once: a fixed number of daemon threads shared by every
 * probe of one kind in the worker, so a storm of incidents queues its requests instead of starting
 * a thread per request; idle threads end after 30 s.
 */
public final class ProbePools {
  private ProbePools() {}

  /** {@code threads} daemon threads named {@code <name>-1}, {@code <name>-2}, ... */
  public static ExecutorService bounded(String name, int threads) {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /**
   * What {@code sent} answered, once it has; its failure rethrown as it was thrown (an {@code
   * ApplicationFailure} or a typed client exception keeps its type), not wrapped.
   */
  public static <T> T answer(CompletableFuture<T> sent) {
    try {
      return sent.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw e;
    }
  }
}
