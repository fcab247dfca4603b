package io.incidentresponse.activities.kubernetes;

import io.incidentresponse.activities.ProbePools;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Kubernetes reads a probe needs that do not depend on each other, sent at once: a probe then takes
 * about the API server's slowest answer, not the sum (issue 18: the node-health probe's nodes and
 * usage, the pod-logs probe's logs). The reads in flight are shared by every probe of the worker
 * and bounded ({@value #THREADS}), so a storm of incidents queues here rather than starting a
 * thread per read; each probe's first read runs on its own activity thread.
 */
final class KubernetesReads {
  /** Reads in flight at once, for all probes of the worker. */
  static final int THREADS = 16;

  private static final ExecutorService READS = ProbePools.bounded("kubernetes-probe", THREADS);

  private KubernetesReads() {}

  /**
   * The answers of {@code reads}, in their order, once all have answered. The first to fail (in
   * their order) is rethrown as it was thrown (an {@code ApplicationFailure} from {@link
   * KubernetesFailures} keeps its type) and the reads not yet sent are dropped.
   */
  static <T> List<T> all(List<Supplier<T>> reads) {
    List<T> answers = new ArrayList<>();
    if (reads.isEmpty()) {
      return answers;
    }
    // the first on the probe's own thread: a pool busy with a storm's reads slows a probe down to
    // one read at a time, as it was before, never to none
    List<CompletableFuture<T>> sent = new ArrayList<>();
    for (Supplier<T> read : reads.subList(1, reads.size())) {
      sent.add(send(read));
    }
    try {
      answers.add(reads.get(0).get());
    } catch (RuntimeException failed) {
      sent.forEach(read -> read.cancel(false));
      throw failed;
    }
    for (CompletableFuture<T> answer : sent) {
      try {
        answers.add(ProbePools.answer(answer));
      } catch (RuntimeException failed) {
        sent.forEach(read -> read.cancel(false));
        throw failed;
      }
    }
    return answers;
  }

  /** Sends {@code read} now; {@link ProbePools#answer} waits for it. */
  static <T> CompletableFuture<T> send(Supplier<T> read) {
    return CompletableFuture.supplyAsync(read, READS);
  }
}
