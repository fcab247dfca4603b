package io.incidentresponse.starter.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrentDeliveriesTest {
  private final ExecutorService callers = Executors.newFixedThreadPool(48);

  @AfterEach
  void stop() {
    callers.shutdownNow();
  }

  @Test
  void deliveriesArrivingWhileACallIsOut_shareTheNextCall_andEachIsSentOnce() throws Exception {
    ConcurrentDeliveries<Integer, String> concurrent =
        new ConcurrentDeliveries<>(32, part -> 1, 1_000, Duration.ofSeconds(30));
    ConcurrentLinkedQueue<List<Integer>> calls = new ConcurrentLinkedQueue<>();
    CountDownLatch allArrived = new CountDownLatch(48);
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      int part = i;
      answers.add(
          callers.submit(
              () -> {
                allArrived.countDown();
                return concurrent.deliver(
                    "inc-1",
                    part,
                    parts -> {
                      calls.add(parts);
                      sleep(50);
                      return "sent " + parts.get(0);
                    });
              }));
    }
    for (Future<String> answer : answers) {
      assertThat(answer.get(30, TimeUnit.SECONDS)).startsWith("sent ");
    }

    List<Integer> sent = calls.stream().flatMap(List::stream).sorted().toList();
    assertThat(sent).hasSize(48).doesNotHaveDuplicates();
    assertThat(calls.size()).isLessThan(48);
    assertThat(calls).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(32));
  }

  @Test
  void aFailedCall_failsEveryDeliveryOfItsBatch_andTheNextBatchStillLeaves() throws Exception {
    ConcurrentDeliveries<Integer, String> concurrent =
        new ConcurrentDeliveries<>(32, part -> 1, 1_000, Duration.ofSeconds(30));
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger callNumber = new AtomicInteger();
    Future<String> first = firstCallHeldUntil(concurrent, release);
    List<Future<String>> failing = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      int part = i;
      failing.add(
          toInc1(
              concurrent,
              part,
              parts -> {
                if (callNumber.incrementAndGet() == 1) {
                  throw new TemporalUnavailableException("busy", null);
                }
                return "later";
              }));
    }
    Thread.sleep(200); // the three are waiting behind the first call
    release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
    for (Future<String> f : failing) {
      assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(TemporalUnavailableException.class);
    }
    assertThat(callNumber).hasValue(1);
    assertThat(concurrent.deliver("inc-1", 9, parts -> "alone " + parts)).isEqualTo("alone [9]");
  }

  @Test
  void aCall_carriesAtMostTheMaximumWeight_andAHeavierDeliveryGoesAlone() throws Exception {
    // a part's weight is its value: 0 for the first, then 600, 600, 300 and 1,500
    ConcurrentDeliveries<Integer, String> concurrent =
        new ConcurrentDeliveries<>(32, part -> part, 1_000, Duration.ofSeconds(30));
    CountDownLatch release = new CountDownLatch(1);
    Future<String> first = firstCallHeldUntil(concurrent, release);
    ConcurrentLinkedQueue<List<Integer>> calls = new ConcurrentLinkedQueue<>();
    List<Future<String>> later = new ArrayList<>();
    for (int part : List.of(600, 600, 300, 1_500)) {
      later.add(
          toInc1(
              concurrent,
              part,
              parts -> {
                calls.add(parts);
                return "sent";
              }));
      Thread.sleep(100); // queued in this order
    }
    release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
    for (Future<String> f : later) {
      assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("sent");
    }
    assertThat(calls).containsExactly(List.of(600), List.of(600, 300), List.of(1_500));
  }

  @Test
  void aDeliveryWaitingPastItsLimit_leavesUnsent_withTemporalUnavailable() throws Exception {
    ConcurrentDeliveries<Integer, String> concurrent =
        new ConcurrentDeliveries<>(32, part -> 1, 1_000, Duration.ofMillis(200));
    CountDownLatch release = new CountDownLatch(1);
    Future<String> first = firstCallHeldUntil(concurrent, release);
    List<List<Integer>> later = new ArrayList<>();

    assertThatThrownBy(
            () ->
                concurrent.deliver(
                    "inc-1",
                    1,
                    parts -> {
                      later.add(parts);
                      return "never";
                    }))
        .isInstanceOf(TemporalUnavailableException.class);
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
    assertThat(later).isEmpty();
  }

  @Test
  void deliveriesToOtherIncidents_doNotWaitForEachOther() throws Exception {
    ConcurrentDeliveries<Integer, String> concurrent =
        new ConcurrentDeliveries<>(32, part -> 1, 1_000, Duration.ofMillis(200));
    CountDownLatch release = new CountDownLatch(1);
    Future<String> first = firstCallHeldUntil(concurrent, release);

    assertThat(concurrent.deliver("inc-2", 1, parts -> "other " + parts)).isEqualTo("other [1]");
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
  }

  /** Delivers {@code part} to inc-1 from another thread. */
  private Future<String> toInc1(
      ConcurrentDeliveries<Integer, String> concurrent,
      int part,
      Function<List<Integer>, String> call) {
    return callers.submit(() -> concurrent.deliver("inc-1", part, call));
  }

  /** A delivery to inc-1 whose call is out until {@code release}; returns once it is out. */
  private Future<String> firstCallHeldUntil(
      ConcurrentDeliveries<Integer, String> concurrent, CountDownLatch release)
      throws InterruptedException {
    CountDownLatch out = new CountDownLatch(1);
    Future<String> first =
        toInc1(
            concurrent,
            0,
            parts -> {
              out.countDown();
              await(release);
              return "first";
            });
    assertThat(out.await(10, TimeUnit.SECONDS)).isTrue();
    return first;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
