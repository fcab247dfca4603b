package io.incidentresponse.activities.metrics;

import static io.incidentresponse.activities.metrics.MetricsFixture.NOW;
import static io.incidentresponse.activities.metrics.MetricsFixture.OCTOBER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.incidentresponse.activities.metrics.HistoryDatabases.Database;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.metrics.ActionItemsUpdate;
import io.incidentresponse.workflows.metrics.IncidentSummary;
import io.incidentresponse.workflows.metrics.MonthlyMetrics;
import io.incidentresponse.workflows.postmortem.ActionItem;
import io.incidentresponse.workflows.postmortem.ActionItemKind;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import io.temporal.failure.ApplicationFailure;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * The store on a real PostgreSQL 14 (embedded, one server for the class) and on H2 in file mode
 * (the local default), the same cases on each, every case on a fresh empty database.
 */
class JdbcIncidentHistoryTest {
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final Clock CLOCK = Clock.fixed(NOW, UTC);

  @RegisterExtension static final HistoryDatabases databases = new HistoryDatabases();

  /** Settings for a new, empty database of {@code kind}. */
  private static HistorySettings fresh(Database kind) throws SQLException {
    return databases.fresh(kind);
  }

  private static List<List<String>> rows(HistorySettings settings, String sql) throws SQLException {
    return HistoryDatabases.rows(settings, sql);
  }

  private static IncidentSummary triggered(IncidentSummary incident) {
    return new IncidentSummary(
        incident.incidentId(),
        "first title",
        incident.service(),
        incident.namespace(),
        Severity.P3,
        incident.impact(),
        incident.incidentType(),
        Phase.TRIGGERED,
        incident.firstAlertAt(),
        incident.detectedAt(),
        null,
        incident.responseTime(),
        null,
        null,
        null,
        null,
        false,
        1,
        0,
        List.of(),
        0,
        null,
        null,
        incident.detectedAt(),
        false);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Database.class)
  void construction_appliesTheMigrations(Database kind) throws Exception {
    HistorySettings settings = fresh(kind);

    new JdbcIncidentHistory(settings, CLOCK);

    assertThat(
            rows(
                settings,
                // Flyway adds a marker row on H2 (type TABLE) for the history table it created
                "SELECT version, script FROM "
                    + JdbcIncidentHistory.MIGRATIONS_TABLE
                    + " WHERE type = 'SQL' AND success = TRUE ORDER BY installed_rank"))
        .containsExactly(
            List.of("1", "V1__incidents.sql"),
            List.of("2", "V2__action_items.sql"),
            List.of("3", "V3__restored_at.sql"),
            List.of("4", "V4__drill.sql"),
            List.of("5", "V5__action_item_kind.sql"),
            List.of("6", "V6__action_item_listing.sql"));
    assertThat(rows(settings, "SELECT count(*) FROM incidents")).containsExactly(List.of("0"));
    assertThat(rows(settings, "SELECT count(*) FROM action_items")).containsExactly(List.of("0"));
    // a second start finds them applied
    new JdbcIncidentHistory(settings, CLOCK).recordIncident(MetricsFixture.incidents().get(2));
    assertThat(rows(settings, "SELECT count(*) FROM incidents")).containsExactly(List.of("1"));
  }

  /**
   * Scale-out: several workers share one PostgreSQL and start at the same moment on an empty
   * database. Each store is ready at construction (no failed migration left for a later call to
   * retry), the migrations are applied once, and every worker writes.
   */
  @Test
  void construction_byFourWorkersAtOnceOnAnEmptyPostgres_appliesEachMigrationOnce()
      throws Exception {
    int workers = 4;
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    Logger log = (Logger) LoggerFactory.getLogger(JdbcIncidentHistory.class);
    logged.start();
    log.addAppender(logged);
    ExecutorService threads = Executors.newFixedThreadPool(workers);
    try {
      for (int round = 0; round < 5; round++) {
        HistorySettings settings = fresh(Database.POSTGRESQL);
        CyclicBarrier together = new CyclicBarrier(workers);
        List<Future<JdbcIncidentHistory>> stores = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
          stores.add(
              threads.submit(
                  () -> {
                    together.await(10, TimeUnit.SECONDS);
                    return new JdbcIncidentHistory(settings, CLOCK);
                  }));
        }
        List<IncidentSummary> incidents = MetricsFixture.incidents();
        for (int i = 0; i < workers; i++) {
          stores.get(i).get(1, TimeUnit.MINUTES).recordIncident(incidents.get(i));
        }

        assertThat(
                rows(
                    settings,
                    "SELECT version, success FROM "
                        + JdbcIncidentHistory.MIGRATIONS_TABLE
                        + " ORDER BY installed_rank"))
            .as("round " + round)
            .containsExactly(
                List.of("1", "t"),
                List.of("2", "t"),
                List.of("3", "t"),
                List.of("4", "t"),
                List.of("5", "t"),
                List.of("6", "t"));
        assertThat(rows(settings, "SELECT count(*) FROM incidents"))
            .containsExactly(List.of("" + workers));
      }
    } finally {
      threads.shutdownNow();
      log.detachAppender(logged);
    }
    assertThat(logged.list)
        .as("warnings of stores not ready at construction")
        .noneMatch(event -> event.getLevel() == Level.WARN);
  }

  /**
   * The benchmark's open-incidents scenario: many incidents open at once, each writes its summary.
   * On the embedded H2 file database each call opens and closes its own connection, so the database
   * is closed and opened again and again while other writers connect; none of them may meet the
   * PostgreSQL-only SQL before the session is in PostgreSQL mode.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Database.class)
  void recordIncident_manyIncidentsAtOnce_storesEveryOne(Database kind) throws Exception {
    HistorySettings fresh = fresh(kind);
    // on H2, the URL as users wrote it before the store kept the database open
    HistorySettings settings =
        HistorySettings.of(
            fresh.url().replace(";" + HistorySettings.H2_KEEP_OPEN, ""),
            fresh.username(),
            fresh.password());
    JdbcIncidentHistory history = new JdbcIncidentHistory(settings, CLOCK);
    int writers = 16;
    int each = 40;
    ExecutorService threads = Executors.newFixedThreadPool(writers);
    try {
      CyclicBarrier together = new CyclicBarrier(writers);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(
            threads.submit(
                () -> {
                  together.await(30, TimeUnit.SECONDS);
                  for (int i = 0; i < each; i++) {
                    history.recordIncident(
                        MetricsFixture.incident(
                            "storm-" + writer + "-" + i,
                            "checkout",
                            Severity.P2,
                            "HighErrorRate",
                            "2026-10-14T09:00:00Z",
                            2,
                            null,
                            null,
                            null));
                  }
                  return null;
                }));
      }
      for (Future<?> writer : done) {
        writer.get(5, TimeUnit.MINUTES);
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(rows(settings, "SELECT count(*) FROM incidents"))
        .containsExactly(List.of("" + writers * each));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Database.class)
  void recordIncident_twice_keepsOneRowWithTheLatestValues(Database kind) throws Exception {
    HistorySettings settings = fresh(kind);
    JdbcIncidentHistory history = new JdbcIncidentHistory(settings, CLOCK);
    IncidentSummary resolved = MetricsFixture.incidents().get(2);

    history.recordIncident(triggered(resolved));
    history.recordIncident(resolved);

    assertThat(
            rows(
                settings,
                "SELECT incident_id, title, severity, phase, actions, response_time_ms,"
                    + " alert_count FROM incidents"))
        .containsExactly(
            List.of(
                "checkout-HighErrorRate",
                "HighErrorRate on checkout",
                "P1",
                "RESOLVED",
                "restart-1 restart shop/checkout: SUCCEEDED",
                "3600000",
                "3"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Database.class)
  void recordIncident_givenALateRetryOfAnOlderWrite_keepsTheNewerRow(Database kind)
      throws Exception {
    HistorySettings settings = fresh(kind);
    JdbcIncidentHistory history = new JdbcIncidentHistory(settings, CLOCK);
    IncidentSummary resolved = MetricsFixture.incidents().get(2);

    history.recordIncident(resolved);
    history.recordIncident(triggered(resolved));

    assertThat(rows(settings, "SELECT phase, severity, title FROM incidents"))
        .containsExactly(List.of("RESOLVED", "P1", "HighErrorRate on checkout"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Database.class)
  void recordIncident_givenTheSameIdDetectedAgain_keepsBothIncidents(Database kind)
      throws Exception {
    HistorySettings settings = fresh(kind);
    JdbcIncidentHistory history = new JdbcIncidentHistory(settings, CLOCK);

    // s1, 01 and 05 share the workflow id checkout-HighErrorRate
    history.recordIncident(MetricsFixture.incidents().get(0));
    history.recordIncident(MetricsFixture.incidents().get(2));
    history.recordIncident(MetricsFixture.incidents().get(6));

    assertThat(rows(settings, "SELECT incident_id FROM incidents"))
        .containsExactly(
            List.of("checkout-HighErrorRate"),
            List.of("checkout-HighErrorRate"),
            List.of("checkout-HighErrorRate"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Database.class)
  void recordActionItems_replacesTheItemsAndIgnoresALateOlderList(Database kind) throws Exception {
    HistorySettings settings = fresh(kind);
    JdbcIncidentHistory history = new JdbcIncidentHistory(settings, CLOCK);
    String detected = "2026-10-02T10:00:00Z";
    ActionItemsUpdate first =
        MetricsFixture.items(
            "checkout-HighErrorRate",
            detected,
            MetricsFixture.item(
                "AI-1",
                "Alert on pool saturation",
                null,
                null,
                ActionItemStatus.OPEN,
                "2026-10-02T12:00:00Z"),
            MetricsFixture.item(
                "AI-2",
                "Add retry budget",
                "dave",
                "2026-10-10",
                ActionItemStatus.OPEN,
                "2026-10-02T12:00:00Z"));
    ActionItemsUpdate second =
        MetricsFixture.items(
            "checkout-HighErrorRate",
            detected,
            MetricsFixture.item(
                "AI-1",
                "Alert on pool saturation",
                "carol",
                "2026-10-20",
                ActionItemStatus.DONE,
                "2026-10-15T09:00:00Z"),
            MetricsFixture.item(
                "AI-2",
                "Add retry budget",
                "dave",
                "2026-10-10",
                ActionItemStatus.OPEN,
                "2026-10-02T12:00:00Z"),
            MetricsFixture.item(
                "AI-3",
                "Update the runbook",
                "erin",
                "2026-10-25",
                ActionItemStatus.OPEN,
                "2026-10-15T09:00:00Z"));
    // another incident's items are left alone
    ActionItemsUpdate other =
        MetricsFixture.items(
            "checkout-HighErrorRate",
            "2026-09-20T10:00:00Z",
            MetricsFixture.item(
                "AI-1",
                "Load test checkout",
                "bob",
                "2026-10-05",
                ActionItemStatus.DONE,
                "2026-10-03T16:00:00Z"));

    history.recordActionItems(other);
    history.recordActionItems(first);
    history.recordActionItems(second);
    history.recordActionItems(first);

    String items =
        "SELECT item_id, owner_name, due_date, status FROM action_items"
            + " WHERE detected_at = TIMESTAMP WITH TIME ZONE '2026-10-02 10:00:00+00'"
            + " ORDER BY sort_order";
    assertThat(rows(settings, items))
        .containsExactly(
            List.of("AI-1", "carol", "2026-10-20", "DONE"),
            List.of("AI-2", "dave", "2026-10-10", "OPEN"),
            List.of("AI-3", "erin", "2026-10-25", "OPEN"));
    assertThat(rows(settings, "SELECT count(*) FROM action_items")).containsExactly(List.of("4"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Database.class)
  void recordActionItems_keepsKindLinkDropReasonAndRunbookSection(Database kind) throws Exception {
    HistorySettings settings = fresh(kind);
    JdbcIncidentHistory history = new JdbcIncidentHistory(settings, CLOCK);
    Instant at = Instant.parse("2026-10-15T09:00:00Z");
    history.recordActionItems(
        new ActionItemsUpdate(
            "checkout-HighErrorRate",
            Instant.parse("2026-10-02T10:00:00Z"),
            List.of(
                new ActionItem(
                    "AI-1",
                    "Runbook: drain the pool before a failover",
                    "carol",
                    LocalDate.parse("2026-10-20"),
                    ActionItemStatus.DONE,
                    "carol",
                    at,
                    ActionItemKind.RUNBOOK_UPDATE,
                    "https://github.com/acme/runbook/pull/7",
                    null,
                    "Mitigation / Database"),
                new ActionItem(
                    "AI-2",
                    "Load test checkout",
                    "bob",
                    LocalDate.parse("2026-10-25"),
                    ActionItemStatus.WONT_DO,
                    "bob",
                    at,
                    ActionItemKind.TESTING,
                    null,
                    "covered by the load test suite",
                    null))));

    assertThat(
            rows(
                settings,
                "SELECT item_id, kind, link, reason, runbook_section FROM action_items"
                    + " ORDER BY sort_order"))
        .containsExactly(
            java.util.Arrays.asList(
                "AI-1",
                "RUNBOOK_UPDATE",
                "https://github.com/acme/runbook/pull/7",
                null,
                "Mitigation / Database"),
            java.util.Arrays.asList(
                "AI-2", "TESTING", null, "covered by the load test suite", null));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Database.class)
  void computeMonthlyMetrics_overTheFixture_equalsTheCalculator(Database kind) throws Exception {
    HistorySettings settings = fresh(kind);
    JdbcIncidentHistory history = new JdbcIncidentHistory(settings, CLOCK);
    List<IncidentSummary> incidents = MetricsFixture.incidents();
    // as the workflow writes them: the first phase, then the last, then a late retry of the first
    for (IncidentSummary incident : incidents) {
      history.recordIncident(triggered(incident));
      history.recordIncident(incident);
      history.recordIncident(triggered(incident));
    }
    MetricsFixture.actionItems().forEach(history::recordActionItems);

    MonthlyMetrics stored = history.computeMonthlyMetrics(OCTOBER);

    assertThat(stored)
        .isEqualTo(
            MetricsCalculator.compute(OCTOBER, UTC, incidents, MetricsFixture.actionItems(), NOW));
    // and it is the hand-computed October, not two empty months
    assertThat(stored.total()).isEqualTo(16);
    assertThat(stored.mttrSeconds()).isEqualTo(3618.75);
    assertThat(stored.meanTimeToResolveSeconds()).isEqualTo(7040.0);
    assertThat(stored.sloCompliance()).isEqualTo(0.8125);
    assertThat(stored.mtbfSecondsByService()).containsEntry("checkout", 2_892_600.0 / 7);
    assertThat(stored.improvements()).hasSize(3);
    assertThat(stored.focusAreas()).hasSize(5);
    // kinds, sections and links come back from the columns V5 added
    assertThat(stored.actionItemsByKind())
        .filteredOn(k -> k.kind() == ActionItemKind.CODE_CHANGE)
        .singleElement()
        .satisfies(
            k -> assertThat(List.of(k.done(), k.open(), k.overdue())).containsExactly(0, 2, 2));
    assertThat(stored.runbookChanges())
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.section()).isEqualTo("Mitigation / API gateway");
              assertThat(change.incidentId()).isEqualTo("api-gateway-GatewayDown-1010");
              assertThat(change.link()).isEqualTo("https://github.com/acme/runbook/pull/3");
            });
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Database.class)
  void computeMonthlyMetrics_givenDrills_storesTheFlagLeavesThemOutOfEveryFigureAndScoresThem(
      Database kind) throws Exception {
    HistorySettings settings = fresh(kind);
    JdbcIncidentHistory history = new JdbcIncidentHistory(settings, CLOCK);
    List<IncidentSummary> incidents = new ArrayList<>(MetricsFixture.incidents());
    incidents.addAll(MetricsFixture.drills());
    for (IncidentSummary incident : incidents) {
      history.recordIncident(triggered(incident));
      history.recordIncident(incident);
    }
    MetricsFixture.actionItems().forEach(history::recordActionItems);

    assertThat(rows(settings, "SELECT incident_id FROM incidents WHERE drill ORDER BY detected_at"))
        .containsExactly(
            List.of("checkout-DrillErrors-0930"),
            List.of("checkout-DrillErrors-1015"),
            List.of("payments-DrillLatency-1020"));
    MonthlyMetrics october = history.computeMonthlyMetrics(OCTOBER);
    MonthlyMetrics withoutDrills =
        MetricsCalculator.compute(
            OCTOBER, UTC, MetricsFixture.incidents(), MetricsFixture.actionItems(), NOW);

    // every real figure is the fixture's October, as if the drills had never happened
    assertThat(october.total()).isEqualTo(16);
    assertThat(october.bySeverity()).isEqualTo(withoutDrills.bySeverity());
    assertThat(october.falsePositives()).isEqualTo(withoutDrills.falsePositives());
    assertThat(october.mttdSeconds()).isEqualTo(withoutDrills.mttdSeconds());
    assertThat(october.mttaSeconds()).isEqualTo(withoutDrills.mttaSeconds());
    assertThat(october.mttrSeconds()).isEqualTo(3618.75);
    assertThat(october.meanTimeToResolveSeconds()).isEqualTo(7040.0);
    assertThat(october.sloCompliance()).isEqualTo(0.8125);
    assertThat(october.mtbfSecondsByService())
        .isEqualTo(withoutDrills.mtbfSecondsByService())
        .containsEntry("checkout", 2_892_600.0 / 7);
    assertThat(october.topTypes()).isEqualTo(withoutDrills.topTypes());
    assertThat(october.weeks()).isEqualTo(withoutDrills.weeks());
    assertThat(october.focusAreas()).isEqualTo(withoutDrills.focusAreas());
    // and the month's two drills are scored on their own
    assertThat(october.drills())
        .extracting(
            MonthlyMetrics.DrillScore::incidentId,
            MonthlyMetrics.DrillScore::detectSeconds,
            MonthlyMetrics.DrillScore::acknowledgeSeconds,
            MonthlyMetrics.DrillScore::acknowledgeTargetSeconds,
            MonthlyMetrics.DrillScore::mitigateSeconds,
            MonthlyMetrics.DrillScore::passed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "checkout-DrillErrors-1015", 120.0, 600.0, 3600.0, 1800.0, true),
            org.assertj.core.groups.Tuple.tuple(
                "payments-DrillLatency-1020", 180.0, 2400.0, 900.0, 3000.0, false));
    assertThat(october)
        .isEqualTo(
            MetricsCalculator.compute(OCTOBER, UTC, incidents, MetricsFixture.actionItems(), NOW));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Database.class)
  void recordIncident_keepsTheRestorationApartFromTheResolution(Database kind) throws Exception {
    HistorySettings settings = fresh(kind);
    JdbcIncidentHistory history = new JdbcIncidentHistory(settings, CLOCK);
    // 02: detected 10-03 14:00, restored +15 min, resolved +45 min; 16: restored +30, not resolved
    history.recordIncident(MetricsFixture.incidents().get(3));
    history.recordIncident(MetricsFixture.incidents().get(17));

    assertThat(
            rows(
                settings,
                "SELECT incident_id, phase, restored_at, resolved_at FROM incidents"
                    + " ORDER BY detected_at"))
        .extracting(row -> List.of(row.get(0), row.get(1), utc(row.get(2)), utc(row.get(3))))
        .containsExactly(
            List.of(
                "payments-PaymentFailures-1003",
                "RESOLVED",
                "2026-10-03T14:15:00Z",
                "2026-10-03T14:45:00Z"),
            List.of("checkout-HighLatency-1028", "MONITORING", "2026-10-28T22:30:00Z", "-"));
    MonthlyMetrics october = history.computeMonthlyMetrics(OCTOBER);
    // recover (15 + 30) / 2 = 22.5 min; resolve: 02 only, 45 min
    assertThat(october.mttrSeconds()).isEqualTo(1350.0);
    assertThat(october.meanTimeToResolveSeconds()).isEqualTo(2700.0);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Database.class)
  void computeMonthlyMetrics_givenARowWrittenBeforeRestorationWasKept_countsItsResolution(
      Database kind) throws Exception {
    HistorySettings settings = fresh(kind);
    // the store as it was: migrations up to V2, one incident resolved an hour after detection
    Flyway.configure(JdbcIncidentHistory.class.getClassLoader())
        .dataSource(settings.url(), settings.username(), settings.password())
        .locations(JdbcIncidentHistory.MIGRATIONS)
        .table(JdbcIncidentHistory.MIGRATIONS_TABLE)
        .target("2")
        .load()
        .migrate();
    try (Connection connection =
            DriverManager.getConnection(settings.url(), settings.username(), settings.password());
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "INSERT INTO incidents (incident_id, detected_at, service, severity, phase,"
              + " first_alert_at, acknowledged_at, response_time_ms, mitigated_at, resolved_at,"
              + " updated_at) VALUES ('checkout-old', TIMESTAMP WITH TIME ZONE"
              + " '2026-10-02 10:00:00+00', 'checkout', 'P1', 'RESOLVED', TIMESTAMP WITH TIME"
              + " ZONE '2026-10-02 09:58:00+00', TIMESTAMP WITH TIME ZONE '2026-10-02"
              + " 10:05:00+00', 3600000, TIMESTAMP WITH TIME ZONE '2026-10-02 10:20:00+00',"
              + " TIMESTAMP WITH TIME ZONE '2026-10-02 11:00:00+00', TIMESTAMP WITH TIME ZONE"
              + " '2026-10-02 11:01:00+00')");
    }

    JdbcIncidentHistory history = new JdbcIncidentHistory(settings, CLOCK);
    // and a new one: 02, restored after 15 min, resolved after 45
    history.recordIncident(MetricsFixture.incidents().get(3));

    assertThat(
            rows(settings, "SELECT incident_id, restored_at FROM incidents ORDER BY detected_at"))
        .extracting(row -> List.of(row.get(0), utc(row.get(1))))
        .containsExactly(
            List.of("checkout-old", "-"),
            List.of("payments-PaymentFailures-1003", "2026-10-03T14:15:00Z"));
    MonthlyMetrics october = history.computeMonthlyMetrics(OCTOBER);
    // recover: the old row to its resolution (60 min), 02 to its restoration (15): 37.5 min;
    // resolve (60 + 45) / 2 = 52.5 min
    assertThat(october.mttrSeconds()).isEqualTo(2250.0);
    assertThat(october.meanTimeToResolveSeconds()).isEqualTo(3150.0);
  }

  /** A timestamp column as an ISO instant, {@code -} for null, whatever the driver's text. */
  private static String utc(String value) {
    if (value == null) {
      return "-";
    }
    String iso = value.replace(' ', 'T');
    // PostgreSQL prints "+00", H2 "+00:00"
    return java.time.OffsetDateTime.parse(iso.matches(".*[+-]\\d\\d$") ? iso + ":00" : iso)
        .toInstant()
        .toString();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Database.class)
  void computeMonthlyMetrics_inTheSettingsZone_movesTheMonthsBoundaries(Database kind)
      throws Exception {
    HistorySettings utc = fresh(kind);
    HistorySettings paris =
        new HistorySettings(utc.url(), utc.username(), utc.password(), ZoneId.of("Europe/Paris"));
    JdbcIncidentHistory writer = new JdbcIncidentHistory(utc, CLOCK);
    MetricsFixture.incidents().forEach(writer::recordIncident);

    MonthlyMetrics october = new JdbcIncidentHistory(paris, CLOCK).computeMonthlyMetrics(OCTOBER);

    // 18 (10-31 23:30 UTC) is 11-01 00:30 in Paris
    assertThat(october.zone()).isEqualTo("Europe/Paris");
    assertThat(october.total()).isEqualTo(15);
  }

  @Test
  void calls_givenAnUnreachableServer_failRetryableWithoutThePassword() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    HistorySettings settings =
        HistorySettings.of(
            "jdbc:postgresql://127.0.0.1:" + port + "/history", "history", "s3cret-pw");

    JdbcIncidentHistory history = new JdbcIncidentHistory(settings, CLOCK);
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> history.computeMonthlyMetrics(OCTOBER));

    assertThat(failure.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage())
        .startsWith("incident history")
        .doesNotContain("s3cret");
    assertThat(settings.toString()).doesNotContain("s3cret").contains("password=(set)");
  }

  @Test
  void recordIncident_withoutADetectionTime_isABadRequest() throws Exception {
    JdbcIncidentHistory history = new JdbcIncidentHistory(fresh(Database.H2), CLOCK);
    IncidentSummary incident = MetricsFixture.incidents().get(2);
    IncidentSummary undetected =
        new IncidentSummary(
            incident.incidentId(),
            incident.title(),
            incident.service(),
            incident.namespace(),
            incident.severity(),
            incident.impact(),
            incident.incidentType(),
            incident.phase(),
            incident.firstAlertAt(),
            null,
            incident.acknowledgedAt(),
            incident.responseTime(),
            incident.mitigatedAt(),
            null,
            incident.resolvedAt(),
            incident.closedAt(),
            false,
            incident.alertCount(),
            incident.actionsRun(),
            incident.actions(),
            incident.reopenCount(),
            incident.usersAffected(),
            incident.postmortemLink(),
            Instant.now().plus(Duration.ofDays(1)),
            false);

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> history.recordIncident(undetected));

    assertThat(failure.getType()).isEqualTo(FailureType.BAD_REQUEST.type());
    assertThat(failure.isNonRetryable()).isTrue();
  }
}
