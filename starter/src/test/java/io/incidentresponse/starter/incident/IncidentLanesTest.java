package io.incidentresponse.starter.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** At most two calls at once per incident; the others wait within their deadline. */
class IncidentLanesTest {
  private final IncidentLanes lanes = new IncidentLanes();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    threads.shutdownNow();
  }

  /** Two calls to {@code id} that hold their lane until {@link #release}. */
  private void twoRunning(String id) throws Exception {
    CountDownLatch started = new CountDownLatch(IncidentLanes.PER_INCIDENT);
    for (int i = 0; i < IncidentLanes.PER_INCIDENT; i++) {
      threads.submit(
          () ->
              lanes.one(
                  id,
                  () -> {
                    started.countDown();
                    await(release);
                    return null;
                  }));
    }
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void one_givenTwoCallsRunningToAnIncident_aThirdWaitsForThem_andAnotherIncidentDoesNot()
      throws Exception {
    twoRunning("incident-a");
    AtomicBoolean thirdRan = new AtomicBoolean();
    Future<?> third = threads.submit(() -> lanes.one("incident-a", () -> thirdRan.getAndSet(true)));

    assertThat(lanes.one("incident-b", () -> "at once")).isEqualTo("at once");
    Thread.sleep(300);
    assertThat(thirdRan).as("waits while two run").isFalse();

    release.countDown();
    third.get(10, TimeUnit.SECONDS);
    assertThat(thirdRan).isTrue();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (lanes.busy() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(lanes.busy()).as("no lane kept once idle").isZero();
  }

  @Test
  void one_whenTheDeadlinePassesWhileWaiting_failsAsPastTheDeadline_withoutCalling()
      throws Exception {
    twoRunning("incident-c");
    AtomicBoolean ran = new AtomicBoolean();
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    threads.submit(
        () -> {
          Context.CancellableContext context =
              Context.current()
                  .withDeadlineAfter(
                      200, TimeUnit.MILLISECONDS, Executors.newSingleThreadScheduledExecutor());
          try {
            context.run(() -> lanes.one("incident-c", () -> ran.getAndSet(true)));
            failure.complete(null);
          } catch (RuntimeException e) {
            failure.complete(e);
          } finally {
            context.cancel(null);
          }
        });

    Throwable thrown = failure.get(10, TimeUnit.SECONDS);
    assertThat(thrown).isInstanceOf(StatusRuntimeException.class);
    assertThat(((StatusRuntimeException) thrown).getStatus().getCode())
        .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(ran).isFalse();
    assertThatThrownBy(
            () -> {
              throw thrown;
            })
        .hasMessageContaining("incident-c");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
