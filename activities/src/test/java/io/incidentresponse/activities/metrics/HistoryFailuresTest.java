package io.incidentresponse.activities.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HistoryFailuresTest {
  private static final HistorySettings SETTINGS =
      HistorySettings.of("jdbc:postgresql://db:5432/history", "history", "s3cret-pw");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "28P01, INVALID_CREDENTIALS, true",
    "28000, INVALID_CREDENTIALS, true",
    "42501, INVALID_CREDENTIALS, true",
    "3D000, NOT_FOUND, true",
    "23505, CONFLICT, false",
    "40001, CONFLICT, false",
    "23502, BAD_REQUEST, true",
    "22001, BAD_REQUEST, true",
    "42P01, BAD_REQUEST, true",
    "08001, UNAVAILABLE, false",
    "57014, UNAVAILABLE, false",
    "90020, UNAVAILABLE, false"
  })
  void classify_bySqlState(String state, FailureType type, boolean nonRetryable) {
    ApplicationFailure failure =
        HistoryFailures.classify("record incident x", new SQLException("boom", state), SETTINGS);

    assertThat(failure.getType()).isEqualTo(type.type());
    assertThat(failure.isNonRetryable()).isEqualTo(nonRetryable);
    assertThat(failure.getOriginalMessage())
        .isEqualTo("incident history record incident x: boom [" + state + "]");
  }

  @Test
  void classify_masksThePasswordAndKeepsTheFirstLine() {
    ApplicationFailure failure =
        HistoryFailures.classify(
            "metrics of 2026-10",
            new SQLException(
                "connect to jdbc:postgresql://db/h?password=s3cret-pw failed for s3cret-pw\n"
                    + "  Detail: more",
                "08001"),
            SETTINGS);

    assertThat(failure.getOriginalMessage())
        .doesNotContain("s3cret")
        .doesNotContain("Detail")
        .contains("password=(set)");
  }
}
