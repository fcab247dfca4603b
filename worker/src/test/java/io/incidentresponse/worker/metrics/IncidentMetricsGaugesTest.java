package io.incidentresponse.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.activities.NotConfiguredActivities;
import io.incidentresponse.activities.metrics.HistorySettings;
import io.incidentresponse.activities.metrics.JdbcIncidentHistory;
import io.incidentresponse.workflows.actionitems.ActionItemFilter;
import io.incidentresponse.workflows.actionitems.ActionItemPage;
import io.incidentresponse.workflows.incident.Impact;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.metrics.ActionItemsUpdate;
import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.incidentresponse.workflows.metrics.IncidentSummary;
import io.incidentresponse.workflows.metrics.MonthlyMetrics;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The gauges over a real store (H2 file in a temp directory) holding four incidents of October 2026
 * (UTC), at 2026-10-20 12:00:
 *
 * <pre>
 *  id   service   sev  detected (UTC)   first alert  ack      restored  resolved
 *  S    checkout  P1   09-28 10:00      -2 min       +5 min   +10 min   +30 min   (September)
 *  A    checkout  P1   10-05 10:00      -2 min       +10 min  +20 min   +60 min
 *  B    checkout  P2   10-12 10:00      -4 min       +30 min  +40 min   +120 min
 *  C    payments  P0   10-15 08:00      -3 min       +20 min  +25 min   -         (monitoring)
 * </pre>
 */
class IncidentMetricsGaugesTest {
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-10-20T12:00:00Z"), UTC);

  @TempDir static Path directory;
  private static JdbcIncidentHistory store;

  @BeforeAll
  static void writeIncidents() {
    store = new JdbcIncidentHistory(HistorySettings.h2File(directory, UTC), CLOCK);
    store.recordIncident(
        incident("S", "checkout", Severity.P1, "2026-09-28T10:00:00Z", 2, 5, 10, 30));
    store.recordIncident(
        incident("A", "checkout", Severity.P1, "2026-10-05T10:00:00Z", 2, 10, 20, 60));
    store.recordIncident(
        incident("B", "checkout", Severity.P2, "2026-10-12T10:00:00Z", 4, 30, 40, 120));
    store.recordIncident(
        incident("C", "payments", Severity.P0, "2026-10-15T08:00:00Z", 3, 20, 25, null));
  }

  private static IncidentSummary incident(
      String id,
      String service,
      Severity severity,
      String detected,
      int d,
      int a,
      int t,
      Integer r) {
    Instant detectedAt = Instant.parse(detected);
    Instant restoredAt = detectedAt.plus(Duration.ofMinutes(t));
    Instant resolvedAt = r == null ? null : detectedAt.plus(Duration.ofMinutes(r));
    return new IncidentSummary(
        id,
        "HighErrorRate on " + service,
        service,
        "shop",
        severity,
        Impact.of(severity),
        "HighErrorRate",
        resolvedAt == null ? Phase.MONITORING : Phase.RESOLVED,
        detectedAt.minus(Duration.ofMinutes(d)),
        detectedAt,
        detectedAt.plus(Duration.ofMinutes(a)),
        ResponsePolicy.defaultResponseTimes().get(severity),
        restoredAt,
        restoredAt,
        resolvedAt,
        null,
        false,
        1,
        0,
        List.of(),
        0,
        null,
        null,
        detectedAt.plus(Duration.ofHours(3)),
        false);
  }

  /** The real store, counting the months it is asked for. */
  private static final class Counting implements IncidentHistoryActivities {
    final AtomicInteger asked = new AtomicInteger();
    final List<YearMonth> months = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void recordIncident(IncidentSummary summary) {
      store.recordIncident(summary);
    }

    @Override
    public void recordActionItems(ActionItemsUpdate update) {
      store.recordActionItems(update);
    }

    @Override
    public MonthlyMetrics computeMonthlyMetrics(YearMonth month) {
      asked.incrementAndGet();
      months.add(month);
      return store.computeMonthlyMetrics(month);
    }

    @Override
    public ActionItemPage listActionItems(ActionItemFilter filter) {
      return store.listActionItems(filter);
    }
  }

  private static double value(MeterRegistry registry, String name, String... tags) {
    return RequiredSearch.in(registry).name(name).tags(tags).gauge().value();
  }

  @Test
  void refresh_registersTheCurrentMonthsFigures() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    IncidentMetricsGauges gauges = new IncidentMetricsGauges(() -> store, () -> UTC, CLOCK);
    gauges.bindTo(registry);

    gauges.refresh();

    // MTTD (2 + 4 + 3) / 3 = 3 min; MTTA (10 + 30 + 20) / 3 = 20 min; MTTR, to restoration,
    // (20 + 40 + 25) / 3 = 85/3 min = 1700 s (C is restored though not resolved); time to
    // resolve (60 + 120) / 2 = 90 min
    assertThat(value(registry, "incident.mttd")).isEqualTo(180.0);
    assertThat(value(registry, "incident.mtta")).isEqualTo(1200.0);
    assertThat(value(registry, "incident.mttr")).isEqualTo(1700.0);
    assertThat(value(registry, "incident.mean.time.to.resolve")).isEqualTo(5400.0);
    // checkout: S 09-28 10:00 -> A -> B 10-12 10:00 = 14 days over 2 gaps; payments has one
    // incident and no gap
    assertThat(value(registry, "incident.mtbf", "service", "checkout")).isEqualTo(604_800.0);
    assertThat(registry.find("incident.mtbf").tags("service", "payments").gauge()).isNull();
    // C (P0) acknowledged after 20 min > 15 min: 2 of 3
    assertThat(value(registry, "incident.slo.compliance")).isEqualTo(2.0 / 3);
    assertThat(value(registry, "incident.month.incidents", "severity", "P0")).isEqualTo(1.0);
    assertThat(value(registry, "incident.month.incidents", "severity", "P1")).isEqualTo(1.0);
    assertThat(value(registry, "incident.month.incidents", "severity", "P2")).isEqualTo(1.0);
    assertThat(value(registry, "incident.month.incidents", "severity", "P3")).isEqualTo(0.0);
    // the same figures as the report's
    MonthlyMetrics report = store.computeMonthlyMetrics(YearMonth.of(2026, 10));
    assertThat(report.mttaSeconds()).isEqualTo(value(registry, "incident.mtta"));
    assertThat(report.mttrSeconds()).isEqualTo(value(registry, "incident.mttr"));
    assertThat(report.meanTimeToResolveSeconds())
        .isEqualTo(value(registry, "incident.mean.time.to.resolve"));
  }

  @Test
  void gauges_readManyTimes_askTheStoreOncePerRefresh() {
    Counting counting = new Counting();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    IncidentMetricsGauges gauges = new IncidentMetricsGauges(() -> counting, () -> UTC, CLOCK);
    gauges.bindTo(registry);

    assertThat(value(registry, "incident.mttr")).isNaN();
    gauges.refresh();
    for (int scrape = 0; scrape < 5; scrape++) {
      registry.getMeters().forEach(meter -> meter.measure().forEach(m -> m.getValue()));
    }

    assertThat(counting.asked).hasValue(1);
    assertThat(value(registry, "incident.mttr")).isEqualTo(1700.0);
  }

  @Test
  void refresh_givenAFailingStore_makesEveryGaugeNaNAndTheScrapeStillWorks() {
    AtomicReference<IncidentHistoryActivities> current = new AtomicReference<>(store);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    IncidentMetricsGauges gauges = new IncidentMetricsGauges(current::get, () -> UTC, CLOCK);
    gauges.bindTo(registry);
    gauges.refresh();
    assertThat(value(registry, "incident.mttd")).isEqualTo(180.0);

    current.set(
        NotConfiguredActivities.of(IncidentHistoryActivities.class, "incident history store"));
    gauges.refresh();
    gauges.refresh();

    assertThat(registry.getMeters())
        .filteredOn(meter -> meter.getId().getName().startsWith("incident."))
        .hasSize(5 + 4 + 1)
        .allSatisfy(meter -> assertThat(meter.measure().iterator().next().getValue()).isNaN());
    assertThat(registry.scrape()).contains("incident_mttd_seconds NaN");

    current.set(store);
    gauges.refresh();
    assertThat(value(registry, "incident.mttd")).isEqualTo(180.0);
  }

  @Test
  void scrape_namesTheSeriesAsDocumented() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    IncidentMetricsGauges gauges = new IncidentMetricsGauges(() -> store, () -> UTC, CLOCK);
    gauges.bindTo(registry);
    gauges.refresh();

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains("incident_mttd_seconds 180.0")
        .contains("incident_mtta_seconds 1200.0")
        .contains("incident_mttr_seconds 1700.0")
        .contains("incident_mean_time_to_resolve_seconds 5400.0")
        .contains("incident_mtbf_seconds{service=\"checkout\"} 604800.0")
        .contains("incident_slo_compliance_ratio 0.6666666666666666")
        .contains("incident_month_incidents{severity=\"P0\"} 1.0")
        .contains("incident_month_incidents{severity=\"P3\"} 0.0");
  }

  @Test
  void spring_givenNoHistoryBean_registersNothing() {
    new ApplicationContextRunner()
        .withBean(IncidentMetricsGauges.class)
        .run(
            context -> {
              SimpleMeterRegistry registry = new SimpleMeterRegistry();
              IncidentMetricsGauges gauges = context.getBean(IncidentMetricsGauges.class);
              gauges.bindTo(registry);
              gauges.refresh();

              assertThat(registry.getMeters()).isEmpty();
              assertThat(gauges.isRunning()).isFalse();
            });
  }

  @Test
  void spring_givenAHistoryBean_registersAndAsksForTheMonthInTheBoundZone() {
    // the lead binds incident.history.* to HistorySettings; the zone comes from there
    HistorySettings bound =
        Binder.get(new org.springframework.core.env.StandardEnvironment())
            .bindOrCreate("incident.history", HistorySettings.class);
    assertThat(bound.url()).isEqualTo(HistorySettings.DEFAULT_URL);
    HistorySettings paris =
        new Binder(
                new MapConfigurationPropertySource(
                    Map.of(
                        "incident.history.url",
                        HistorySettings.h2File(directory, UTC).url(),
                        "incident.history.zone",
                        "Europe/Paris")))
            .bindOrCreate("incident.history", HistorySettings.class);
    assertThat(paris.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    Counting counting = new Counting();

    new ApplicationContextRunner()
        .withBean(IncidentHistoryActivities.class, () -> counting)
        .withBean(HistorySettings.class, () -> paris)
        .withBean(IncidentMetricsGauges.class)
        .run(
            context -> {
              SimpleMeterRegistry registry = new SimpleMeterRegistry();
              IncidentMetricsGauges gauges = context.getBean(IncidentMetricsGauges.class);
              gauges.bindTo(registry);
              gauges.refresh();

              assertThat(registry.find("incident.mttd").gauge()).isNotNull();
              // the Spring constructor runs on the system clock: the month now in Paris
              assertThat(counting.months).isNotEmpty().containsOnly(YearMonth.now(paris.zone()));
            });
  }
}
