package io.incidentresponse.activities.metrics;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The two databases the store runs on, for its tests: a real PostgreSQL 14 (embedded, one server
 * per test class) and H2 in file mode (the local default), a new empty database for each case.
 * Register it as a static {@code @RegisterExtension} field.
 */
final class HistoryDatabases implements BeforeAllCallback, AfterAllCallback {
  enum Database {
    POSTGRESQL,
    H2
  }

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private EmbeddedPostgres postgres;
  private Path h2Directory;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    h2Directory = Files.createTempDirectory("history-h2-");
    postgres = EmbeddedPostgres.builder().start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    postgres.close();
    try (Stream<Path> files = Files.walk(h2Directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
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
}
