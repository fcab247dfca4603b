package io.incidentresponse.activities.report;

import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackFilesUploadV2Exception;
import com.slack.api.methods.response.files.FilesGetUploadURLExternalResponse;
import com.slack.api.methods.response.files.FilesUploadV2Response;
import io.incidentresponse.workflows.activities.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * Slack's failures of {@code files.uploadV2} classified the way {@code activities.slack.SlackCalls}
 * classifies the other Web API calls (that class is package-private to the chat activities): rate
 * limits retried after Slack's Retry-After, bad credentials and missing channels final, Slack's own
 * trouble retried. {@code files.uploadV2} reports an {@code ok:false} step as a {@link
 * SlackFilesUploadV2Exception} rather than a response, so the error is read from the failed step.
 */
final class SlackUploadFailures {
  private static final Set<String> CREDENTIALS =
      Set.of(
          "invalid_auth",
          "not_authed",
          "account_inactive",
          "token_revoked",
          "token_expired",
          "missing_scope");
  private static final Set<String> NOT_FOUND =
      Set.of("channel_not_found", "not_in_channel", "is_archived", "file_not_found");
  private static final Set<String> TRANSIENT =
      Set.of("internal_error", "service_unavailable", "fatal_error", "request_timeout");

  private SlackUploadFailures() {}

  static ApplicationFailure of(SlackApiException e) {
    int status = e.getResponse().code();
    if (status == 429) {
      return rateLimited(e.getResponse().header("Retry-After"));
    }
    String error = e.getError() == null ? null : e.getError().getError();
    if (error != null) {
      return classify(error);
    }
    return ApplicationFailure.newFailure(
        "Slack files.uploadV2 answered HTTP " + status, FailureType.UNAVAILABLE.type());
  }

  static ApplicationFailure of(IOException e) {
    return ApplicationFailure.newFailure(
        "Slack files.uploadV2 unreachable: " + e.getMessage(), FailureType.UNAVAILABLE.type());
  }

  static ApplicationFailure of(SlackFilesUploadV2Exception e) {
    for (FilesGetUploadURLExternalResponse step : e.getGetURLResponses()) {
      if (!step.isOk()) {
        return classify(step.getError());
      }
    }
    for (FilesUploadV2Response.UploadResponse upload : e.getUploadResponses().values()) {
      if (upload.getCode() != 200) {
        // the bytes did not reach Slack's upload URL: retry the whole upload
        return ApplicationFailure.newFailure(
            "Slack file upload answered HTTP " + upload.getCode(), FailureType.UNAVAILABLE.type());
      }
    }
    if (e.getCompleteResponse() != null && !e.getCompleteResponse().isOk()) {
      return classify(e.getCompleteResponse().getError());
    }
    return ApplicationFailure.newFailure(
        "Slack files.uploadV2 failed without an error code", FailureType.UNAVAILABLE.type());
  }

  static ApplicationFailure classify(String error) {
    String message = "Slack files.uploadV2: " + error;
    if ("ratelimited".equals(error)) {
      return rateLimited(null);
    }
    if (CREDENTIALS.contains(error)) {
      return ApplicationFailure.newNonRetryableFailure(
          message, FailureType.INVALID_CREDENTIALS.type());
    }
    if (NOT_FOUND.contains(error)) {
      return ApplicationFailure.newNonRetryableFailure(message, FailureType.NOT_FOUND.type());
    }
    if (TRANSIENT.contains(error)) {
      return ApplicationFailure.newFailure(message, FailureType.UNAVAILABLE.type());
    }
    return ApplicationFailure.newNonRetryableFailure(message, FailureType.BAD_REQUEST.type());
  }

  private static ApplicationFailure rateLimited(String retryAfter) {
    long seconds = 1;
    try {
      seconds = retryAfter == null ? 1 : Math.max(1, Long.parseLong(retryAfter.trim()));
    } catch (NumberFormatException ignored) {
      // Slack sends whole seconds; anything else falls back to one second
    }
    return ApplicationFailure.newBuilder()
        .setMessage("Slack files.uploadV2 rate limited; retry after " + seconds + " s")
        .setType(FailureType.RATE_LIMITED.type())
        .setNextRetryDelay(Duration.ofSeconds(seconds))
        .build();
  }
}
