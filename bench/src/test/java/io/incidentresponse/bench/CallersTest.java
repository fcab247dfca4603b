package io.incidentresponse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CallersTest {
  @Test
  void during_ofCallsThatWork_countsThemAndTheCallingThreadsCpu() throws Exception {
    AtomicLong sink = new AtomicLong();

    Callers.Throughput t =
        Callers.during(
            2,
            Duration.ofMillis(200),
            i -> {
              long sum = 0;
              for (int k = 0; k < 1_000_000; k++) {
                sum += k % 7;
              }
              sink.addAndGet(sum);
            });

    assertThat(t.calls()).isPositive();
    assertThat(sink.get()).isPositive();
    assertThat(t.callerCpuNanos()).isPositive();
  }

  @Test
  void during_whenACallFails_failsWithItsException() {
    assertThatThrownBy(
            () ->
                Callers.during(
                    2,
                    Duration.ofSeconds(5),
                    i -> {
                      throw new IllegalStateException("refused " + i);
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("refused");
  }
}
