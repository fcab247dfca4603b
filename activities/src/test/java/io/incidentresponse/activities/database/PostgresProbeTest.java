package io.incidentresponse.activities.database;

import static io.incidentresponse.activities.database.TestDatabase.APP;
import static io.incidentresponse.activities.database.TestDatabase.APP_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.incidentresponse.workflows.diagnosis.DiagnosisRequest;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.diagnosis.FindingFacts;
import io.incidentresponse.workflows.diagnosis.FindingOutcome;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DATABASE_CONNECTIONS probe against an embedded PostgreSQL 14. */
class PostgresProbeTest {
  private static final DiagnosisRequest REQUEST =
      new DiagnosisRequest(
          "inc-1", "checkout", "shop", Map.of(), Instant.now().minusSeconds(3600), Instant.now());
  private static TestDatabase database;

  @BeforeAll
  static void startPostgres() throws Exception {
    database = TestDatabase.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    database.close();
  }

  @AfterEach
  void endSessions() throws Exception {
    database.closeSessions();
  }

  @Test
  void inspect_givenQuietServer_isHealthyWithFacts() {
    Finding finding =
        new PostgresProbe(database.toolSettings(Duration.ofSeconds(2))).inspectDatabase(REQUEST);

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.facts())
        .containsEntry(FindingFacts.DB_NAME, "shop")
        // the test's own admin session; the probe does not count its own
        .containsEntry(FindingFacts.DB_CONNECTIONS, "1")
        .containsEntry(FindingFacts.DB_MAX_CONNECTIONS, "20")
        .containsEntry(FindingFacts.DB_LONG_QUERIES, "0")
        .containsEntry(FindingFacts.DB_LONG_QUERY_SECONDS, "2");
    assertThat(finding.proposals()).isEmpty();
  }

  @Test
  void inspect_givenLongQuery_isAnomalyWithMaskedQueryText() throws Exception {
    TestDatabase.Session sleeper =
        database.runningSession(APP, APP_PASSWORD, "SELECT pg_sleep(600), 'secret-token' AS note");
    database.idleSession(APP, APP_PASSWORD);
    database.awaitActiveFor(sleeper.pid(), Duration.ofSeconds(2));

    Finding finding =
        new PostgresProbe(database.toolSettings(Duration.ofSeconds(2))).inspectDatabase(REQUEST);

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.facts())
        .containsEntry(FindingFacts.DB_LONG_QUERIES, "1")
        .containsEntry(FindingFacts.DB_CONNECTIONS, "3");
    assertThat(finding.evidence())
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("pid " + sleeper.pid() + " app active for ")
                    .endsWith("SELECT pg_sleep(600), '?' AS note"))
        .anySatisfy(line -> assertThat(line).contains("by state: ").contains("active 1", "idle 2"))
        .anySatisfy(line -> assertThat(line).contains("app/checkout 2"))
        .noneSatisfy(line -> assertThat(line).contains("secret-token"));
    assertThat(finding.summary()).contains("1 query running longer than 2 s");
  }

  @Test
  void inspect_givenConnectionsAtTheAlarmRatio_isAnomaly() throws Exception {
    // 15 + the test's admin session = 16 of max_connections 20: the default alarm ratio 0.8. The
    // probe's own session is not counted.
    for (int i = 0; i < 15; i++) {
      database.idleSession(APP, APP_PASSWORD);
    }

    Finding finding =
        new PostgresProbe(database.toolSettings(Duration.ofMinutes(5))).inspectDatabase(REQUEST);

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.facts())
        .containsEntry(FindingFacts.DB_CONNECTIONS, "16")
        .containsEntry(FindingFacts.DB_MAX_CONNECTIONS, "20")
        .containsEntry(FindingFacts.DB_LONG_QUERIES, "0");
    assertThat(finding.evidence().get(0))
        .isEqualTo(
            "connections: 16 in use of max_connections 20 (80%, alarm at 80%);"
                + " 3 reserved for superusers, 1 left for other roles");
    assertThat(finding.summary()).contains("16/20 connections (80%) at or above the alarm");
  }

  @Test
  void inspect_givenConnectionsBelowTheAlarmRatio_isHealthy() throws Exception {
    for (int i = 0; i < 14; i++) {
      database.idleSession(APP, APP_PASSWORD);
    }

    Finding finding =
        new PostgresProbe(database.toolSettings(Duration.ofMinutes(5))).inspectDatabase(REQUEST);

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.HEALTHY);
    assertThat(finding.facts()).containsEntry(FindingFacts.DB_CONNECTIONS, "15");
  }

  @Test
  void inspect_givenNoSlotLeftForTheProbesRole_isAnomalyNotFailure() throws Exception {
    // max_connections 20 less 3 reserved: 17 slots for non-superusers, taken by 16 + the admin.
    for (int i = 0; i < 16; i++) {
      database.idleSession(APP, APP_PASSWORD);
    }
    DatabaseSettings asApp =
        new DatabaseSettings(database.url("shop"), APP, APP_PASSWORD, null, null, null, null);

    Finding finding = new PostgresProbe(asApp).inspectDatabase(REQUEST);

    assertThat(finding.outcome()).isEqualTo(FindingOutcome.ANOMALY);
    assertThat(finding.summary()).contains("refused a new connection");
    assertThat(finding.facts()).containsEntry(FindingFacts.DB_NAME, "shop");
  }

  @Test
  void inspect_givenWrongPassword_failsWithInvalidCredentials() {
    DatabaseSettings wrong =
        new DatabaseSettings(database.url("shop"), APP, "not-the-password", null, null, null, null);

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> new PostgresProbe(wrong).inspectDatabase(REQUEST));

    assertThat(failure.getType()).isEqualTo(FailureType.INVALID_CREDENTIALS.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("28P01").doesNotContain("not-the-password");
  }

  @Test
  void inspect_givenUnknownDatabase_failsWithNotFound() {
    DatabaseSettings unknown =
        new DatabaseSettings(database.url("nosuchdb"), "postgres", "", null, null, null, null);

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> new PostgresProbe(unknown).inspectDatabase(REQUEST));

    assertThat(failure.getType()).isEqualTo(FailureType.NOT_FOUND.type());
    assertThat(failure.isNonRetryable()).isTrue();
  }

  @Test
  void inspect_givenClosedPort_failsRetryablyAsUnavailable() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    DatabaseSettings nowhere =
        new DatabaseSettings(
            "jdbc:postgresql://127.0.0.1:" + closed + "/shop",
            "postgres",
            "",
            null,
            null,
            null,
            null);

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> new PostgresProbe(nowhere).inspectDatabase(REQUEST));

    assertThat(failure.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
    assertThat(failure.isNonRetryable()).isFalse();
  }

  @Test
  void inspect_givenServerThatNeverAnswers_failsRetryablyWithinTheTimeout() throws Exception {
    // A listening socket that never speaks: the TCP handshake completes, the login never does.
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      DatabaseSettings hung =
          new DatabaseSettings(
              "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/shop",
              "postgres",
              "",
              null,
              null,
              Duration.ofSeconds(1),
              null);
      long start = System.nanoTime();

      ApplicationFailure failure =
          catchThrowableOfType(
              ApplicationFailure.class, () -> new PostgresProbe(hung).inspectDatabase(REQUEST));

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
      assertThat(failure.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
      assertThat(failure.isNonRetryable()).isFalse();
    }
  }

  @Test
  void settings_neverPrintThePassword() {
    DatabaseSettings settings =
        new DatabaseSettings(
            "jdbc:postgresql://db:5432/shop?user=app&password=in-url",
            "app",
            "s3cret",
            null,
            null,
            null,
            null);

    assertThat(settings.toString()).doesNotContain("s3cret", "in-url").contains("password=(set)");
    assertThat(settings.longQueryThreshold()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.connectionAlarmRatio()).isEqualTo(0.8);
    assertThat(settings.queryTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.protectedUsers()).containsExactly("postgres");
  }

  @Test
  void masked_replacesStringLiteralsAndDollarQuotes() {
    assertThat(
            Connections.masked(
                "UPDATE users SET token = 'abc''def'\n  WHERE id = 7 AND note = $x$hi$x$", 120))
        .isEqualTo("UPDATE users SET token = '?' WHERE id = 7 AND note = '?'");
    assertThat(Connections.masked("SELECT 'cut off by track_activity_query_size", 120))
        .isEqualTo("SELECT '?'");
    assertThat(Connections.masked("SELECT " + "x".repeat(200), 120)).hasSize(123);
  }
}
