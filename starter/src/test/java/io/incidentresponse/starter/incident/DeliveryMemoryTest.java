package io.incidentresponse.starter.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.IncidentGateway.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The memory of accepted deliveries: repeats answered from it, failures and old ones not. */
class DeliveryMemoryTest {
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicInteger sent = new AtomicInteger();
  private final DeliveryMemory memory =
      new DeliveryMemory(
          new IncidentProperties.Redelivery(Duration.ofMinutes(10), 100),
          Duration.ofSeconds(5),
          nanos::get);

  private List<Delivery> toTemporal() {
    sent.incrementAndGet();
    return List.of(new Delivery("incident-a", "run-1", 2));
  }

  @Test
  void repeatWithinTheWindow_isADuplicateWithTheFirstIncidentsAndNeverSent() {
    DeliveryMemory.Outcome first = memory.once("am:1", this::toTemporal);
    nanos.addAndGet(Duration.ofMinutes(9).toNanos());
    DeliveryMemory.Outcome again = memory.once("am:1", this::toTemporal);

    assertThat(first.duplicate()).isFalse();
    assertThat(again.duplicate()).isTrue();
    assertThat(again.incidents()).isEqualTo(first.incidents());
    assertThat(sent).hasValue(1);
  }

  @Test
  void repeatAfterTheWindow_isSentAgain() {
    memory.once("am:1", this::toTemporal);
    nanos.addAndGet(Duration.ofMinutes(10).plusSeconds(1).toNanos());

    DeliveryMemory.Outcome late = memory.once("am:1", this::toTemporal);

    assertThat(late.duplicate()).isFalse();
    assertThat(sent).hasValue(2);
  }

  @Test
  void failedDelivery_isNotRemembered() {
    assertThatThrownBy(
            () ->
                memory.once(
                    "am:1",
                    () -> {
                      throw new TemporalUnavailableException("down", null);
                    }))
        .isInstanceOf(TemporalUnavailableException.class);

    DeliveryMemory.Outcome retried = memory.once("am:1", this::toTemporal);

    assertThat(retried.duplicate()).isFalse();
    assertThat(sent).hasValue(1);
  }

  @Test
  void identicalDeliveriesArrivingTogether_areSentOnce() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<DeliveryMemory.Outcome> first =
        CompletableFuture.supplyAsync(
            () ->
                memory.once(
                    "am:1",
                    () -> {
                      inside.countDown();
                      await(release);
                      return toTemporal();
                    }));
    assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<DeliveryMemory.Outcome> second =
        CompletableFuture.supplyAsync(() -> memory.once("am:1", this::toTemporal));

    release.countDown();

    assertThat(first.get(5, TimeUnit.SECONDS).duplicate()).isFalse();
    assertThat(second.get(5, TimeUnit.SECONDS).duplicate()).isTrue();
    assertThat(sent).hasValue(1);
  }

  @Test
  void onlyMaxRememberedAreKept() {
    for (int i = 0; i < 150; i++) {
      memory.once("am:" + i, this::toTemporal);
    }

    assertThat(memory.size()).isLessThanOrEqualTo(100);
  }

  @Test
  void zeroWindow_remembersNothing() {
    DeliveryMemory off =
        new DeliveryMemory(
            new IncidentProperties.Redelivery(Duration.ZERO, 100),
            Duration.ofSeconds(5),
            nanos::get);

    off.once("am:1", this::toTemporal);
    DeliveryMemory.Outcome again = off.once("am:1", this::toTemporal);

    assertThat(again.duplicate()).isFalse();
    assertThat(sent).hasValue(2);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
