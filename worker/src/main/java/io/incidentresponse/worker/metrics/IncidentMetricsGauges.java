package io.incidentresponse.worker.metrics;

import io.incidentresponse.activities.metrics.HistorySettings;
import io.incidentresponse.activities.metrics.JdbcIncidentHistory;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.incidentresponse.workflows.metrics.MonthlyMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The current month's incident metrics as gauges, from the incident history store. Exposed on
 * {@code /actuator/prometheus} as:
 *
 * <ul>
 *   <li>{@code incident_mttd_seconds}: mean time to detect (first alert to detection)
 *   <li>{@code incident_mtta_seconds}: mean time to acknowledge (detection to acknowledgement)
 *   <li>{@code incident_mttr_seconds}: mean time to recover, the runbook's MTTR (detection to
 *       service restored: recovery verified, or the alerts resolved at their source)
 *   <li>{@code incident_mean_time_to_resolve_seconds}: mean time to resolve (detection to
 *       resolution, after the clean monitoring window)
 *   <li>{@code incident_mtbf_seconds{service}}: mean time between failures, per service with at
 *       least one gap (a service drops out when it has none this month)
 *   <li>{@code incident_slo_compliance_ratio}: share of incidents acknowledged within their
 *       response time (0..1)
 *   <li>{@code incident_month_incidents{severity}}: incidents detected this month, per severity
 *       P0..P3 (not {@code incident_month_total}: the Prometheus client keeps the {@code _total}
 *       suffix for counters and strips it from a gauge, and this count is a gauge: it starts again
 *       each month and drops when an incident is closed as a false positive)
 * </ul>
 *
 * <p>False positives are left out, as in the monthly report ({@code MetricsCalculator}). A figure
 * with nothing to average is NaN. The month is the calendar month now in the store's zone ({@code
 * HistorySettings.zone}).
 *
 * <p>The store is asked on a background thread once every {@link #REFRESH_SECONDS} seconds, never
 * by a scrape: a scrape reads the last answer. When the store fails every gauge reads NaN until it
 * answers again; the failure is logged once (and the recovery once), and a scrape never fails
 * because of it.
 *
 * <p>Active only when the worker defines an {@link IncidentHistoryActivities} bean; without one
 * nothing is registered and nothing runs.
 */
@Component
public class IncidentMetricsGauges implements MeterBinder, SmartLifecycle {
  /** How often the store is asked. */
  public static final long REFRESH_SECONDS = 60;

  private static final Logger log = LoggerFactory.getLogger(IncidentMetricsGauges.class);

  private final Supplier<IncidentHistoryActivities> history;
  private final Supplier<ZoneId> zone;
  private final Clock clock;
  private final List<MultiGauge> mtbfGauges = new CopyOnWriteArrayList<>();
  private volatile Snapshot snapshot = Snapshot.NONE;
  private volatile boolean failing;
  private ScheduledExecutorService scheduler;

  /**
   * For Spring: the history bean when there is one; the zone from the {@link HistorySettings} bean,
   * else from the store's own settings, else UTC.
   */
  @Autowired
  public IncidentMetricsGauges(
      ObjectProvider<IncidentHistoryActivities> history, ObjectProvider<HistorySettings> settings) {
    this(
        history::getIfAvailable,
        () -> {
          HistorySettings bound = settings.getIfAvailable();
          if (bound != null) {
            return bound.zone();
          }
          if (history.getIfAvailable() instanceof JdbcIncidentHistory jdbc) {
            return jdbc.settings().zone();
          }
          return ZoneId.of("UTC");
        },
        Clock.systemUTC());
  }

  /**
   * Gauges over {@code history} (null from the supplier: none), months in {@code zone} on {@code
   * clock}. Nothing runs until {@link #start()} (or {@link #refresh()}).
   */
  public IncidentMetricsGauges(
      Supplier<IncidentHistoryActivities> history, Supplier<ZoneId> zone, Clock clock) {
    this.history = history;
    this.zone = zone;
    this.clock = clock;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    if (history.get() == null) {
      log.info("No incident history store: the incident_* gauges are not registered");
      return;
    }
    gauge(registry, "incident.mttd", "seconds", "Mean time to detect this month", s -> s.mttd);
    gauge(registry, "incident.mtta", "seconds", "Mean time to acknowledge this month", s -> s.mtta);
    gauge(
        registry,
        "incident.mttr",
        "seconds",
        "Mean time to recover this month: detection to service restored",
        s -> s.mttr);
    gauge(
        registry,
        "incident.mean.time.to.resolve",
        "seconds",
        "Mean time to resolve this month: detection to resolution, after the monitoring window",
        s -> s.timeToResolve);
    gauge(
        registry,
        "incident.slo.compliance",
        "ratio",
        "Share of this month's incidents acknowledged within their response time",
        s -> s.slo);
    for (Severity severity : Severity.values()) {
      Gauge.builder("incident.month.incidents", this, g -> g.snapshot.count(severity))
          .description("Incidents detected this month")
          .tags("severity", severity.name())
          .strongReference(true)
          .register(registry);
    }
    MultiGauge mtbf =
        MultiGauge.builder("incident.mtbf")
            .baseUnit("seconds")
            .description("Mean time between failures this month, per service")
            .register(registry);
    mtbfGauges.add(mtbf);
    registerMtbfRows(mtbf, snapshot);
  }

  private void gauge(
      MeterRegistry registry,
      String name,
      String unit,
      String description,
      Function<Snapshot, Double> figure) {
    Gauge.builder(name, this, g -> orNaN(figure.apply(g.snapshot)))
        .baseUnit(unit)
        .description(description)
        .strongReference(true)
        .register(registry);
  }

  /**
   * Asks the store for the current month and keeps the answer for the gauges; on failure they read
   * NaN. Called by the background thread; never throws.
   */
  public void refresh() {
    IncidentHistoryActivities store = history.get();
    if (store == null) {
      return;
    }
    YearMonth month = YearMonth.now(clock.withZone(zone.get()));
    Snapshot next;
    try {
      next = Snapshot.of(store.computeMonthlyMetrics(month));
      if (failing) {
        failing = false;
        log.info("Incident history answers again: incident_* gauges updated");
      }
    } catch (RuntimeException e) {
      next = Snapshot.NONE;
      if (!failing) {
        failing = true;
        log.warn(
            "Incident history failed ({}): incident_* gauges read NaN until it answers", reason(e));
      } else {
        log.debug("Incident history still failing: {}", reason(e));
      }
    }
    snapshot = next;
    for (MultiGauge mtbf : mtbfGauges) {
      // a failure keeps the services' series (reading NaN) rather than dropping them
      if (next != Snapshot.NONE) {
        registerMtbfRows(mtbf, next);
      }
    }
  }

  private static String reason(RuntimeException e) {
    return e instanceof ApplicationFailure failure
        ? failure.getType() + ": " + failure.getOriginalMessage()
        : e.toString();
  }

  private void registerMtbfRows(MultiGauge mtbf, Snapshot current) {
    mtbf.register(
        current.mtbf.keySet().stream()
            .map(
                service ->
                    MultiGauge.Row.of(
                        Tags.of("service", service),
                        this,
                        g -> orNaN(g.snapshot.mtbf.get(service))))
            .toList(),
        true);
  }

  private static double orNaN(Double value) {
    return value == null ? Double.NaN : value;
  }

  @Override
  public synchronized void start() {
    if (scheduler != null || history.get() == null) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "incident-metrics-gauges");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(this::refresh, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null;
  }

  /** The figures of the last answer; {@link #NONE} before the first and after a failure. */
  private static final class Snapshot {
    static final Snapshot NONE = new Snapshot(null, null, null, null, null, Map.of(), Map.of());

    final Double mttd;
    final Double mtta;
    final Double mttr;
    final Double timeToResolve;
    final Double slo;
    final Map<Severity, Integer> bySeverity;
    final Map<String, Double> mtbf;

    private Snapshot(
        Double mttd,
        Double mtta,
        Double mttr,
        Double timeToResolve,
        Double slo,
        Map<Severity, Integer> bySeverity,
        Map<String, Double> mtbf) {
      this.mttd = mttd;
      this.mtta = mtta;
      this.mttr = mttr;
      this.timeToResolve = timeToResolve;
      this.slo = slo;
      this.bySeverity = bySeverity;
      this.mtbf = mtbf;
    }

    static Snapshot of(MonthlyMetrics metrics) {
      Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
      for (Severity severity : Severity.values()) {
        Integer count = metrics.bySeverity() == null ? null : metrics.bySeverity().get(severity);
        bySeverity.put(severity, count == null ? 0 : count);
      }
      return new Snapshot(
          metrics.mttdSeconds(),
          metrics.mttaSeconds(),
          metrics.mttrSeconds(),
          metrics.meanTimeToResolveSeconds(),
          metrics.sloCompliance(),
          bySeverity,
          metrics.mtbfSecondsByService() == null
              ? Map.of()
              : Map.copyOf(metrics.mtbfSecondsByService()));
    }

    double count(Severity severity) {
      Integer count = bySeverity.get(severity);
      return count == null ? Double.NaN : count;
    }
  }
}
