package io.incidentresponse.activities.database;

import io.incidentresponse.activities.mitigation.Guardrails;
import io.incidentresponse.activities.mitigation.Mitigator;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.mitigation.ActionParameters;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import io.temporal.failure.ApplicationFailure;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TERMINATE_QUERIES: the runbook's {@code pg_terminate_backend(pid)} on {@code state = 'active'}
 * queries older than {@link ActionParameters#OLDER_THAN_SECONDS} (default the settings' long-query
 * threshold) in the database named by the proposal's target.
 *
 * <p>Never terminated: the tool's own session ({@code pg_backend_pid()}), anything but a client
 * backend (walsender, autovacuum, background workers), sessions of the settings' protected users,
 * and sessions of other databases. An age below one minute is refused as a GUARDRAIL: killing short
 * queries is not a mitigation (tests lower the minimum through the package-private constructor; it
 * is not a setting, so a deployment cannot switch the guardrail off).
 *
 * <p>Idempotent by nature: a second run finds nothing old enough left and says so. With a dry run
 * it lists what it would terminate and terminates nothing. {@code before} holds the long queries
 * (count, pids and ages), {@code after} how many were terminated and how many are left. A query
 * cannot be undone; the before map is the record of what was ended.
 *
 * <p>Failures: see {@link SqlFailures}; an unknown target database is NOT_FOUND.
 */
public final class TerminateQueriesMitigator implements Mitigator {
  static final Duration MINIMUM_AGE = Duration.ofSeconds(60);
  private static final int QUERY_CHARS = 120;
  private static final Duration EXIT_WAIT_MAX = Duration.ofSeconds(5);

  private final DatabaseSettings settings;
  private final Duration minimumAge;

  public TerminateQueriesMitigator(DatabaseSettings settings) {
    this(settings, MINIMUM_AGE);
  }

  /** With a lower minimum age, for tests that cannot wait a minute. */
  TerminateQueriesMitigator(DatabaseSettings settings, Duration minimumAge) {
    this.settings = settings;
    this.minimumAge = minimumAge;
  }

  @Override
  public MitigationResult run(MitigationRequest request) {
    ActionProposal action = request.action();
    String database = action.target();
    long olderThan = olderThanSeconds(action.parameters().get(ActionParameters.OLDER_THAN_SECONDS));
    if (olderThan < minimumAge.toSeconds()) {
      throw Guardrails.refused(
          "terminating queries younger than "
              + minimumAge.toSeconds()
              + " s is not a mitigation (asked for "
              + olderThan
              + " s)");
    }
    String step = "looking for long queries in " + database;
    try (Connection connection = Connections.open(settings)) {
      requireDatabase(connection, database);
      List<LongQuery> found = longQueries(connection, database, olderThan);
      List<LongQuery> targets = found.stream().filter(q -> !q.protectedUser()).toList();
      long spared = found.size() - targets.size();
      int hidden = hiddenSessions(connection, database);

      Map<String, String> before = new LinkedHashMap<>();
      before.put("database", database);
      before.put("olderThanSeconds", Long.toString(olderThan));
      before.put("longQueries", Integer.toString(targets.size()));
      before.put("queries", describe(targets));
      if (spared > 0) {
        before.put("protectedLeftAlone", Long.toString(spared));
      }
      if (hidden > 0) {
        before.put("hiddenSessions", Integer.toString(hidden));
      }
      String scope = " older than " + olderThan + " s in " + database;
      String notes =
          (spared > 0 ? "; " + spared + " of protected users " + settings.protectedUsers() : "")
              + (hidden > 0 ? "; " + hidden + " sessions hidden from this role" : "");

      if (targets.isEmpty()) {
        if (hidden > 0) {
          throw ApplicationFailure.newNonRetryableFailure(
              "PostgreSQL: "
                  + hidden
                  + " sessions in "
                  + database
                  + " are hidden from this role, so it cannot tell which queries are long"
                  + SqlFailures.PRIVILEGE_HINT,
              FailureType.INVALID_CREDENTIALS.type());
        }
        return new MitigationResult(
            "no query" + scope + " left to terminate" + notes,
            before,
            Map.of("terminated", "0", "longQueriesLeft", "0"));
      }
      if (request.dryRun()) {
        return new MitigationResult(
            "dry run: would terminate "
                + count(targets.size())
                + scope
                + ": "
                + String.join("; ", targets.stream().map(LongQuery::line).toList())
                + notes,
            before,
            Map.of("terminated", "0", "wouldTerminate", Integer.toString(targets.size())));
      }

      List<Integer> terminated = new ArrayList<>();
      for (LongQuery query : targets) {
        step =
            "terminating pid "
                + query.pid()
                + " in "
                + database
                + " ("
                + terminated.size()
                + " of "
                + targets.size()
                + " terminated before it)";
        if (terminate(connection, query.pid())) {
          terminated.add(query.pid());
        }
      }
      step = "waiting for the terminated sessions of " + database + " to exit";
      awaitExit(connection, terminated);
      step = "counting the long queries left in " + database;
      long left =
          longQueries(connection, database, olderThan).stream()
              .filter(q -> !q.protectedUser())
              .count();

      Map<String, String> after = new LinkedHashMap<>();
      after.put("terminated", Integer.toString(terminated.size()));
      after.put("terminatedPids", join(terminated));
      after.put("longQueriesLeft", Long.toString(left));
      int gone = targets.size() - terminated.size();
      return new MitigationResult(
          "terminated "
              + count(terminated.size())
              + scope
              + (terminated.isEmpty() ? "" : " (pids " + join(terminated) + ")")
              + (gone > 0 ? "; " + gone + " had already finished" : "")
              + "; "
              + left
              + " left"
              + notes,
          before,
          after);
    } catch (SQLException e) {
      throw SqlFailures.classify(step, e);
    }
  }

  private long olderThanSeconds(String parameter) {
    if (parameter == null || parameter.isBlank()) {
      return settings.longQuerySeconds();
    }
    try {
      return Long.parseLong(parameter.trim());
    } catch (NumberFormatException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          ActionParameters.OLDER_THAN_SECONDS + " must be whole seconds, was '" + parameter + "'",
          FailureType.BAD_REQUEST.type());
    }
  }

  private void requireDatabase(Connection connection, String database) throws SQLException {
    try (PreparedStatement statement =
        Connections.prepare(connection, settings, "SELECT 1 FROM pg_database WHERE datname = ?")) {
      statement.setString(1, database);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          throw ApplicationFailure.newNonRetryableFailure(
              "PostgreSQL has no database '" + database + "'", FailureType.NOT_FOUND.type());
        }
      }
    }
  }

  private List<LongQuery> longQueries(Connection connection, String database, long olderThan)
      throws SQLException {
    Array protectedUsers =
        connection.createArrayOf("text", settings.protectedUsers().toArray(String[]::new));
    try (PreparedStatement statement =
        Connections.prepare(
            connection,
            settings,
            "SELECT pid, usename, extract(epoch FROM now() - query_start)::bigint, query,"
                + " coalesce(usename = ANY (?), true)"
                + " FROM pg_stat_activity"
                + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                + " AND datname = ? AND state = 'active'"
                + " AND query_start < now() - make_interval(secs => ?)"
                + " ORDER BY query_start")) {
      statement.setArray(1, protectedUsers);
      statement.setString(2, database);
      statement.setLong(3, olderThan);
      List<LongQuery> queries = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          queries.add(
              new LongQuery(
                  rows.getInt(1),
                  rows.getString(2),
                  rows.getLong(3),
                  Connections.masked(rows.getString(4), QUERY_CHARS),
                  rows.getBoolean(5)));
        }
      }
      return queries;
    } finally {
      protectedUsers.free();
    }
  }

  /** Client sessions of the database whose state this role may not see. */
  private int hiddenSessions(Connection connection, String database) throws SQLException {
    try (PreparedStatement statement =
        Connections.prepare(
            connection,
            settings,
            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                + " AND datname = ? AND state IS NULL")) {
      statement.setString(1, database);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  /** False when the backend was already gone (its query finished meanwhile). */
  private boolean terminate(Connection connection, int pid) throws SQLException {
    try (PreparedStatement statement =
        Connections.prepare(connection, settings, "SELECT pg_terminate_backend(?)")) {
      statement.setInt(1, pid);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() && rows.getBoolean(1);
      }
    }
  }

  /**
   * pg_terminate_backend only sends the signal; wait (briefly) until the backends are gone so the
   * count left after is true. The one-argument form works on every supported PostgreSQL version.
   */
  private void awaitExit(Connection connection, List<Integer> pids) throws SQLException {
    if (pids.isEmpty()) {
      return;
    }
    long deadline =
        System.nanoTime() + Math.min(EXIT_WAIT_MAX.toNanos(), settings.queryTimeout().toNanos());
    Array array = connection.createArrayOf("int4", pids.toArray(Integer[]::new));
    try (PreparedStatement statement =
        Connections.prepare(
            connection, settings, "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY (?)")) {
      statement.setArray(1, array);
      while (true) {
        try (ResultSet rows = statement.executeQuery()) {
          rows.next();
          if (rows.getInt(1) == 0 || System.nanoTime() > deadline) {
            return;
          }
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    } finally {
      array.free();
    }
  }

  private static String describe(List<LongQuery> queries) {
    return String.join(
        ", ", queries.stream().map(q -> q.pid() + " (" + q.seconds() + " s)").toList());
  }

  private static String join(List<Integer> pids) {
    return String.join(", ", pids.stream().map(String::valueOf).toList());
  }

  private static String count(int queries) {
    return queries + (queries == 1 ? " query" : " queries");
  }

  private record LongQuery(
      int pid, String user, long seconds, String query, boolean protectedUser) {
    String line() {
      return "pid " + pid + " (" + user + ", " + seconds + " s): " + query;
    }
  }
}
