package io.incidentresponse.starter.incident;

import io.incidentresponse.starter.config.IncidentProperties;
import io.temporal.worker.WorkerFactory;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the starter's worker (the intake task queue, {@code spring.temporal.workers}) once the
 * application is ready, and again and again while Temporal cannot be reached: the SDK's start asks
 * Temporal first and fails without it, and the starter must still come up to answer 503 to every
 * alert until Temporal is back ({@code spring.temporal.start-workers} is false for this reason).
 */
@Component
public class IntakeWorker {
  private static final Logger log = LoggerFactory.getLogger(IntakeWorker.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

  private final WorkerFactory workers;
  private final String taskQueue;
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "intake-worker-start");
            thread.setDaemon(true);
            return thread;
          });

  public IntakeWorker(WorkerFactory workers, IncidentProperties properties) {
    this.workers = workers;
    this.taskQueue = properties.ingestion().intakeTaskQueue();
  }

  @EventListener(ApplicationReadyEvent.class)
  void start() {
    start(FIRST_RETRY);
  }

  private void start(Duration nextRetry) {
    try {
      workers.start();
      log.info("polling the intake task queue {}", taskQueue);
    } catch (RuntimeException unreachable) {
      log.warn(
          "the intake worker ({}) did not start, Temporal did not answer ({}); tried again in {} s",
          taskQueue,
          unreachable.toString(),
          nextRetry.toSeconds());
      Duration after = nextRetry.multipliedBy(2);
      retries.schedule(
          () -> start(after.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : after),
          nextRetry.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  /** Whether the worker polls (it does once Temporal answered its start). */
  public boolean started() {
    return workers.isStarted();
  }

  @PreDestroy
  void stop() {
    retries.shutdownNow();
  }
}
