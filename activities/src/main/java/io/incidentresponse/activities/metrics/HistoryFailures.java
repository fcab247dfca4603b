package io.incidentresponse.activities.metrics;

import io.incidentresponse.activities.database.SqlFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;

/**
 * History store failures classified by SQLState with {@link SqlFailures}' table (PostgreSQL and H2
 * share the standard classes: bad credentials and a missing privilege are final
 * INVALID_CREDENTIALS, an unknown database a final NOT_FOUND, errors in our own SQL final
 * BAD_REQUEST, connection trouble, a cancelled statement or H2's "database in use" (90020) a
 * retryable UNAVAILABLE), plus what only a store that writes meets: a unique violation (23505, two
 * writers raced) or a serialization failure (class 40) is a retryable CONFLICT, since the next
 * attempt reads what the other writer stored, and any other integrity violation (class 23) is a
 * final BAD_REQUEST. Messages start with "incident history" and have the password masked.
 */
final class HistoryFailures {
  private HistoryFailures() {}

  static ApplicationFailure classify(String what, SQLException e, HistorySettings settings) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message =
        "incident history "
            + what
            + ": "
            + mask(SqlFailures.reason(e), settings)
            + (state.isEmpty() ? "" : " [" + state + "]");
    return SqlFailures.failure(message, typeOf(state, e));
  }

  private static FailureType typeOf(String state, SQLException e) {
    if (state.equals("23505") || state.startsWith("40")) {
      return FailureType.CONFLICT;
    }
    if (state.startsWith("23")) {
      return FailureType.BAD_REQUEST;
    }
    return SqlFailures.typeOf(e);
  }

  /** The text with the password, and any {@code password=} URL parameter, masked. */
  static String mask(String text, HistorySettings settings) {
    if (text == null) {
      return "";
    }
    String masked = text.replaceAll("(?i)(password=)[^&;\\s]*", "$1(set)");
    if (!settings.password().isEmpty()) {
      masked = masked.replace(settings.password(), "(secret)");
    }
    return masked;
  }
}
