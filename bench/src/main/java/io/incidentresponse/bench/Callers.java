package io.incidentresponse.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Concurrent callers: for a while, or over a list of items. */
final class Callers {
  /** One call; {@code index} counts calls across all callers from 0. */
  interface Call {
    void run(int index) throws Exception;
  }

  private Callers() {}

  /**
   * {@code callers} threads call {@code call} back to back until {@code duration} has passed;
   * returns how many calls finished, the seconds they took and the CPU the calling threads used
   * themselves (not other threads they handed work to). The first failure fails the run.
   */
  static Throughput during(int callers, Duration duration, Call call) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    LongAdder cpu = new LongAdder();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    boolean measured =
        threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    runAll(
        callers,
        () -> {
          long cpuStart = measured ? threads.getCurrentThreadCpuTime() : 0;
          try {
            while (System.nanoTime() < end) {
              call.run(next.getAndIncrement());
              done.incrementAndGet();
            }
          } finally {
            if (measured) {
              cpu.add(threads.getCurrentThreadCpuTime() - cpuStart);
            }
          }
          return null;
        });
    return new Throughput(done.get(), (System.nanoTime() - start) / 1e9, measured ? cpu.sum() : -1);
  }

  /** Calls {@code call} {@code count} times over {@code callers} threads. */
  static void times(int callers, int count, Call call) throws Exception {
    AtomicInteger next = new AtomicInteger();
    runAll(
        callers,
        () -> {
          for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            call.run(i);
          }
          return null;
        });
  }

  private static void runAll(int callers, java.util.concurrent.Callable<Void> body)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<Void>> running = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        running.add(pool.submit(body));
      }
      for (Future<Void> f : running) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof Exception cause) {
            throw cause;
          }
          throw e;
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Calls finished in a number of seconds, and the CPU nanoseconds of the calling threads (-1 where
   * the JVM cannot tell a thread's CPU time).
   */
  record Throughput(int calls, double seconds, long callerCpuNanos) {
    double perSecond() {
      return calls / seconds;
    }
  }
}
