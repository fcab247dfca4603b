package io.incidentresponse.starter.incident;

import io.incidentresponse.starter.incident.IncidentGateway.Delivery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Delivers the groups of one delivery side by side: at most {@code parallelism} at once (the
 * request's own thread is one of them, helpers come from a shared pool whose idle threads end after
 * a minute), every group tried, and the answer given only when each was accepted or failed. A
 * failure of one group does not stop the others: the incidents that accepted their alerts keep them
 * (a retry of the delivery is dropped by them), and the failure is thrown after all were tried.
 */
final class GroupFanOut implements AutoCloseable {
  private final int parallelism;
  private final ExecutorService helpers =
      Executors.newCachedThreadPool(
          new java.util.concurrent.ThreadFactory() {
            private final AtomicInteger count = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
              Thread thread = new Thread(r, "alert-groups-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            }
          });

  GroupFanOut(int parallelism) {
    this.parallelism = parallelism;
  }

  /**
   * The delivery of each group, in the order of {@code groups}.
   *
   * @throws PartlyDeliveredException when Temporal was unavailable for some group (it names the
   *     incidents that did accept theirs)
   * @throws RuntimeException any other failure of a group, as it was thrown (the first in order)
   */
  <T> List<Delivery> deliverAll(List<T> groups, Function<T, Delivery> deliver) {
    int size = groups.size();
    Delivery[] delivered = new Delivery[size];
    RuntimeException[] failed = new RuntimeException[size];
    AtomicInteger next = new AtomicInteger();
    Runnable work =
        () -> {
          for (int i = next.getAndIncrement(); i < size; i = next.getAndIncrement()) {
            try {
              delivered[i] = deliver.apply(groups.get(i));
            } catch (RuntimeException e) {
              failed[i] = e;
            }
          }
        };
    List<Future<?>> running = new ArrayList<>();
    try {
      for (int h = 1; h < Math.min(parallelism, size); h++) {
        running.add(helpers.submit(work));
      }
    } catch (RejectedExecutionException shuttingDown) {
      // the request's own thread delivers what the helpers would have
    }
    work.run();
    awaitAll(running);
    return outcome(delivered, failed);
  }

  private static void awaitAll(List<Future<?>> running) {
    boolean interrupted = false;
    for (Future<?> future : running) {
      while (true) {
        try {
          future.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // a group already with Temporal is waited for: its answer counts
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<Delivery> outcome(Delivery[] delivered, RuntimeException[] failed) {
    TemporalUnavailableException unavailable = null;
    int notAccepted = 0;
    for (RuntimeException e : failed) {
      if (e == null) {
        continue;
      }
      if (!(e instanceof TemporalUnavailableException down)) {
        throw e;
      }
      notAccepted++;
      unavailable = unavailable == null ? down : unavailable;
    }
    List<Delivery> accepted = Arrays.stream(delivered).filter(d -> d != null).toList();
    if (unavailable != null) {
      throw new PartlyDeliveredException(accepted, notAccepted, unavailable);
    }
    return accepted;
  }

  @Override
  public void close() {
    helpers.shutdownNow();
  }
}
