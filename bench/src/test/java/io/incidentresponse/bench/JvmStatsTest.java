package io.incidentresponse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JvmStatsTest {
  @Test
  void heapUsed_isTheWholeHeapsNotARegionsOrMetaspaces() {
    String heapInfo =
        """
        12345:
         garbage-first heap   total 262144K, used 48213K [0x00000000f0000000, 0x0000000100000000)
          region size 1024K, 3 young (3072K), 0 survivors (0K)
         Metaspace       used 61234K, committed 62000K, reserved 1114112K
        """;

    assertThat(JvmStats.heapUsedKb(heapInfo)).isEqualTo(48213);
  }

  @Test
  void statusField_readsRssAndThreadsOfProcStatus() {
    String status = "Name:\tjava\nVmPeak:\t 3000 kB\nVmRSS:\t  456789 kB\nThreads:\t73\n";

    assertThat(JvmStats.statusField(status, "VmRSS")).isEqualTo(456789);
    assertThat(JvmStats.statusField(status, "Threads")).isEqualTo(73);
  }

  @Test
  void of_givenThisJvm_measuresIt() throws Exception {
    JvmStats stats = JvmStats.of(ProcessHandle.current().pid());

    assertThat(stats.rssKb()).isPositive();
    assertThat(stats.heapUsedKb()).isPositive().isLessThan(stats.rssKb());
    assertThat(stats.threads()).isGreaterThan(1);
  }

  @Test
  void heapUsed_givenAnUnknownFormat_failsRatherThanReportZero() {
    assertThatThrownBy(() -> JvmStats.heapUsedKb("nothing here"))
        .isInstanceOf(IllegalStateException.class);
  }
}
