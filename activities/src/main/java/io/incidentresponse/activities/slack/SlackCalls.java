package io.incidentresponse.activities.slack;

import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.SlackFilesUploadV2Exception;
import com.slack.api.methods.response.files.FilesGetUploadURLExternalResponse;
import com.slack.api.methods.response.files.FilesUploadV2Response;
import io.incidentresponse.workflows.activities.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * Slack Web API calls with Slack's failures classified where they happen, for every activity that
 * talks to Slack: rate limits are retried after Slack's Retry-After, bad credentials (a missing
 * scope included) and missing channels, users or files are not retried, Slack's own trouble is
 * retried, any other error code is a final BAD_REQUEST. Messages name the method and never the
 * token.
 *
 * <p>{@code files.uploadV2} is three calls in the SDK; a step answering {@code ok:false} surfaces
 * as a {@link SlackFilesUploadV2Exception} rather than a response, so its error is read from the
 * failed step (see {@link #classify(SlackFilesUploadV2Exception)}).
 */
public final class SlackCalls {
  /** The method name of the SDK's three-step upload. */
  public static final String FILES_UPLOAD_V2 = "files.uploadV2";

  private static final Set<String> CREDENTIALS =
      Set.of(
          "invalid_auth",
          "not_authed",
          "account_inactive",
          "token_revoked",
          "token_expired",
          "missing_scope");
  private static final Set<String> NOT_FOUND =
      Set.of(
          "channel_not_found",
          "not_in_channel",
          "is_archived",
          "user_not_found",
          "users_not_found",
          "file_not_found");
  private static final Set<String> TRANSIENT =
      Set.of("internal_error", "service_unavailable", "fatal_error", "request_timeout");

  /** One Slack Web API call, as the SDK's methods client makes it. */
  public interface Call<T extends SlackApiTextResponse> {
    T call() throws IOException, SlackApiException;
  }

  private SlackCalls() {}

  /**
   * Runs {@code call}; returns the response when it is ok or its error is in {@code allowed}, else
   * throws the classified {@link ApplicationFailure}.
   */
  public static <T extends SlackApiTextResponse> T run(
      String method, Call<T> call, String... allowed) {
    T response;
    try {
      response = call.call();
    } catch (SlackApiException e) {
      throw classify(method, e);
    } catch (IOException e) {
      throw classify(method, e);
    } catch (SlackFilesUploadV2Exception e) {
      throw classify(e);
    }
    if (response.isOk() || Set.of(allowed).contains(response.getError())) {
      return response;
    }
    throw classify(method, response.getError());
  }

  /** Slack's answer to {@code method} as an error code: the typed failure the code calls for. */
  public static ApplicationFailure classify(String method, String error) {
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
    if (TRANSIENT.contains(error)) {
      return ApplicationFailure.newFailure(message, FailureType.UNAVAILABLE.type());
    }
    return ApplicationFailure.newNonRetryableFailure(message, FailureType.BAD_REQUEST.type());
  }

  /**
   * A non-2xx answer to {@code method}: 429 is RATE_LIMITED after its Retry-After, an error code is
   * classified, anything else is UNAVAILABLE.
   */
  public static ApplicationFailure classify(String method, SlackApiException e) {
    int status = e.getResponse().code();
    if (status == 429) {
      return rateLimited(method, e.getResponse().header("Retry-After"));
    }
    String error = e.getError() == null ? null : e.getError().getError();
    if (error != null) {
      return classify(method, error);
    }
    return ApplicationFailure.newFailure(
        "Slack " + method + " answered HTTP " + status, FailureType.UNAVAILABLE.type());
  }

  /** Slack could not be reached for {@code method}: UNAVAILABLE, retried. */
  public static ApplicationFailure classify(String method, IOException e) {
    return ApplicationFailure.newFailure(
        "Slack " + method + " unreachable: " + e.getMessage(), FailureType.UNAVAILABLE.type());
  }

  /**
   * The failed step of {@code files.uploadV2}, classified by its error. A refused upload URL names
   * {@code files.getUploadURLExternal} (nothing was sent yet); bytes the upload URL refused are
   * UNAVAILABLE, so the whole upload is retried; a refused completion, where Slack checks the
   * channel and the comment the caller gave, is reported as {@code files.uploadV2} itself.
   */
  public static ApplicationFailure classify(SlackFilesUploadV2Exception e) {
    for (FilesGetUploadURLExternalResponse step : e.getGetURLResponses()) {
      if (!step.isOk()) {
        return classify("files.getUploadURLExternal", step.getError());
      }
    }
    for (FilesUploadV2Response.UploadResponse upload : e.getUploadResponses().values()) {
      if (upload.getCode() != 200) {
        return ApplicationFailure.newFailure(
            "Slack file upload answered HTTP " + upload.getCode(), FailureType.UNAVAILABLE.type());
      }
    }
    if (e.getCompleteResponse() != null && !e.getCompleteResponse().isOk()) {
      return classify(FILES_UPLOAD_V2, e.getCompleteResponse().getError());
    }
    return ApplicationFailure.newFailure(
        "Slack " + FILES_UPLOAD_V2 + " failed without an error code",
        FailureType.UNAVAILABLE.type());
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
