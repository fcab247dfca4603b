package io.incidentresponse.activities.metrics;

import io.incidentresponse.workflows.activities.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;

/**
 * History store failures classified by SQLState (PostgreSQL and H2 share the standard classes): bad
 * credentials (class 28) and a missing privilege (42501) are final INVALID_CREDENTIALS; an unknown
 * database (3D000) is a final NOT_FOUND; a unique violation (23505, two writers raced) or a
 * serialization failure (class 40) is a retryable CONFLICT; other errors in our own SQL or data
 * (classes 22, 23, 42) are final BAD_REQUEST; anything else (connection class 08, a cancelled
 * statement 57014, H2's "database in use" 90020, no state) is a retryable UNAVAILABLE.
 */
final class HistoryFailures {
  private HistoryFailures() {}

  static ApplicationFailure classify(String what, SQLException e, HistorySettings settings) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message =
        "incident history "
            + what
            + ": "
            + mask(reason(e), settings)
            + (state.isEmpty() ? "" : " [" + state + "]");
    if (state.startsWith("28") || state.equals("42501")) {
      return ApplicationFailure.newNonRetryableFailure(
          message, FailureType.INVALID_CREDENTIALS.type());
    }
    if (state.equals("3D000")) {
      return ApplicationFailure.newNonRetryableFailure(message, FailureType.NOT_FOUND.type());
    }
    if (state.equals("23505") || state.startsWith("40")) {
      return ApplicationFailure.newFailure(message, FailureType.CONFLICT.type());
    }
    if (state.startsWith("22") || state.startsWith("23") || state.startsWith("42")) {
      return ApplicationFailure.newNonRetryableFailure(message, FailureType.BAD_REQUEST.type());
    }
    return ApplicationFailure.newFailure(message, FailureType.UNAVAILABLE.type());
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

  private static String reason(Throwable e) {
    String text = e.getMessage();
    if (text == null || text.isBlank()) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
    // Both drivers put detail (the SQL, the server's hint) on further lines.
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
