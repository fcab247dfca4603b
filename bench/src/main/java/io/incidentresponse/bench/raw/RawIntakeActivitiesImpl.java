package io.incidentresponse.bench.raw;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** See {@link RawIntakeActivities}. */
public class RawIntakeActivitiesImpl implements RawIntakeActivities {
  /** The project's {@code incident.ingestion.intake-parallelism} default. */
  static final int PARALLELISM = 4;

  /** The project intake's heartbeat interval while its groups go out. */
  private static final long HEARTBEAT_EVERY_MS = 2_000;

  private final WorkflowClient client;
  private final ExecutorService senders =
      Executors.newFixedThreadPool(
          PARALLELISM,
          r -> {
            Thread thread = new Thread(r, "raw-intake-groups");
            thread.setDaemon(true);
            return thread;
          });

  public RawIntakeActivitiesImpl(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public void deliverGroups(RawIntakeInput delivery) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    List<Future<?>> sent = new ArrayList<>();
    for (RawGroup group : delivery.groups()) {
      sent.add(
          senders.submit(
              () ->
                  RawStarts.signalWithStart(
                      client, group.workflowId(), delivery.input(), group.body())));
    }
    long lastBeat = System.nanoTime();
    try {
      for (Future<?> future : sent) {
        while (!done(future)) {
          context.heartbeat(null);
          lastBeat = System.nanoTime();
        }
        if (System.nanoTime() - lastBeat > TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_EVERY_MS)) {
          context.heartbeat(null);
          lastBeat = System.nanoTime();
        }
      }
    } catch (ExecutionException e) {
      cancel(sent);
      throw new IllegalStateException("a group was not delivered", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel(sent);
      throw new IllegalStateException("interrupted", e);
    } catch (RuntimeException e) {
      cancel(sent); // the intake was terminated (its heartbeat said so) or timed out
      throw e;
    }
  }

  /** Waits up to a heartbeat interval for {@code future}: whether it finished. */
  private static boolean done(Future<?> future) throws ExecutionException, InterruptedException {
    try {
      future.get(HEARTBEAT_EVERY_MS, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException stillSending) {
      return false;
    }
  }

  private static void cancel(List<Future<?>> sent) {
    for (Future<?> future : sent) {
      future.cancel(true);
    }
  }
}
