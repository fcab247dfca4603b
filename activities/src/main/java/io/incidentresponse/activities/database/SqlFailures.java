package io.incidentresponse.activities.database;

import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.net.SocketTimeoutException;
import java.sql.SQLException;

/**
 * PostgreSQL failures classified by SQLState where they happen (H2 shares the standard classes):
 * bad credentials (class 28: 28P01, 28000) and a missing privilege (42501) are final
 * INVALID_CREDENTIALS; an unknown database (3D000) is a final NOT_FOUND; a cancelled statement
 * (57014, our query timeout) and anything about the connection (class 08: refused, reset, socket
 * timeout), a server shutting down or starting (57P01..57P03) or out of resources (class 53, e.g.
 * too many clients) is a retryable UNAVAILABLE. Errors in our own SQL (classes 22, 42) are final
 * BAD_REQUEST; anything else is retried. Messages carry the server's message, which never holds the
 * password.
 *
 * <p>Other stores reuse the table through {@link #typeOf}, {@link #reason} and {@link #failure},
 * with their own message prefix and any SQLState of their own (see the incident history's).
 */
public final class SqlFailures {
  static final String PRIVILEGE_HINT =
      " (the tool's role needs pg_signal_backend to terminate other roles' queries and"
          + " pg_read_all_stats, or pg_monitor, to see them)";

  private SqlFailures() {}

  /** {@code e} as the typed failure its SQLState calls for; {@code what} says what was asked. */
  public static ApplicationFailure classify(String what, SQLException e) {
    String state = state(e);
    if (state.equals("57014") || (state.startsWith("08") && timedOut(e))) {
      return failure("PostgreSQL " + what + " timed out: " + reason(e), FailureType.UNAVAILABLE);
    }
    String message =
        "PostgreSQL "
            + what
            + ": "
            + reason(e)
            + (state.isEmpty() ? "" : " [" + state + "]")
            + (state.equals("42501") ? PRIVILEGE_HINT : "");
    return failure(message, typeOf(e));
  }

  /** The failure type {@code e}'s SQLState calls for, as the class comment lays out. */
  public static FailureType typeOf(SQLException e) {
    String state = state(e);
    if (state.startsWith("28") || state.equals("42501")) {
      return FailureType.INVALID_CREDENTIALS;
    }
    if (state.equals("3D000")) {
      return FailureType.NOT_FOUND;
    }
    if (state.startsWith("22") || state.startsWith("42")) {
      return FailureType.BAD_REQUEST;
    }
    // 08 connection, 53 resources, 57 cancelled/shutdown/start-up, 40 serialization, no state.
    return FailureType.UNAVAILABLE;
  }

  /**
   * An {@link ApplicationFailure} of {@code type}: final for INVALID_CREDENTIALS, NOT_FOUND,
   * BAD_REQUEST, GUARDRAIL and NOT_CONFIGURED, retryable otherwise; the expected outcomes through
   * {@link ExpectedFailures}.
   */
  public static ApplicationFailure failure(String message, FailureType type) {
    return switch (type) {
      case INVALID_CREDENTIALS, NOT_FOUND, BAD_REQUEST ->
          ApplicationFailure.newNonRetryableFailure(message, type.type());
      case CONFLICT, UNAVAILABLE -> ApplicationFailure.newFailure(message, type.type());
      case GUARDRAIL -> ExpectedFailures.refused(message);
      case NOT_CONFIGURED -> ExpectedFailures.notConfigured(message);
      case RATE_LIMITED -> ExpectedFailures.paced(message, null);
    };
  }

  /**
   * The first line of {@code e}'s message, or of its root cause's when it has none: the drivers put
   * detail (the SQL, the server's hint) on further lines, and one line is enough for a timeline.
   */
  public static String reason(SQLException e) {
    String text = e.getMessage();
    if (text == null || text.isBlank()) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private static String state(SQLException e) {
    return e.getSQLState() == null ? "" : e.getSQLState();
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }
}
