package io.incidentresponse.activities.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SQLState table, for the states the embedded-server tests do not provoke. */
class SqlFailuresTest {

  @ParameterizedTest
  @CsvSource({
    "28P01, INVALID_CREDENTIALS, true",
    "28000, INVALID_CREDENTIALS, true",
    "42501, INVALID_CREDENTIALS, true",
    "3D000, NOT_FOUND, true",
    "57014, UNAVAILABLE, false",
    "08001, UNAVAILABLE, false",
    "08006, UNAVAILABLE, false",
    "53300, UNAVAILABLE, false",
    "57P01, UNAVAILABLE, false",
    "57P03, UNAVAILABLE, false",
    "40001, UNAVAILABLE, false",
    "42601, BAD_REQUEST, true",
    "22023, BAD_REQUEST, true",
    "'', UNAVAILABLE, false"
  })
  void classify_mapsTheSqlState(String state, FailureType type, boolean final_) {
    ApplicationFailure failure =
        SqlFailures.classify("doing it", new SQLException("server said no", state));

    assertThat(failure.getType()).isEqualTo(type.type());
    assertThat(failure.isNonRetryable()).isEqualTo(final_);
  }

  @Test
  void classify_givenSocketTimeout_saysTimedOut() {
    SQLException e =
        new SQLException(
            "An I/O error occurred", "08006", new SocketTimeoutException("Read timed out"));

    ApplicationFailure failure = SqlFailures.classify("listing queries", e);

    assertThat(failure.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
    assertThat(failure.getOriginalMessage()).startsWith("PostgreSQL listing queries timed out");
  }

  @Test
  void classify_givenInsufficientPrivilege_namesTheGrants() {
    ApplicationFailure failure =
        SqlFailures.classify("terminating pid 7", new SQLException("permission denied", "42501"));

    assertThat(failure.getOriginalMessage()).contains("pg_signal_backend", "pg_read_all_stats");
  }
}
