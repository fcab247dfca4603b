package io.incidentresponse.activities.metrics;

import io.incidentresponse.workflows.actionitems.ActionItemFilter;
import io.incidentresponse.workflows.actionitems.ActionItemPage;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.incident.Impact;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.metrics.ActionItemsUpdate;
import io.incidentresponse.workflows.metrics.IncidentHistoryActivities;
import io.incidentresponse.workflows.metrics.IncidentSummary;
import io.incidentresponse.workflows.metrics.MonthlyMetrics;
import io.incidentresponse.workflows.postmortem.ActionItem;
import io.incidentresponse.workflows.postmortem.ActionItemKind;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incident history on PostgreSQL, or on the embedded H2 file database by default, through plain
 * JDBC with Flyway migrations ({@code classpath:db/incidents}, history table {@value
 * #MIGRATIONS_TABLE}). The same SQL runs on both: H2 in {@code MODE=PostgreSQL} (see {@link
 * HistorySettings#H2_OPTIONS}).
 *
 * <p>Migrations run once, at construction. When the database is not reachable then, the worker
 * still starts (incidents must not wait on their history) and each call tries again until they have
 * run; until then calls fail with a retryable UNAVAILABLE.
 *
 * <p>Every call opens its own connection and closes it (see {@link HistorySettings}). Failures are
 * {@link ApplicationFailure}s typed as {@link HistoryFailures} describes.
 */
public final class JdbcIncidentHistory implements IncidentHistoryActivities {
  /** Flyway's history table: its own name, so a shared database keeps its own migrations apart. */
  public static final String MIGRATIONS_TABLE = "incident_history_migrations";

  /** Where the migrations are. */
  public static final String MIGRATIONS = "classpath:db/incidents";

  private static final Logger log = LoggerFactory.getLogger(JdbcIncidentHistory.class);
  private static final int TIMEOUT_SECONDS = 30;

  // Column sizes of V1..V3: longer text is cut rather than failing a write that no retry can fix.
  private static final int ID_MAX = 255;
  private static final int NAME_MAX = 255;
  private static final int TITLE_MAX = 1000;
  private static final int LINK_MAX = 2000;
  private static final int ITEM_ID_MAX = 64;
  private static final int ACTION_MAX = 2000;
  private static final int RUNBOOK_SECTION_MAX = 500;

  private static final List<String> VALUE_COLUMNS =
      List.of(
          "title",
          "service",
          "namespace",
          "severity",
          "impact",
          "incident_type",
          "phase",
          "first_alert_at",
          "acknowledged_at",
          "response_time_ms",
          "mitigated_at",
          "restored_at",
          "resolved_at",
          "closed_at",
          "false_positive",
          "alert_count",
          "actions_run",
          "actions",
          "reopen_count",
          "users_affected",
          "postmortem_link",
          "updated_at",
          "drill");

  private static final String COLUMNS =
      "incident_id, detected_at, " + String.join(", ", VALUE_COLUMNS);

  /*
   * The upsert is two statements in one transaction because no single form runs on both: H2 has
   * no ON CONFLICT ... DO UPDATE, and PostgreSQL 14 has no MERGE. Both accept ON CONFLICT DO
   * NOTHING (without a target in H2; the primary key is the only unique constraint, so it is the
   * same). When the row exists, the update applies only if this write is not older than the
   * stored one (activities can be retried late). On PostgreSQL two writers racing on a new key
   * both end well: the loser's insert does nothing and its update is ordered by updated_at.
   */
  private static final String INSERT_INCIDENT =
      "INSERT INTO incidents ("
          + COLUMNS
          + ") VALUES ("
          + String.join(", ", nCopies(VALUE_COLUMNS.size() + 2))
          + ") ON CONFLICT DO NOTHING";

  private static final String UPDATE_INCIDENT =
      "UPDATE incidents SET "
          + VALUE_COLUMNS.stream().map(c -> c + " = ?").collect(Collectors.joining(", "))
          + " WHERE incident_id = ? AND detected_at = ? AND updated_at <= ?";

  private static final String MONTH_INCIDENTS =
      "SELECT " + COLUMNS + " FROM incidents WHERE detected_at >= ? AND detected_at < ?";

  /**
   * Per service of the month, its last real incident before the month (MTBF's first gap): neither a
   * false positive nor a drill.
   */
  private static final String PREVIOUS_INCIDENTS =
      "SELECT "
          + COLUMNS
          + " FROM (SELECT i.*, ROW_NUMBER() OVER (PARTITION BY i.service ORDER BY i.detected_at"
          + " DESC) AS rn FROM incidents i WHERE i.detected_at < ? AND i.false_positive = FALSE"
          + " AND i.drill = FALSE AND i.service IN (SELECT m.service FROM incidents m WHERE"
          + " m.detected_at >= ? AND m.detected_at < ? AND m.false_positive = FALSE AND m.drill ="
          + " FALSE)) previous WHERE rn = 1";

  private static final String NOT_FINAL =
      Arrays.stream(ActionItemStatus.values())
          .filter(s -> !s.isFinal())
          .map(s -> "'" + s.name() + "'")
          .collect(Collectors.joining(", "));

  /** Items done in the month, or open and past due, whatever their incident's month. */
  private static final String ITEM_OF_INTEREST =
      "((a.status = '"
          + ActionItemStatus.DONE.name()
          + "' AND a.updated_at >= ? AND a.updated_at < ?) OR (a.status IN ("
          + NOT_FINAL
          + ") AND a.due_date < ?))";

  private static final String ITEM_COLUMNS =
      "a.incident_id, a.detected_at, a.item_id, a.action_text, a.owner_name, a.due_date, a.status,"
          + " a.updated_by, a.updated_at, a.kind, a.link, a.reason, a.runbook_section";

  private static final String MONTH_ITEMS =
      "SELECT "
          + ITEM_COLUMNS
          + " FROM action_items a WHERE (a.detected_at >= ? AND a.detected_at < ?) OR "
          + ITEM_OF_INTEREST
          + " ORDER BY a.incident_id, a.detected_at, a.sort_order";

  private static final String ITEM_INCIDENTS =
      "SELECT "
          + COLUMNS
          + " FROM incidents i WHERE EXISTS (SELECT 1 FROM action_items a WHERE a.incident_id ="
          + " i.incident_id AND a.detected_at = i.detected_at AND "
          + ITEM_OF_INTEREST
          + ")";

  private final HistorySettings settings;
  private final Clock clock;
  private volatile boolean migrated;

  /** The store described by {@code settings}, on the system clock. */
  public JdbcIncidentHistory(HistorySettings settings) {
    this(settings, Clock.systemUTC());
  }

  /**
   * The store on {@code clock}, which decides what is past due and which unacknowledged incidents
   * are still inside their response time.
   */
  public JdbcIncidentHistory(HistorySettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    try {
      migrate();
    } catch (ApplicationFailure e) {
      log.warn("{}; tried again on the next call", e.getOriginalMessage());
    }
  }

  /** The settings, for whoever needs the zone. */
  public HistorySettings settings() {
    return settings;
  }

  private synchronized void migrate() {
    if (migrated) {
      return;
    }
    try {
      Flyway.configure(JdbcIncidentHistory.class.getClassLoader())
          .dataSource(settings.url(), settings.username(), settings.password())
          .locations(MIGRATIONS)
          .table(MIGRATIONS_TABLE)
          .load()
          .migrate();
      migrated = true;
      log.info("Incident history ready at {}", settings.safeUrl());
    } catch (FlywayException e) {
      throw ApplicationFailure.newFailure(
          "incident history at "
              + settings.safeUrl()
              + ": migrations failed: "
              + HistoryFailures.mask(e.getMessage(), settings),
          FailureType.UNAVAILABLE.type());
    }
  }

  @Override
  public void recordIncident(IncidentSummary summary) {
    require(summary != null, "an incident summary");
    require(summary.incidentId() != null && !summary.incidentId().isBlank(), "an incident id");
    require(summary.incidentId().length() <= ID_MAX, "an incident id of at most 255 characters");
    require(summary.detectedAt() != null, "the detection time");
    require(summary.updatedAt() != null, "the time the summary was written");
    inTransaction(
        "record incident " + summary.incidentId(),
        connection -> {
          int inserted;
          try (PreparedStatement insert = prepare(connection, INSERT_INCIDENT)) {
            insert.setString(1, summary.incidentId());
            setInstant(insert, 2, summary.detectedAt());
            bindValues(insert, 3, summary);
            inserted = insert.executeUpdate();
          }
          if (inserted == 0) {
            try (PreparedStatement update = prepare(connection, UPDATE_INCIDENT)) {
              int next = bindValues(update, 1, summary);
              update.setString(next, summary.incidentId());
              setInstant(update, next + 1, summary.detectedAt());
              setInstant(update, next + 2, summary.updatedAt());
              if (update.executeUpdate() == 0) {
                log.info(
                    "Incident {} ({}): a newer summary is stored; this one from {} is dropped",
                    summary.incidentId(),
                    summary.detectedAt(),
                    summary.updatedAt());
              }
            }
          }
          return null;
        });
  }

  /** Binds {@link #VALUE_COLUMNS} in order from {@code index}; returns the next index. */
  private static int bindValues(PreparedStatement statement, int index, IncidentSummary s)
      throws SQLException {
    int i = index;
    statement.setString(i++, cut(s.title(), TITLE_MAX));
    statement.setString(i++, cut(s.service(), NAME_MAX));
    statement.setString(i++, cut(s.namespace(), NAME_MAX));
    statement.setString(i++, s.severity() == null ? null : s.severity().name());
    statement.setString(i++, s.impact() == null ? null : s.impact().name());
    statement.setString(i++, cut(s.incidentType(), NAME_MAX));
    statement.setString(i++, s.phase() == null ? null : s.phase().name());
    setInstant(statement, i++, s.firstAlertAt());
    setInstant(statement, i++, s.acknowledgedAt());
    if (s.responseTime() == null) {
      statement.setNull(i++, Types.BIGINT);
    } else {
      statement.setLong(i++, s.responseTime().toMillis());
    }
    setInstant(statement, i++, s.mitigatedAt());
    setInstant(statement, i++, s.restoredAt());
    setInstant(statement, i++, s.resolvedAt());
    setInstant(statement, i++, s.closedAt());
    statement.setBoolean(i++, s.falsePositive());
    statement.setLong(i++, s.alertCount());
    statement.setInt(i++, s.actionsRun());
    statement.setString(
        i++,
        s.actions().stream()
            .map(line -> line == null ? "" : line.replace('\r', ' ').replace('\n', ' '))
            .collect(Collectors.joining("\n")));
    statement.setInt(i++, s.reopenCount());
    if (s.usersAffected() == null) {
      statement.setNull(i++, Types.BIGINT);
    } else {
      statement.setLong(i++, s.usersAffected());
    }
    statement.setString(i++, cut(s.postmortemLink(), LINK_MAX));
    setInstant(statement, i++, s.updatedAt());
    statement.setBoolean(i++, s.drill());
    return i;
  }

  private static IncidentSummary readIncident(ResultSet row) throws SQLException {
    long responseTime = row.getLong("response_time_ms");
    Duration responseTimeOrNull = row.wasNull() ? null : Duration.ofMillis(responseTime);
    long users = row.getLong("users_affected");
    Long usersOrNull = row.wasNull() ? null : users;
    String actions = row.getString("actions");
    return new IncidentSummary(
        row.getString("incident_id"),
        row.getString("title"),
        row.getString("service"),
        row.getString("namespace"),
        parse(Severity.class, row.getString("severity")),
        parse(Impact.class, row.getString("impact")),
        row.getString("incident_type"),
        parse(Phase.class, row.getString("phase")),
        instant(row, "first_alert_at"),
        instant(row, "detected_at"),
        instant(row, "acknowledged_at"),
        responseTimeOrNull,
        instant(row, "mitigated_at"),
        instant(row, "restored_at"),
        instant(row, "resolved_at"),
        instant(row, "closed_at"),
        row.getBoolean("false_positive"),
        row.getLong("alert_count"),
        row.getInt("actions_run"),
        actions == null || actions.isEmpty() ? List.of() : List.of(actions.split("\n", -1)),
        row.getInt("reopen_count"),
        usersOrNull,
        row.getString("postmortem_link"),
        instant(row, "updated_at"),
        row.getBoolean("drill"));
  }

  /**
   * Replaces the incident's items in one transaction. An update whose newest item is older than the
   * newest stored one is a late retry and changes nothing (items are never removed, only marked
   * done or dropped, so a newer list always carries the newest change).
   */
  @Override
  public void recordActionItems(ActionItemsUpdate update) {
    require(update != null, "an action items update");
    require(update.incidentId() != null && !update.incidentId().isBlank(), "an incident id");
    require(update.detectedAt() != null, "the detection time");
    Set<String> ids = new HashSet<>();
    for (ActionItem item : update.items()) {
      require(item != null && item.id() != null && !item.id().isBlank(), "an id for every item");
      require(item.id().length() <= ITEM_ID_MAX, "item ids of at most 64 characters");
      require(item.action() != null && !item.action().isBlank(), "an action for every item");
      require(ids.add(item.id()), "distinct item ids (" + item.id() + " twice)");
    }
    Instant incomingNewest =
        update.items().stream()
            .map(ActionItem::updatedAt)
            .filter(at -> at != null)
            .max(Instant::compareTo)
            .orElse(null);
    inTransaction(
        "record action items of " + update.incidentId(),
        connection -> {
          Instant storedNewest;
          try (PreparedStatement newest =
              prepare(
                  connection,
                  "SELECT MAX(updated_at) AS newest FROM action_items"
                      + " WHERE incident_id = ? AND detected_at = ?")) {
            newest.setString(1, update.incidentId());
            setInstant(newest, 2, update.detectedAt());
            try (ResultSet row = newest.executeQuery()) {
              storedNewest = row.next() ? instant(row, "newest") : null;
            }
          }
          if (storedNewest != null
              && (incomingNewest == null || incomingNewest.isBefore(storedNewest))) {
            log.info(
                "Incident {} ({}): newer action items are stored; this update is dropped",
                update.incidentId(),
                update.detectedAt());
            return null;
          }
          try (PreparedStatement delete =
              prepare(
                  connection,
                  "DELETE FROM action_items WHERE incident_id = ? AND detected_at = ?")) {
            delete.setString(1, update.incidentId());
            setInstant(delete, 2, update.detectedAt());
            delete.executeUpdate();
          }
          if (update.items().isEmpty()) {
            return null;
          }
          try (PreparedStatement insert =
              prepare(
                  connection,
                  "INSERT INTO action_items (incident_id, detected_at, item_id, sort_order,"
                      + " action_text, owner_name, due_date, status, updated_by, updated_at,"
                      + " kind, link, reason, runbook_section)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int order = 0;
            for (ActionItem item : update.items()) {
              insert.setString(1, update.incidentId());
              setInstant(insert, 2, update.detectedAt());
              insert.setString(3, item.id());
              insert.setInt(4, order++);
              insert.setString(5, cut(item.action(), ACTION_MAX));
              insert.setString(6, cut(item.owner(), NAME_MAX));
              insert.setObject(7, item.dueDate(), Types.DATE);
              insert.setString(
                  8, (item.status() == null ? ActionItemStatus.OPEN : item.status()).name());
              insert.setString(9, cut(item.updatedBy(), NAME_MAX));
              setInstant(insert, 10, item.updatedAt());
              insert.setString(11, item.kind() == null ? null : item.kind().name());
              insert.setString(12, cut(item.link(), ACTION_MAX));
              insert.setString(13, cut(item.reason(), ACTION_MAX));
              insert.setString(14, cut(item.runbookSection(), RUNBOOK_SECTION_MAX));
              insert.addBatch();
            }
            insert.executeBatch();
          }
          return null;
        });
  }

  /**
   * Loads the month's incidents (in the settings' zone), the last real incident before the month of
   * each of their services, the month's action items and those done in the month or past due with
   * their incidents, and hands them to {@link MetricsCalculator}.
   */
  @Override
  public MonthlyMetrics computeMonthlyMetrics(YearMonth month) {
    require(month != null, "a month");
    Instant now = clock.instant();
    OffsetDateTime start = utc(month.atDay(1).atStartOfDay(settings.zone()).toInstant());
    OffsetDateTime end =
        utc(month.plusMonths(1).atDay(1).atStartOfDay(settings.zone()).toInstant());
    LocalDate today = now.atZone(settings.zone()).toLocalDate();
    return inTransaction(
        "metrics of " + month,
        connection -> {
          Map<String, IncidentSummary> incidents = new LinkedHashMap<>();
          try (PreparedStatement query = prepare(connection, MONTH_INCIDENTS)) {
            query.setObject(1, start);
            query.setObject(2, end);
            readIncidents(query, incidents);
          }
          try (PreparedStatement query = prepare(connection, PREVIOUS_INCIDENTS)) {
            query.setObject(1, start);
            query.setObject(2, start);
            query.setObject(3, end);
            readIncidents(query, incidents);
          }
          Map<String, List<ActionItem>> items = new LinkedHashMap<>();
          Map<String, ActionItemsUpdate> keys = new LinkedHashMap<>();
          try (PreparedStatement query = prepare(connection, MONTH_ITEMS)) {
            query.setObject(1, start);
            query.setObject(2, end);
            bindItemOfInterest(query, 3, start, end, today);
            try (ResultSet row = query.executeQuery()) {
              while (row.next()) {
                String incidentId = row.getString("incident_id");
                Instant detectedAt = instant(row, "detected_at");
                String key = key(incidentId, detectedAt);
                keys.putIfAbsent(key, new ActionItemsUpdate(incidentId, detectedAt, List.of()));
                items.computeIfAbsent(key, k -> new ArrayList<>()).add(readItem(row));
              }
            }
          }
          try (PreparedStatement query = prepare(connection, ITEM_INCIDENTS)) {
            bindItemOfInterest(query, 1, start, end, today);
            readIncidents(query, incidents);
          }
          List<ActionItemsUpdate> updates =
              keys.entrySet().stream()
                  .map(
                      e ->
                          new ActionItemsUpdate(
                              e.getValue().incidentId(),
                              e.getValue().detectedAt(),
                              items.get(e.getKey())))
                  .toList();
          return MetricsCalculator.compute(
              month, settings.zone(), incidents.values(), updates, now);
        });
  }

  /** Reads one page through {@link ActionItemListing}; today is the clock's, in the zone. */
  @Override
  public ActionItemPage listActionItems(ActionItemFilter filter) {
    require(filter != null, "a filter");
    LocalDate today = clock.instant().atZone(settings.zone()).toLocalDate();
    ActionItemListing listing = new ActionItemListing(filter, today);
    return inTransaction("list action items", listing::page);
  }

  private static void bindItemOfInterest(
      PreparedStatement query, int index, OffsetDateTime start, OffsetDateTime end, LocalDate today)
      throws SQLException {
    query.setObject(index, start);
    query.setObject(index + 1, end);
    query.setObject(index + 2, today, Types.DATE);
  }

  private static void readIncidents(PreparedStatement query, Map<String, IncidentSummary> into)
      throws SQLException {
    try (ResultSet row = query.executeQuery()) {
      while (row.next()) {
        IncidentSummary incident = readIncident(row);
        into.putIfAbsent(key(incident.incidentId(), incident.detectedAt()), incident);
      }
    }
  }

  private static ActionItem readItem(ResultSet row) throws SQLException {
    return new ActionItem(
        row.getString("item_id"),
        row.getString("action_text"),
        row.getString("owner_name"),
        row.getObject("due_date", LocalDate.class),
        parse(ActionItemStatus.class, row.getString("status")),
        row.getString("updated_by"),
        instant(row, "updated_at"),
        parse(ActionItemKind.class, row.getString("kind")),
        row.getString("link"),
        row.getString("reason"),
        row.getString("runbook_section"));
  }

  private static String key(String incidentId, Instant detectedAt) {
    return incidentId + "@" + detectedAt;
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T inTransaction(String what, Work<T> work) {
    migrate();
    try (Connection connection = open()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw HistoryFailures.classify(what, e, settings);
    }
  }

  private Connection open() throws SQLException {
    Properties properties = new Properties();
    if (!settings.username().isEmpty()) {
      properties.setProperty("user", settings.username());
    }
    if (!settings.password().isEmpty()) {
      properties.setProperty("password", settings.password());
    }
    if (settings.url().startsWith("jdbc:postgresql:")) {
      // Bounded, so a hung server fails the activity (retried) instead of hanging it; H2 would
      // reject these as unknown settings.
      properties.setProperty("connectTimeout", "10");
      properties.setProperty("socketTimeout", Integer.toString(TIMEOUT_SECONDS + 5));
      properties.setProperty("ApplicationName", "incident-response-history");
    }
    return DriverManager.getConnection(settings.url(), properties);
  }

  static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setQueryTimeout(TIMEOUT_SECONDS);
    return statement;
  }

  private static void setInstant(PreparedStatement statement, int index, Instant instant)
      throws SQLException {
    if (instant == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, utc(instant), Types.TIMESTAMP_WITH_TIMEZONE);
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  static Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  static <E extends Enum<E>> E parse(Class<E> type, String name) {
    if (name == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException unknown) {
      // a value a later version wrote; the metrics treat it as missing
      return null;
    }
  }

  private static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }

  private static void require(boolean condition, String what) {
    if (!condition) {
      throw ApplicationFailure.newNonRetryableFailure(
          "incident history needs " + what, FailureType.BAD_REQUEST.type());
    }
  }

  private static List<String> nCopies(int n) {
    return Stream.generate(() -> "?").limit(n).toList();
  }
}
