package io.incidentresponse.starter.incident;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * At most {@link #PER_INCIDENT} signal-with-starts to one incident at once from this starter; the
 * others wait here, in arrival order, within the caller's deadline (the gRPC context's). Temporal
 * takes one incident's signals one at a time under its workflow lock: a storm of concurrent
 * deliveries to a few incidents (16 callers, 3 groups each, 48 calls on 3 workflows) otherwise
 * queues at that lock until the server refuses the late ones as RESOURCE_EXHAUSTED "Workflow is
 * busy", each a 503 for a delivery whose other groups were accepted. Different incidents never wait
 * for each other.
 */
final class IncidentLanes {
  /** One call at the incident's lock and one ready behind it. */
  static final int PER_INCIDENT = 2;

  private static final class Lane {
    final Semaphore permits = new Semaphore(PER_INCIDENT, true);
    int users; // guarded by the map's compute
  }

  private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

  /**
   * Runs {@code call} for {@code workflowId} once fewer than {@link #PER_INCIDENT} calls to it are
   * running.
   *
   * @throws io.grpc.StatusRuntimeException DEADLINE_EXCEEDED when the context's deadline passed
   *     while waiting (read by {@link TemporalCalls} as Temporal not answering in time)
   */
  <T> T one(String workflowId, Supplier<T> call) {
    Lane lane =
        lanes.compute(
            workflowId,
            (id, existing) -> {
              Lane l = existing == null ? new Lane() : existing;
              l.users++;
              return l;
            });
    try {
      acquire(lane.permits, workflowId);
      try {
        return call.get();
      } finally {
        lane.permits.release();
      }
    } finally {
      lanes.computeIfPresent(workflowId, (id, l) -> --l.users == 0 ? null : l);
    }
  }

  private static void acquire(Semaphore permits, String workflowId) {
    Deadline deadline = Context.current().getDeadline();
    try {
      if (deadline == null) {
        permits.acquire();
        return;
      }
      long left = deadline.timeRemaining(TimeUnit.NANOSECONDS);
      if (left > 0 && permits.tryAcquire(left, TimeUnit.NANOSECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
    }
    throw Status.DEADLINE_EXCEEDED
        .withDescription("waited the whole deadline behind earlier deliveries to " + workflowId)
        .asRuntimeException();
  }

  /** Incidents with a call running or waiting now (for tests). */
  int busy() {
    return lanes.size();
  }
}
