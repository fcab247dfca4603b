package io.incidentresponse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JvmStatsTest {
  @Test
  void liveHeap_isTheHistogramsTotal_notTheLargestClassOrAnInstanceCount() {
    String histogram =
        """
        12345:
         num     #instances         #bytes  class name (module)
        -------------------------------------------------------
           1:        117837        8219896  [B (java.base@17.0.15)
           2:        109082        2617968  java.lang.String (java.base@17.0.15)
        6835:             1             16  tools.jackson.dataformat.yaml.util.StringQuotingChecker
        Total        691736       31514872
        """;

    assertThat(JvmStats.liveKb(histogram)).isEqualTo(31514872 / 1024);
  }

  @Test
  void instances_countsExactlyTheClassAsked_notOneWhoseNameStartsTheSame() {
    String histogram =
        """
         num     #instances         #bytes  class name (module)
        -------------------------------------------------------
          40:          1200          96000  io.incidentresponse.workflows.incident.IncidentWorkflowImplHelper
          41:          1020          81600  io.incidentresponse.workflows.incident.IncidentWorkflowImpl
        Total          2220         177600
        """;

    assertThat(
            JvmStats.instances(
                histogram, "io.incidentresponse.workflows.incident.IncidentWorkflowImpl"))
        .isEqualTo(1020);
    assertThat(JvmStats.instances(histogram, "io.incidentresponse.bench.raw.RawWorkflowImpl"))
        .isZero();
  }

  @Test
  void statusField_readsRssAndThreadsOfProcStatus() {
    String status = "Name:\tjava\nVmPeak:\t 3000 kB\nVmRSS:\t  456789 kB\nThreads:\t73\n";

    assertThat(JvmStats.statusField(status, "VmRSS")).isEqualTo(456789);
    assertThat(JvmStats.statusField(status, "Threads")).isEqualTo(73);
  }

  @Test
  void of_givenThisJvm_measuresIt() throws Exception {
    JvmStats stats = JvmStats.of(ProcessHandle.current().pid(), JvmStatsTest.class.getName());

    assertThat(stats.rssKb()).isPositive();
    assertThat(stats.workflows()).as("this test's own instance").isEqualTo(1);
    assertThat(stats.heapUsedKb()).isPositive().isLessThan(stats.rssKb());
    assertThat(stats.threads()).isGreaterThan(1);
  }

  @Test
  void heapUsed_givenAnUnknownFormat_failsRatherThanReportZero() {
    assertThatThrownBy(() -> JvmStats.liveKb("nothing here"))
        .isInstanceOf(IllegalStateException.class);
  }
}
