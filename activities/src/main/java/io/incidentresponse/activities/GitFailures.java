package io.incidentresponse.activities;

import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.util.Locale;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Classifies JGit failures. Credentials refused: {@link FailureType#INVALID_CREDENTIALS}, not
 * retried. No repository at the URL: {@link FailureType#NOT_FOUND}, not retried (a wrong URL does
 * not heal; the postmortem workflow records why there is no document, an investigation probe
 * reports it). Anything on the way (connection refused, timeout, unknown host, 5xx): {@link
 * FailureType#UNAVAILABLE}, retried. A push that lost a race with another writer: {@link
 * FailureType#CONFLICT}, retried; the next attempt fetches the new tip first. Shared by the
 * postmortem publisher and the git changes probe.
 */
public final class GitFailures {
  private GitFailures() {}

  public static ApplicationFailure classify(String what, Throwable error, String secret) {
    String text = messages(error).toLowerCase(Locale.ROOT);
    String message = what + ": " + safe(firstMessage(error), secret);
    if (text.contains("not authorized")
        || text.contains("authentication is required")
        || text.contains("authentication not supported")
        || text.contains("not permitted")) {
      return ApplicationFailure.newNonRetryableFailure(
          message, FailureType.INVALID_CREDENTIALS.type());
    }
    if (has(error, NoRemoteRepositoryException.class) || text.contains("repository not found")) {
      return ApplicationFailure.newNonRetryableFailure(message, FailureType.NOT_FOUND.type());
    }
    // Connection refused, unknown host, timeouts, 5xx, a local I/O error: worth another try.
    return ApplicationFailure.newFailure(message, FailureType.UNAVAILABLE.type());
  }

  /** Throws when the remote refused the update; returns when it took it or had it already. */
  public static void checkPush(String url, String branch, RemoteRefUpdate update) {
    switch (update.getStatus()) {
      case OK, UP_TO_DATE -> {}
      case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED ->
          throw ApplicationFailure.newFailure(
              "git push to "
                  + url
                  + " rejected: "
                  + branch
                  + " moved on the remote (non-fast-forward); the retry fetches it again",
              FailureType.CONFLICT.type());
      default -> {
        String reason = update.getMessage() == null ? "" : ": " + update.getMessage();
        String lower = reason.toLowerCase(Locale.ROOT);
        if (lower.contains("permission")
            || lower.contains("denied")
            || lower.contains("protected")
            || lower.contains("not allowed")) {
          throw ApplicationFailure.newNonRetryableFailure(
              "git push to " + url + " refused" + reason, FailureType.INVALID_CREDENTIALS.type());
        }
        throw ApplicationFailure.newFailure(
            "git push to " + url + " failed (" + update.getStatus() + ")" + reason,
            FailureType.UNAVAILABLE.type());
      }
    }
  }

  private static boolean has(Throwable error, Class<? extends Throwable> type) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String messages(Throwable error) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause()) {
      all.append(t.getClass().getSimpleName()).append(' ').append(t.getMessage()).append('\n');
      if (t.getCause() == t) {
        break;
      }
    }
    return all.toString();
  }

  /** The innermost message: JGit wraps the transport's reason in API exceptions. */
  public static String firstMessage(Throwable error) {
    String message = error.getMessage();
    for (Throwable t = error.getCause(); t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return message == null ? error.getClass().getSimpleName() : message;
  }

  /** Never a token, nor credentials written into a URL. */
  public static String safe(String message, String secret) {
    String text = message == null ? "" : message;
    if (secret != null && !secret.isBlank()) {
      text = text.replace(secret, "***");
    }
    return text.replaceAll("(?<=://)[^/@\\s]*@", "");
  }
}
