package io.incidentresponse.bench;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * CPU time (user + system, what {@code /proc/PID/stat} counts) of named processes, each with its
 * descendants (the dev server may run under a launcher), read before and after a window: far less
 * noisy than a rate on a shared machine, since another process's load slows a side but does not add
 * to its CPU time. A process that is gone or not readable counts 0.
 */
final class CpuMeter {
  private final Map<String, LongSupplier> processes = new LinkedHashMap<>();

  /** Adds {@code name}, whose process id is asked for at each reading (a JVM may be restarted). */
  CpuMeter process(String name, LongSupplier pid) {
    processes.put(name, pid);
    return this;
  }

  /** CPU nanoseconds of each named process now. */
  Map<String, Long> read() {
    Map<String, Long> now = new LinkedHashMap<>();
    processes.forEach((name, pid) -> now.put(name, cpuNanos(pid)));
    return now;
  }

  /** How long {@link #awaitQuiet} waited, and whether it gave up at its cap. */
  record Quiet(double seconds, boolean capped) {}

  /** How often {@link #awaitQuiet} reads the processes' CPU. */
  static final Duration QUIET_SAMPLE = Duration.ofMillis(250);

  /**
   * Waits until the {@code names} processes together used less than {@code coreShare} of one core
   * over the last {@code quietFor} (read every {@link #QUIET_SAMPLE}), or until {@code cap}: what
   * an earlier window left running (a fan-out, re-opened workflows, their JIT and GC) then no
   * longer lands in the next window's readings.
   */
  Quiet awaitQuiet(List<String> names, double coreShare, Duration quietFor, Duration cap)
      throws InterruptedException {
    long start = System.nanoTime();
    Deque<long[]> readings = new ArrayDeque<>(); // {wall nanos, CPU nanos of the names}
    while (true) {
      long now = System.nanoTime();
      readings.addLast(new long[] {now, sum(read(), names)});
      // keep the newest readings that still span quietFor: drop the oldest while the next one does
      while (readings.size() > 2 && now - second(readings)[0] >= quietFor.toNanos()) {
        readings.removeFirst();
      }
      long[] first = readings.peekFirst();
      if (now - first[0] >= quietFor.toNanos()
          && idle(readings.peekLast()[1] - first[1], now - first[0], coreShare)) {
        return new Quiet((now - start) / 1e9, false);
      }
      if (now - start >= cap.toNanos()) {
        return new Quiet((now - start) / 1e9, true);
      }
      Thread.sleep(QUIET_SAMPLE.toMillis());
    }
  }

  private static long[] second(Deque<long[]> readings) {
    var it = readings.iterator();
    it.next();
    return it.next();
  }

  /**
   * Whether {@code cpuNanos} used over {@code wallNanos} is less than {@code coreShare} of a core.
   */
  static boolean idle(long cpuNanos, long wallNanos, double coreShare) {
    return wallNanos > 0 && cpuNanos < coreShare * wallNanos;
  }

  /** The sum of the {@code names} processes' figures in one reading (a name it lacks counts 0). */
  static long sum(Map<String, Long> reading, List<String> names) {
    return names.stream().mapToLong(n -> reading.getOrDefault(n, 0L)).sum();
  }

  /** CPU milliseconds each process used between two readings, divided by {@code per}. */
  static Map<String, Double> millisPer(Map<String, Long> before, Map<String, Long> after, int per) {
    Map<String, Double> each = new LinkedHashMap<>();
    before.forEach(
        (name, start) ->
            each.put(name, (after.getOrDefault(name, start) - start) / 1e6 / Math.max(1, per)));
    return each;
  }

  /** "starter 1.2, worker 0.8, ...; total 3.1" of the medians of several windows, in ms. */
  static String medians(List<Map<String, Double>> windows) {
    if (windows.isEmpty()) {
      return "";
    }
    Map<String, Double> median = new LinkedHashMap<>();
    for (String name : windows.get(0).keySet()) {
      median.put(
          name,
          Stats.Summary.of(windows.stream().map(w -> w.getOrDefault(name, 0.0)).toList()).median());
    }
    double total = median.values().stream().mapToDouble(Double::doubleValue).sum();
    return median.entrySet().stream()
            .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
            .collect(Collectors.joining(", "))
        + String.format(Locale.ROOT, "; total %.2f", total);
  }

  /**
   * The median over {@code windows} of the sum of the {@code names} processes' figures (a name a
   * window lacks counts 0): one side's CPU without the processes that are not its own.
   */
  static double medianOfSum(List<Map<String, Double>> windows, List<String> names) {
    if (windows.isEmpty()) {
      return Double.NaN;
    }
    return Stats.Summary.of(
            windows.stream()
                .map(w -> names.stream().mapToDouble(n -> w.getOrDefault(n, 0.0)).sum())
                .toList())
        .median();
  }

  private static long cpuNanos(LongSupplier pid) {
    long id;
    try {
      id = pid.getAsLong();
    } catch (RuntimeException e) {
      return 0;
    }
    if (id <= 0) {
      return 0;
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(id);
    if (handle.isEmpty()) {
      return 0;
    }
    long total = cpu(handle.get());
    for (ProcessHandle child : handle.get().descendants().toList()) {
      total += cpu(child);
    }
    return total;
  }

  private static long cpu(ProcessHandle p) {
    return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }
}
