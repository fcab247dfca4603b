package io.incidentresponse.activities.database;

import static io.incidentresponse.activities.database.TestDatabase.APP;
import static io.incidentresponse.activities.database.TestDatabase.APP_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.mitigation.ActionParameters;
import io.incidentresponse.workflows.mitigation.ActionProposal;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.MitigationRequest;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TERMINATE_QUERIES against an embedded PostgreSQL 14, with real sleeping sessions. */
class TerminateQueriesMitigatorTest {
  private static final Duration THRESHOLD = Duration.ofSeconds(2);
  private static final String SLEEP = "SELECT pg_sleep(600), 'secret-token' AS note";
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

  /** The mitigator with the tests' 1 s minimum instead of the production minute. */
  private static TerminateQueriesMitigator mitigator(DatabaseSettings settings) {
    return new TerminateQueriesMitigator(settings, Duration.ofSeconds(1));
  }

  private static MitigationRequest request(
      String database, Map<String, String> parameters, boolean dryRun) {
    return new MitigationRequest(
        "inc-1",
        "terminate-queries-1",
        new ActionProposal(
            ActionType.TERMINATE_QUERIES, null, database, parameters, null, "long queries"),
        "alice",
        dryRun,
        0);
  }

  @Test
  void run_givenLongQueryAndIdleSession_terminatesOnlyTheLongQueryThenFindsNothingLeft()
      throws Exception {
    TestDatabase.Session sleeper = database.runningSession(APP, APP_PASSWORD, SLEEP);
    TestDatabase.Session idle = database.idleSession(APP, APP_PASSWORD);
    database.awaitActiveFor(sleeper.pid(), THRESHOLD);
    TerminateQueriesMitigator mitigator = mitigator(database.toolSettings(THRESHOLD));

    MitigationResult first = mitigator.run(request("shop", Map.of(), false));

    assertThat(first.before())
        .containsEntry("longQueries", "1")
        .containsEntry("olderThanSeconds", "2")
        .hasEntrySatisfying("queries", q -> assertThat(q).startsWith(sleeper.pid() + " ("));
    assertThat(first.after())
        .containsEntry("terminated", "1")
        .containsEntry("terminatedPids", Integer.toString(sleeper.pid()))
        .containsEntry("longQueriesLeft", "0");
    assertThat(first.summary()).startsWith("terminated 1 query older than 2 s in shop");
    ExecutionException killed =
        catchThrowableOfType(
            ExecutionException.class, () -> sleeper.done().get(10, TimeUnit.SECONDS));
    assertThat(killed.getCause())
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57P01"));
    try (Statement statement = idle.connection().createStatement()) {
      assertThat(statement.execute("SELECT 1")).isTrue();
    }

    MitigationResult second = mitigator.run(request("shop", Map.of(), false));

    assertThat(second.summary()).isEqualTo("no query older than 2 s in shop left to terminate");
    assertThat(second.before()).containsEntry("longQueries", "0");
    assertThat(second.after()).containsEntry("terminated", "0");
  }

  @Test
  void run_givenDryRun_listsTheQueryAndTerminatesNothing() throws Exception {
    TestDatabase.Session sleeper = database.runningSession(APP, APP_PASSWORD, SLEEP);
    database.awaitActiveFor(sleeper.pid(), THRESHOLD);

    MitigationResult result =
        mitigator(database.toolSettings(THRESHOLD)).run(request("shop", Map.of(), true));

    assertThat(result.summary())
        .startsWith("dry run: would terminate 1 query older than 2 s in shop: pid " + sleeper.pid())
        .endsWith("SELECT pg_sleep(600), '?' AS note")
        .doesNotContain("secret-token");
    assertThat(result.after())
        .containsEntry("terminated", "0")
        .containsEntry("wouldTerminate", "1");
    assertThat(database.isActive(sleeper.pid())).isTrue();
    assertThat(sleeper.done()).isNotDone();
  }

  @Test
  void run_givenOlderThanAboveTheQueryAge_terminatesNothing() throws Exception {
    TestDatabase.Session sleeper = database.runningSession(APP, APP_PASSWORD, SLEEP);
    database.awaitActiveFor(sleeper.pid(), THRESHOLD);

    MitigationResult result =
        mitigator(database.toolSettings(THRESHOLD))
            .run(request("shop", Map.of(ActionParameters.OLDER_THAN_SECONDS, "3600"), false));

    assertThat(result.after()).containsEntry("terminated", "0");
    assertThat(database.isActive(sleeper.pid())).isTrue();
  }

  @Test
  void run_givenProtectedUsersQuery_leavesItAlone() throws Exception {
    TestDatabase.Session superuser = database.runningSession("postgres", "", SLEEP);
    database.awaitActiveFor(superuser.pid(), THRESHOLD);

    MitigationResult result =
        mitigator(database.toolSettings(THRESHOLD)).run(request("shop", Map.of(), false));

    assertThat(result.summary()).contains("1 of protected users [postgres]");
    assertThat(result.before())
        .containsEntry("longQueries", "0")
        .containsEntry("protectedLeftAlone", "1");
    assertThat(database.isActive(superuser.pid())).isTrue();
  }

  @Test
  void run_givenOtherDatabase_leavesItsQueriesAlone() throws Exception {
    TestDatabase.Session sleeper = database.runningSession(APP, APP_PASSWORD, SLEEP);
    database.awaitActiveFor(sleeper.pid(), THRESHOLD);

    MitigationResult result =
        mitigator(database.toolSettings(THRESHOLD)).run(request("postgres", Map.of(), false));

    assertThat(result.after()).containsEntry("terminated", "0");
    assertThat(database.isActive(sleeper.pid())).isTrue();
  }

  @Test
  void run_givenOlderThanBelowAMinute_isRefusedByTheGuardrail() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                new TerminateQueriesMitigator(database.toolSettings(THRESHOLD))
                    .run(
                        request("shop", Map.of(ActionParameters.OLDER_THAN_SECONDS, "30"), false)));

    assertThat(failure.getType()).isEqualTo(FailureType.GUARDRAIL.type());
    assertThat(failure.isNonRetryable()).isTrue();
  }

  @Test
  void run_givenDefaultThresholdBelowAMinute_isRefusedByTheGuardrail() {
    // The settings' threshold is the default age; 2 s is below the production minimum.
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                new TerminateQueriesMitigator(database.toolSettings(THRESHOLD))
                    .run(request("shop", Map.of(), false)));

    assertThat(failure.getType()).isEqualTo(FailureType.GUARDRAIL.type());
  }

  @Test
  void run_givenUnknownDatabase_failsWithNotFound() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                mitigator(database.toolSettings(THRESHOLD))
                    .run(request("nosuchdb", Map.of(), false)));

    assertThat(failure.getType()).isEqualTo(FailureType.NOT_FOUND.type());
    assertThat(failure.isNonRetryable()).isTrue();
  }

  @Test
  void run_givenRoleWithoutPgSignalBackend_failsWithInvalidCredentialsAndAHint() throws Exception {
    TestDatabase.Session sleeper = database.runningSession(APP, APP_PASSWORD, SLEEP);
    database.awaitActiveFor(sleeper.pid(), THRESHOLD);
    DatabaseSettings weak =
        new DatabaseSettings(
            database.url("shop"),
            TestDatabase.WEAK,
            TestDatabase.WEAK_PASSWORD,
            THRESHOLD,
            null,
            Duration.ofSeconds(5),
            null);

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> mitigator(weak).run(request("shop", Map.of(), false)));

    assertThat(failure.getType()).isEqualTo(FailureType.INVALID_CREDENTIALS.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("42501", "pg_signal_backend");
    assertThat(database.isActive(sleeper.pid())).isTrue();
  }

  @Test
  void run_givenWrongPassword_failsWithInvalidCredentials() {
    DatabaseSettings wrong =
        new DatabaseSettings(database.url("shop"), APP, "nope", THRESHOLD, null, null, null);

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> mitigator(wrong).run(request("shop", Map.of(), false)));

    assertThat(failure.getType()).isEqualTo(FailureType.INVALID_CREDENTIALS.type());
    assertThat(failure.isNonRetryable()).isTrue();
  }

  @Test
  void classify_givenStatementCancelledByQueryTimeout_isRetryableUnavailable() throws Exception {
    // The same cancel Statement.setQueryTimeout sends for the activities' own statements.
    SQLException timedOut;
    try (var connection = database.connect(APP, APP_PASSWORD);
        var statement = connection.createStatement()) {
      statement.setQueryTimeout(1);
      timedOut =
          catchThrowableOfType(SQLException.class, () -> statement.execute("SELECT pg_sleep(30)"));
    }

    ApplicationFailure failure = SqlFailures.classify("listing queries", timedOut);

    assertThat(timedOut.getSQLState()).isEqualTo("57014");
    assertThat(failure.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).startsWith("PostgreSQL listing queries timed out");
  }
}
