package io.incidentresponse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CpuMeterTest {
  @Test
  void read_ofThisJvmAfterWork_countsItsCpuAndAGoneProcessAsZero() {
    CpuMeter meter =
        new CpuMeter()
            .process("bench", () -> ProcessHandle.current().pid())
            .process("gone", () -> Long.MAX_VALUE);
    Map<String, Long> before = meter.read();
    long sum = 0;
    for (int i = 0; i < 50_000_000; i++) {
      sum += i % 7;
    }
    Map<String, Long> after = meter.read();

    assertThat(sum).isPositive();
    assertThat(after.get("bench")).isGreaterThan(before.get("bench"));
    assertThat(after.get("gone")).isZero();
  }

  @Test
  void millisPer_dividesEachProcessesCpuByTheRequests() {
    Map<String, Double> each =
        CpuMeter.millisPer(
            Map.of("starter", 1_000_000_000L), Map.of("starter", 3_000_000_000L), 1_000);

    assertThat(each).containsEntry("starter", 2.0);
  }

  @Test
  void medians_ofThreeWindows_namesEachProcessAndTheTotal() {
    String line =
        CpuMeter.medians(
            List.of(Map.of("starter", 1.0), Map.of("starter", 3.0), Map.of("starter", 2.0)));

    assertThat(line).isEqualTo("starter 2.00; total 2.00");
  }

  @Test
  void medianOfSum_ofThreeWindows_addsTheNamedProcessesOnlyAndCountsAMissingOneZero() {
    double median =
        CpuMeter.medianOfSum(
            List.of(
                Map.of("worker", 1.0, "dev server", 1.0, "bench", 9.0),
                Map.of("worker", 4.0, "dev server", 2.0, "bench", 9.0),
                Map.of("worker", 2.5, "bench", 9.0)),
            List.of("worker", "dev server"));

    assertThat(median).isEqualTo(2.5);
  }

  @Test
  void awaitQuiet_ofAGoneProcess_isQuietWithoutReachingItsCap() throws Exception {
    CpuMeter meter = new CpuMeter().process("gone", () -> Long.MAX_VALUE);

    CpuMeter.Quiet quiet =
        meter.awaitQuiet(List.of("gone"), 0.1, Duration.ofMillis(500), Duration.ofSeconds(30));

    assertThat(quiet.capped()).isFalse();
  }

  @Test
  void awaitQuiet_whileThisJvmSpins_givesUpAtItsCap() throws Exception {
    CpuMeter meter = new CpuMeter().process("bench", () -> ProcessHandle.current().pid());
    AtomicBoolean spin = new AtomicBoolean(true);
    Thread spinner =
        new Thread(
            () -> {
              long sum = 0;
              while (spin.get()) {
                sum += System.nanoTime() % 7;
              }
              assertThat(sum).isNotNegative();
            });
    spinner.start();
    try {
      CpuMeter.Quiet quiet =
          meter.awaitQuiet(List.of("bench"), 0.05, Duration.ofMillis(500), Duration.ofSeconds(2));

      assertThat(quiet.capped()).isTrue();
    } finally {
      spin.set(false);
      spinner.join();
    }
  }

  @Test
  void idle_isBelowTheShareOfOneCoreOverTheWallTime() {
    assertThat(CpuMeter.idle(90_000_000L, 1_000_000_000L, 0.1)).isTrue();
    assertThat(CpuMeter.idle(110_000_000L, 1_000_000_000L, 0.1)).isFalse();
    assertThat(CpuMeter.idle(0, 0, 0.1)).isFalse();
  }
}
