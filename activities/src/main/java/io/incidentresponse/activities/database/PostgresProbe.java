package io.incidentresponse.activities.database;

import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The DATABASE_CONNECTIONS probe: client connections in use against {@code max_connections} (by
 * state, and the top three clients by role and application) and the queries of the configured
 * database that have been active for longer than the threshold. It only reads.
 *
 * <p>ANOMALY when in use / {@code max_connections} reaches the alarm ratio or any query is long;
 * also when the server refuses the probe's own connection for want of slots (SQLState 53300): that
 * refusal is the observation. Facts: {@link FindingFacts#DB_CONNECTIONS}, {@link
 * FindingFacts#DB_MAX_CONNECTIONS}, {@link FindingFacts#DB_LONG_QUERIES}, {@link
 * FindingFacts#DB_LONG_QUERY_SECONDS}, {@link FindingFacts#DB_NAME}. No proposals: the workflow's
 * ranking builds them from the facts. Query texts are shown with string literals masked.
 *
 * <p>Counting: client backends only (not autovacuum, walsender or background workers), without the
 * probe's own session. Long queries are counted in the URL's database only, the one a
 * TERMINATE_QUERIES on {@code db.name} would act on; "idle in transaction" sessions older than the
 * threshold are shown as evidence but do not count, since the mitigation does not end them.
 *
 * <p>Failures: see {@link SqlFailures}.
 */
public final class PostgresProbe {
  private static final int SHOWN_QUERIES = 5;
  private static final int QUERY_CHARS = 120;

  private final DatabaseSettings settings;

  public PostgresProbe(DatabaseSettings settings) {
    this.settings = settings;
  }

  public Finding inspectDatabase(DiagnosisRequest request) {
    Instant now = Instant.now();
    try (Connection connection = Connections.open(settings)) {
      return inspect(connection, now);
    } catch (SQLException e) {
      if ("53300".equals(e.getSQLState())) {
        return refused(e, now);
      }
      throw SqlFailures.classify("inspecting connections and long queries", e);
    }
  }

  private Finding inspect(Connection connection, Instant now) throws SQLException {
    long threshold = settings.longQuerySeconds();
    String database;
    int maxConnections;
    int reserved;
    try (PreparedStatement statement =
            Connections.prepare(
                connection,
                settings,
                "SELECT current_database(), current_setting('max_connections')::int,"
                    + " current_setting('superuser_reserved_connections')::int");
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      database = rows.getString(1);
      maxConnections = rows.getInt(2);
      reserved = rows.getInt(3);
    }

    Map<String, Integer> byState = new LinkedHashMap<>();
    int inUse = 0;
    try (PreparedStatement statement =
            Connections.prepare(
                connection,
                settings,
                "SELECT coalesce(state, '(hidden)'), count(*) FROM pg_stat_activity"
                    + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                    + " GROUP BY 1 ORDER BY 2 DESC, 1");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        byState.put(rows.getString(1), rows.getInt(2));
        inUse += rows.getInt(2);
      }
    }

    List<String> topClients = new ArrayList<>();
    try (PreparedStatement statement =
            Connections.prepare(
                connection,
                settings,
                "SELECT coalesce(usename, '?'), coalesce(nullif(application_name, ''), '(none)'),"
                    + " count(*) FROM pg_stat_activity"
                    + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                    + " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 3");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        topClients.add(rows.getString(1) + "/" + rows.getString(2) + " " + rows.getInt(3));
      }
    }

    List<String> longQueries = new ArrayList<>();
    try (PreparedStatement statement =
        Connections.prepare(
            connection,
            settings,
            "SELECT pid, usename, state, extract(epoch FROM now() - query_start)::bigint, query"
                + " FROM pg_stat_activity"
                + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                + " AND datname = current_database() AND state = 'active'"
                + " AND query_start < now() - make_interval(secs => ?)"
                + " ORDER BY query_start")) {
      statement.setLong(1, threshold);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          longQueries.add(
              "pid "
                  + rows.getInt(1)
                  + " "
                  + rows.getString(2)
                  + " "
                  + rows.getString(3)
                  + " for "
                  + rows.getLong(4)
                  + " s: "
                  + Connections.masked(rows.getString(5), QUERY_CHARS));
        }
      }
    }

    List<String> idleInTransaction = new ArrayList<>();
    try (PreparedStatement statement =
        Connections.prepare(
            connection,
            settings,
            "SELECT pid, extract(epoch FROM now() - state_change)::bigint FROM pg_stat_activity"
                + " WHERE backend_type = 'client backend' AND datname = current_database()"
                + " AND state LIKE 'idle in transaction%'"
                + " AND state_change < now() - make_interval(secs => ?)"
                + " ORDER BY state_change")) {
      statement.setLong(1, threshold);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          idleInTransaction.add(rows.getInt(1) + " (" + rows.getLong(2) + " s)");
        }
      }
    }

    double ratio = maxConnections == 0 ? 0 : (double) inUse / maxConnections;
    boolean crowded = ratio >= settings.connectionAlarmRatio();
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "connections: "
            + inUse
            + " in use of max_connections "
            + maxConnections
            + " ("
            + percent(ratio)
            + ", alarm at "
            + percent(settings.connectionAlarmRatio())
            + "); "
            + reserved
            + " reserved for superusers, "
            + Math.max(0, maxConnections - reserved - inUse)
            + " left for other roles");
    evidence.add("by state: " + joined(byState));
    if (!topClients.isEmpty()) {
      evidence.add("top clients (role/application): " + String.join(", ", topClients));
    }
    Integer hidden = byState.get("(hidden)");
    if (hidden != null) {
      evidence.add(
          hidden
              + " sessions' state and query are hidden from this role: grant it pg_read_all_stats"
              + " (or pg_monitor)");
    }
    evidence.add(
        "queries active for longer than "
            + threshold
            + " s in "
            + database
            + ": "
            + longQueries.size());
    longQueries.stream().limit(SHOWN_QUERIES).forEach(evidence::add);
    if (longQueries.size() > SHOWN_QUERIES) {
      evidence.add("... and " + (longQueries.size() - SHOWN_QUERIES) + " more");
    }
    if (!idleInTransaction.isEmpty()) {
      evidence.add(
          "idle in transaction for longer than "
              + threshold
              + " s (holding locks, not terminated by the mitigation): pids "
              + String.join(", ", idleInTransaction));
    }

    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(FindingFacts.DB_NAME, database);
    facts.put(FindingFacts.DB_CONNECTIONS, Integer.toString(inUse));
    facts.put(FindingFacts.DB_MAX_CONNECTIONS, Integer.toString(maxConnections));
    facts.put(FindingFacts.DB_LONG_QUERIES, Integer.toString(longQueries.size()));
    facts.put(FindingFacts.DB_LONG_QUERY_SECONDS, Long.toString(threshold));

    String connections = inUse + "/" + maxConnections + " connections (" + percent(ratio) + ")";
    String queries =
        longQueries.isEmpty()
            ? "no query running longer than " + threshold + " s"
            : longQueries.size()
                + (longQueries.size() == 1 ? " query" : " queries")
                + " running longer than "
                + threshold
                + " s";
    boolean anomaly = crowded || !longQueries.isEmpty();
    return new Finding(
        DiagnosisProbe.DATABASE_CONNECTIONS,
        anomaly ? FindingOutcome.ANOMALY : FindingOutcome.HEALTHY,
        database + ": " + connections + (crowded ? " at or above the alarm" : "") + ", " + queries,
        evidence,
        List.of(),
        now,
        facts);
  }

  /** The server would not even let the probe in for want of connection slots. */
  private Finding refused(SQLException e, Instant now) {
    String database = databaseOf(settings.url());
    Map<String, String> facts = new LinkedHashMap<>();
    if (database != null) {
      facts.put(FindingFacts.DB_NAME, database);
    }
    return new Finding(
        DiagnosisProbe.DATABASE_CONNECTIONS,
        FindingOutcome.ANOMALY,
        (database == null ? "database" : database)
            + ": the server refused a new connection for want of slots",
        List.of("connecting answered " + e.getMessage() + " [53300]"),
        List.of(),
        now,
        facts);
  }

  private static String databaseOf(String url) {
    try {
      Properties parsed = org.postgresql.Driver.parseURL(url, new Properties());
      return parsed == null ? null : parsed.getProperty("PGDBNAME");
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
  }

  private static String joined(Map<String, Integer> counts) {
    if (counts.isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((key, count) -> parts.add(key + " " + count));
    return String.join(", ", parts);
  }
}
