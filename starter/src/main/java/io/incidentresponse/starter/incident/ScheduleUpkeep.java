package io.incidentresponse.starter.incident;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Keeps a Temporal Schedule as configured, in the background once the application is ready, so
 * start-up never waits for or fails on Temporal: while Temporal is unreachable the upkeep is tried
 * again (after 5 s, doubling to every 5 minutes); a server without schedules (the in-process test
 * server) gets a warning; any other failure is logged once. Its answer is logged.
 */
public final class ScheduleUpkeep {
  private static final Set<Status.Code> UNREACHABLE =
      Set.of(
          Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  private static final Duration MAX_RETRY = Duration.ofMinutes(5);

  private final String what;
  private final Logger log;
  private final ScheduledExecutorService background;

  /**
   * @param what the schedule(s) in log lines, e.g. {@code drill schedules}
   * @param log the owner's logger
   */
  public ScheduleUpkeep(String what, Logger log) {
    this.what = what;
    this.log = log;
    this.background =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, what.replace(' ', '-'));
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Runs {@code upkeep} in the background, again while Temporal is unreachable. */
  public void start(Supplier<?> upkeep) {
    background.execute(() -> attempt(upkeep, FIRST_RETRY));
  }

  public void stop() {
    background.shutdownNow();
  }

  private void attempt(Supplier<?> upkeep, Duration nextDelay) {
    try {
      log.info("{}: {}", what, upkeep.get());
    } catch (RuntimeException e) {
      Status.Code code = code(e);
      if (code == Status.Code.UNIMPLEMENTED) {
        log.warn("this Temporal server does not implement schedules: {} not made", what);
      } else if (code != null && UNREACHABLE.contains(code)) {
        log.warn(
            "{} not checked: Temporal unreachable ({}); retrying in {} s",
            what,
            code,
            nextDelay.toSeconds());
        Duration after = nextDelay.multipliedBy(2);
        background.schedule(
            () -> attempt(upkeep, after.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : after),
            nextDelay.toMillis(),
            TimeUnit.MILLISECONDS);
      } else {
        log.error("{} could not be created, updated or checked", what, e);
      }
    }
  }

  /** The gRPC status code somewhere in {@code e}'s causes, or null. */
  public static Status.Code code(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        return grpc.getStatus().getCode();
      }
    }
    return null;
  }

  /**
   * Creates schedule {@code id} as {@code wanted}, or rewrites the spec, action and policy of the
   * one there (its pause and notes stay); answers whether it created it.
   */
  public static boolean createOrUpdate(ScheduleClient schedules, String id, Schedule wanted) {
    try {
      schedules.createSchedule(id, wanted, ScheduleOptions.newBuilder().build());
      return true;
    } catch (ScheduleAlreadyRunningException exists) {
      schedules
          .getHandle(id)
          .update(
              input ->
                  new ScheduleUpdate(
                      Schedule.newBuilder(input.getDescription().getSchedule())
                          .setSpec(wanted.getSpec())
                          .setAction(wanted.getAction())
                          .setPolicy(wanted.getPolicy())
                          .build()));
      return false;
    }
  }

  /** Deletes schedule {@code id}; answers false when there was none. */
  public static boolean deleteIfPresent(ScheduleClient schedules, String id) {
    try {
      schedules.getHandle(id).delete();
      return true;
    } catch (RuntimeException e) {
      if (code(e) == Status.Code.NOT_FOUND || isNotFound(e)) {
        return false;
      }
      throw e;
    }
  }

  private static boolean isNotFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getClass().getSimpleName().contains("NotFound")) {
        return true;
      }
    }
    return false;
  }
}
