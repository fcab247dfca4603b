package io.incidentresponse.starter.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The monthly report's settings: defaults declared once, a timeout that cannot work refused. */
class ReportPropertiesTest {

  private static ReportProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("incident.report", ReportProperties.class);
  }

  @Test
  void nothingConfigured_isTheFirstOfTheMonthWithA25SecondWait() {
    ReportProperties report = bind(Map.of());

    assertThat(report.scheduleEnabled()).isTrue();
    assertThat(report.cron()).isEqualTo("0 9 1 * *");
    assertThat(report.timeout()).isEqualTo(Duration.ofSeconds(25));
    assertThat(new ReportProperties(true, null, null, null).timeout())
        .isEqualTo(Duration.ofSeconds(25));
  }

  @Test
  void zeroTimeout_isRefusedAtStartUpNamingTheProperty() {
    assertThatThrownBy(() -> bind(Map.of("incident.report.timeout", "0s")))
        .hasStackTraceContaining("incident.report.timeout must be positive, was PT0S");
  }
}
