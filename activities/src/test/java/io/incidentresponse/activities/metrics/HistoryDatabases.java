package io.incidentresponse.activities.metrics;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two databases the store runs on, for its tests: a real PostgreSQL 14 (embedded, one server
 * per test class) and H2 in file mode (the local default), a new empty database for each case.
 */
final class HistoryDatabases implements AutoCloseable {
  enum Database {
    POSTGRESQL,
    H2
  }

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final EmbeddedPostgres postgres;
  private final Path h2Directory;

  private HistoryDatabases(EmbeddedPostgres postgres, Path h2Directory) {
    this.postgres = postgres;
    this.h2Directory = h2Directory;
  }

  /** Starts the PostgreSQL server; H2 databases go under {@code h2Directory}. */
  static HistoryDatabases start(Path h2Directory) throws IOException {
    return new HistoryDatabases(EmbeddedPostgres.builder().start(), h2Directory);
  }

  /** Settings for a new, empty database of {@code kind}. */
  HistorySettings fresh(Database kind) throws SQLException {
    String name = "history_" + DATABASES.incrementAndGet();
    return switch (kind) {
      case POSTGRESQL -> {
        try (Connection admin =
                DriverManager.getConnection(postgresUrl("postgres"), "postgres", "");
            Statement statement = admin.createStatement()) {
          statement.execute("CREATE DATABASE " + name);
        }
        yield HistorySettings.of(postgresUrl(name), "postgres", "");
      }
      case H2 -> HistorySettings.h2File(h2Directory.resolve(name), UTC);
    };
  }

  String postgresUrl(String database) {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
  }

  /** Every row {@code sql} answers, each value as text. */
  static List<List<String>> rows(HistorySettings settings, String sql) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(settings.url(), settings.username(), settings.password());
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      List<List<String>> rows = new ArrayList<>();
      int columns = row.getMetaData().getColumnCount();
      while (row.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          values.add(row.getString(i));
        }
        rows.add(values);
      }
      return rows;
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
