package io.incidentresponse.bench.raw;

import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** See {@link RawIntakeActivities}. */
public class RawIntakeActivitiesImpl implements RawIntakeActivities {
  /** The project's {@code incident.ingestion.intake-parallelism} default. */
  static final int PARALLELISM = 4;

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
    List<Future<?>> sent = new ArrayList<>();
    for (RawGroup group : delivery.groups()) {
      sent.add(
          senders.submit(
              () ->
                  RawStarts.signalWithStart(
                      client, group.workflowId(), delivery.input(), group.body())));
    }
    try {
      for (Future<?> future : sent) {
        future.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("a group was not delivered", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
