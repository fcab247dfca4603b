package io.incidentresponse.activities.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.incidentresponse.workflows.incident.Severity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker-wide pace of one Slack method, on its own: order, pause, deadline, heartbeats. */
class SlackPacerTest {
  private static final Duration BEAT = Duration.ofSeconds(10);
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    callers.shutdownNow();
  }

  private static long inSeconds(int seconds) {
    return System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
  }

  private static void waitUntil(SlackPacer pacer, int waiting) throws InterruptedException {
    long until = inSeconds(5);
    while (pacer.waiting() != waiting) {
      assertThat(System.nanoTime() - until).as("callers queued").isNegative();
      Thread.sleep(5);
    }
  }

  /** Someone asking: its severity and when its incident first asked. */
  private record Caller(String name, Severity severity, long askedAt) {}

  @Test
  void slots_goToTheMostSevereFirst_thenToTheIncidentThatAskedFirst() throws Exception {
    SlackPacer pacer = new SlackPacer("conversations.create", 6000);
    pacer.pauseFor(Duration.ofSeconds(2)); // a 429: everyone queues
    List<Caller> arrivals =
        List.of(
            new Caller("p3-early", Severity.P3, 100),
            new Caller("p2", Severity.P2, 300),
            new Caller("p1-late", Severity.P1, 500),
            new Caller("p0", Severity.P0, 400),
            new Caller("p1-early", Severity.P1, 200),
            // a retry coming back: arrives last, asked first, keeps its place among the P3s
            new Caller("p3-retry", Severity.P3, 50));
    List<String> served = Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> done = new ArrayList<>();
    int queued = 0;
    for (Caller caller : arrivals) {
      done.add(
          callers.submit(
              () -> {
                pacer.await(caller.severity(), caller.askedAt(), inSeconds(30), BEAT, () -> {});
                served.add(caller.name());
              }));
      waitUntil(pacer, ++queued);
    }
    for (Future<?> call : done) {
      call.get(10, TimeUnit.SECONDS);
    }

    assertThat(served).containsExactly("p0", "p1-early", "p1-late", "p2", "p3-retry", "p3-early");
  }

  @Test
  void slots_areSpacedAtTheRatePerMinute() {
    SlackPacer pacer = new SlackPacer("conversations.create", 600);
    long start = System.nanoTime();

    for (int i = 0; i < 11; i++) {
      pacer.await(Severity.P2, i, inSeconds(30), BEAT, () -> {});
    }

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("the first at once, ten more 100 ms apart")
        .isBetween(Duration.ofMillis(990), Duration.ofSeconds(5));
  }

  @Test
  void pause_holdsEveryCallerUntilSlacksRetryAfter() {
    SlackPacer pacer = new SlackPacer("conversations.create", 6000);
    long start = System.nanoTime();

    pacer.pauseFor(Duration.ofMillis(700));
    pacer.await(Severity.P0, 1, inSeconds(30), BEAT, () -> {});

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(700));
  }

  @Test
  void waitPastTheDeadline_isRateLimitedForLaterAndTakesNoSlot() {
    SlackPacer pacer = new SlackPacer("conversations.create", 60);
    pacer.await(Severity.P2, 1, inSeconds(30), BEAT, () -> {});
    long firstSlot = System.nanoTime();

    ApplicationFailure outlasted =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> pacer.await(Severity.P2, 2, System.nanoTime() + 100_000_000L, BEAT, () -> {}));
    pacer.await(Severity.P2, 3, inSeconds(30), BEAT, () -> {});

    assertThat(outlasted.getType()).isEqualTo("RATE_LIMITED");
    assertThat(outlasted.isNonRetryable()).isFalse();
    assertThat(outlasted.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(pacer.waiting()).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - firstSlot))
        .as("the next caller got the slot the outlasted one did not take")
        .isLessThan(Duration.ofMillis(1900));
  }

  @Test
  void waiting_heartbeatsAtTheGivenInterval() {
    SlackPacer pacer = new SlackPacer("conversations.create", 6000);
    AtomicInteger beats = new AtomicInteger();

    pacer.pauseFor(Duration.ofSeconds(1));
    pacer.await(Severity.P1, 1, inSeconds(30), Duration.ofMillis(100), beats::incrementAndGet);

    assertThat(beats.get()).isBetween(7, 11);
  }

  @Test
  void heartbeatThatThrows_leavesTheQueueAndHoldsNobodyUp() {
    SlackPacer pacer = new SlackPacer("conversations.create", 6000);
    pacer.pauseFor(Duration.ofMillis(300));

    RuntimeException cancelled =
        catchThrowableOfType(
            RuntimeException.class,
            () ->
                pacer.await(
                    Severity.P0,
                    1,
                    inSeconds(30),
                    Duration.ofMillis(50),
                    () -> {
                      throw new IllegalStateException("activity cancelled");
                    }));
    pacer.await(Severity.P3, 2, inSeconds(30), BEAT, () -> {});

    assertThat(cancelled).hasMessage("activity cancelled");
    assertThat(pacer.waiting()).isZero();
  }
}
