package io.incidentresponse.activities.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * An embedded PostgreSQL 14 (no Docker) with {@code max_connections=20}, password authentication
 * for every role but the superuser ({@code database/pg_hba.conf}), and the roles the tests connect
 * as: {@code app} (the application), {@code weak} (may see but not signal other roles' sessions).
 */
final class TestDatabase implements AutoCloseable {
  static final String APP = "app";
  static final String APP_PASSWORD = "app-secret";
  static final String WEAK = "weak";
  static final String WEAK_PASSWORD = "weak-secret";
  static final int MAX_CONNECTIONS = 20;

  private final EmbeddedPostgres postgres;
  private final Connection admin;
  private final List<Connection> opened = new ArrayList<>();
  private final ExecutorService background = Executors.newCachedThreadPool();

  private TestDatabase(EmbeddedPostgres postgres, Connection admin) {
    this.postgres = postgres;
    this.admin = admin;
  }

  static TestDatabase start() throws Exception {
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setServerConfig("max_connections", Integer.toString(MAX_CONNECTIONS))
            .start();
    Connection admin =
        DriverManager.getConnection(url(postgres.getPort(), "postgres"), "postgres", "");
    TestDatabase database = new TestDatabase(postgres, admin);
    database.execute("CREATE ROLE " + APP + " LOGIN PASSWORD '" + APP_PASSWORD + "'");
    database.execute("CREATE ROLE " + WEAK + " LOGIN PASSWORD '" + WEAK_PASSWORD + "'");
    database.execute("GRANT pg_read_all_stats TO " + WEAK);
    database.execute("CREATE DATABASE shop OWNER " + APP);
    database.requirePasswords();
    return database;
  }

  /** Installs the test pg_hba.conf, reloads, and waits until a wrong password is refused. */
  private void requirePasswords() throws Exception {
    Path hba;
    try (Statement statement = admin.createStatement();
        ResultSet rows = statement.executeQuery("SHOW hba_file")) {
      rows.next();
      hba = Path.of(rows.getString(1));
    }
    try (InputStream rules = TestDatabase.class.getResourceAsStream("/database/pg_hba.conf")) {
      Files.write(hba, rules.readAllBytes());
    }
    execute("SELECT pg_reload_conf()");
    await(
        () -> {
          try (Connection ignored = connect(APP, "wrong")) {
            return false;
          } catch (SQLException e) {
            return "28P01".equals(e.getSQLState());
          }
        },
        Duration.ofSeconds(10),
        "the reloaded pg_hba.conf to ask for passwords");
  }

  int port() {
    return postgres.getPort();
  }

  String url(String database) {
    return url(port(), database);
  }

  private static String url(int port, String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database;
  }

  /** The tool's settings: superuser, database {@code shop}, the given long-query threshold. */
  DatabaseSettings toolSettings(Duration threshold) {
    return new DatabaseSettings(
        url("shop"), "postgres", "", threshold, null, Duration.ofSeconds(5), null);
  }

  /** A connection of {@code role} to {@code shop}, closed by {@link #closeSessions()}. */
  Connection connect(String role, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", role);
    properties.setProperty("password", password);
    properties.setProperty("ApplicationName", "checkout");
    Connection connection = DriverManager.getConnection(url("shop"), properties);
    synchronized (opened) {
      opened.add(connection);
    }
    return connection;
  }

  /** A connected, idle session of {@code role}. */
  Session idleSession(String role, String password) throws SQLException {
    Connection connection = connect(role, password);
    return new Session(connection, pid(connection), CompletableFuture.completedFuture(null));
  }

  /** A session of {@code role} running {@code sql} in the background (e.g. a pg_sleep). */
  Session runningSession(String role, String password, String sql) throws Exception {
    Connection connection = connect(role, password);
    int pid = pid(connection);
    CompletableFuture<Void> done =
        CompletableFuture.runAsync(
            () -> {
              try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
              } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            },
            background);
    return new Session(connection, pid, done);
  }

  /** Waits until {@code pid} has been active for longer than {@code age}. */
  void awaitActiveFor(int pid, Duration age) {
    await(
        () ->
            queryInt(
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = "
                        + pid
                        + " AND state = 'active' AND query_start < now() - make_interval(secs => "
                        + age.toMillis() / 1000.0
                        + ")")
                == 1,
        Duration.ofSeconds(30),
        "pid " + pid + " to be active for " + age);
  }

  boolean isActive(int pid) {
    return queryInt(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid + " AND state = 'active'")
        == 1;
  }

  int queryInt(String sql) {
    try (Statement statement = admin.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  void execute(String sql) throws SQLException {
    try (Statement statement = admin.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Ends every session the test opened, so the next test starts from an empty server. */
  void closeSessions() throws SQLException {
    execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
    synchronized (opened) {
      for (Connection connection : opened) {
        try {
          connection.close();
        } catch (SQLException alreadyTerminated) {
          // terminated above
        }
      }
      opened.clear();
    }
    await(
        () ->
            queryInt(
                    "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                        + " AND pid <> pg_backend_pid()")
                == 0,
        Duration.ofSeconds(10),
        "the test's sessions to end");
  }

  static void await(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  private static int pid(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  @Override
  public void close() throws IOException {
    background.shutdownNow();
    try {
      closeSessions();
      admin.close();
    } catch (SQLException e) {
      // the server goes away next anyway
    }
    postgres.close();
  }

  /** One client session: its connection, its backend pid, and its running statement. */
  record Session(Connection connection, int pid, CompletableFuture<Void> done) {}
}
