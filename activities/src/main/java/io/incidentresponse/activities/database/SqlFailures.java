package io.incidentresponse.activities.database;

import io.incidentresponse.workflows.activities.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.net.SocketTimeoutException;
import java.sql.SQLException;

/**
 * PostgreSQL failures classified by SQLState where they happen: bad credentials (28P01, 28000) and
 * a missing privilege (42501) are final INVALID_CREDENTIALS; an unknown database (3D000) is a final
 * NOT_FOUND; a cancelled statement (57014, our query timeout) and anything about the connection
 * (class 08: refused, reset, socket timeout), a server shutting down or starting (57P01..57P03) or
 * out of resources (class 53, e.g. too many clients) is a retryable UNAVAILABLE. Errors in our own
 * SQL (classes 22, 42) are final BAD_REQUEST; anything else is retried. Messages carry the server's
 * message, which never holds the password.
 */
public final class SqlFailures {
  static final String PRIVILEGE_HINT =
      " (the tool's role needs pg_signal_backend to terminate other roles' queries and"
          + " pg_read_all_stats, or pg_monitor, to see them)";

  private SqlFailures() {}

  /** {@code e} as the typed failure its SQLState calls for; {@code what} says what was asked. */
  public static ApplicationFailure classify(String what, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message =
        "PostgreSQL " + what + ": " + reason(e) + (state.isEmpty() ? "" : " [" + state + "]");
    switch (state) {
      case "28P01", "28000" -> {
        return ApplicationFailure.newNonRetryableFailure(
            message, FailureType.INVALID_CREDENTIALS.type());
      }
      case "42501" -> {
        return ApplicationFailure.newNonRetryableFailure(
            message + PRIVILEGE_HINT, FailureType.INVALID_CREDENTIALS.type());
      }
      case "3D000" -> {
        return ApplicationFailure.newNonRetryableFailure(message, FailureType.NOT_FOUND.type());
      }
      case "57014" -> {
        return ApplicationFailure.newFailure(
            "PostgreSQL " + what + " timed out: " + reason(e), FailureType.UNAVAILABLE.type());
      }
      default -> {
        // fall through to the classes below
      }
    }
    if (state.startsWith("08") && timedOut(e)) {
      return ApplicationFailure.newFailure(
          "PostgreSQL " + what + " timed out: " + reason(e), FailureType.UNAVAILABLE.type());
    }
    if (state.startsWith("22") || state.startsWith("42")) {
      return ApplicationFailure.newNonRetryableFailure(message, FailureType.BAD_REQUEST.type());
    }
    // 08 connection, 53 resources, 57P0x shutdown/start-up, 40 serialization, no state at all.
    return ApplicationFailure.newFailure(message, FailureType.UNAVAILABLE.type());
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static String reason(SQLException e) {
    String text = e.getMessage();
    if (text == null || text.isBlank()) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
    // pgjdbc puts the server's detail on further lines; one line is enough for the timeline.
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
