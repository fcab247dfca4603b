package io.incidentresponse.activities.slack;

import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import io.incidentresponse.workflows.activities.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * One Slack Web API call, with Slack's failures classified where they happen: rate limits are
 * retried after Slack's Retry-After, bad credentials and missing channels are not retried.
 */
final class SlackCalls {
  private static final Set<String> CREDENTIALS =
      Set.of("invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired");
  private static final Set<String> NOT_FOUND =
      Set.of(
          "channel_not_found",
          "not_in_channel",
          "is_archived",
          "user_not_found",
          "users_not_found");

  interface Call<T extends SlackApiTextResponse> {
    T call() throws IOException, SlackApiException;
  }

  private SlackCalls() {}

  /** Runs {@code call}; returns the response when it is ok or its error is in {@code allowed}. */
  static <T extends SlackApiTextResponse> T run(String method, Call<T> call, String... allowed) {
    T response;
    try {
      response = call.call();
    } catch (SlackApiException e) {
      int status = e.getResponse().code();
      if (status == 429) {
        throw rateLimited(method, e.getResponse().header("Retry-After"));
      }
      String error = e.getError() == null ? null : e.getError().getError();
      if (error != null) {
        throw classify(method, error);
      }
      throw ApplicationFailure.newFailure(
          "Slack " + method + " answered HTTP " + status, FailureType.UNAVAILABLE.type());
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "Slack " + method + " unreachable: " + e.getMessage(), FailureType.UNAVAILABLE.type());
    }
    if (response.isOk() || Set.of(allowed).contains(response.getError())) {
      return response;
    }
    throw classify(method, response.getError());
  }

  static ApplicationFailure classify(String method, String error) {
    String message = "Slack " + method + ": " + error;
    if ("ratelimited".equals(error)) {
      return rateLimited(method, null);
    }
    if (CREDENTIALS.contains(error)) {
      return ApplicationFailure.newNonRetryableFailure(
          message, FailureType.INVALID_CREDENTIALS.type());
    }
    if (NOT_FOUND.contains(error)) {
      return ApplicationFailure.newNonRetryableFailure(message, FailureType.NOT_FOUND.type());
    }
    if ("internal_error".equals(error) || "service_unavailable".equals(error)) {
      return ApplicationFailure.newFailure(message, FailureType.UNAVAILABLE.type());
    }
    return ApplicationFailure.newNonRetryableFailure(message, FailureType.BAD_REQUEST.type());
  }

  private static ApplicationFailure rateLimited(String method, String retryAfter) {
    long seconds = 1;
    try {
      seconds = retryAfter == null ? 1 : Math.max(1, Long.parseLong(retryAfter.trim()));
    } catch (NumberFormatException ignored) {
      // Slack sends whole seconds; anything else falls back to one second
    }
    return ApplicationFailure.newBuilder()
        .setMessage("Slack " + method + " rate limited; retry after " + seconds + " s")
        .setType(FailureType.RATE_LIMITED.type())
        .setNextRetryDelay(Duration.ofSeconds(seconds))
        .build();
  }
}
