package io.incidentresponse.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoSettingsTest {

  @Test
  void fromEnvironment_withNothingSet_takesTheDefaults() {
    DemoSettings settings = DemoSettings.fromEnvironment(Map.of());

    assertThat(settings.port()).isEqualTo(8090);
    assertThat(settings.failureRate()).isEqualTo(0.01);
    assertThat(settings.loadRps()).isEqualTo(20);
    assertThat(settings.breakers()).containsExactly("payments");
    assertThat(settings.adminToken()).isEmpty();
  }

  @Test
  void fromEnvironment_readsEveryVariable_andNeverPrintsTheToken() {
    DemoSettings settings =
        DemoSettings.fromEnvironment(
            Map.of(
                "PORT", "9000",
                "FAILURE_RATE", "0.3",
                "LOAD_RPS", "0",
                "LATENCY_MIN_MS", "1",
                "LATENCY_MAX_MS", "2",
                "BREAKERS", "payments, inventory",
                "ADMIN_TOKEN", "s3cret"));

    assertThat(settings.port()).isEqualTo(9000);
    assertThat(settings.failureRate()).isEqualTo(0.3);
    assertThat(settings.loadRps()).isZero();
    assertThat(settings.minLatency()).isEqualTo(Duration.ofMillis(1));
    assertThat(settings.maxLatency()).isEqualTo(Duration.ofMillis(2));
    assertThat(settings.breakers()).isEqualTo(List.of("payments", "inventory"));
    assertThat(settings.toString()).doesNotContain("s3cret").contains("adminToken=(set)");
  }

  @Test
  void fromEnvironment_withABadValue_namesTheVariable() {
    assertThatThrownBy(() -> DemoSettings.fromEnvironment(Map.of("FAILURE_RATE", "2")))
        .hasMessageContaining("rate must be between 0 and 1");
    assertThatThrownBy(() -> DemoSettings.fromEnvironment(Map.of("LOAD_RPS", "lots")))
        .hasMessageContaining("LOAD_RPS");
    assertThatThrownBy(
            () ->
                DemoSettings.fromEnvironment(
                    Map.of("LATENCY_MIN_MS", "50", "LATENCY_MAX_MS", "10")))
        .hasMessageContaining("LATENCY_MAX_MS");
  }
}
