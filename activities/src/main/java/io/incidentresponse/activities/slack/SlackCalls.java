package io.incidentresponse.activities.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.SlackFilesUploadV2Exception;
import com.slack.api.methods.response.files.FilesGetUploadURLExternalResponse;
import com.slack.api.methods.response.files.FilesUploadV2Response;
import com.slack.api.util.http.SlackHttpClient;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import okhttp3.OkHttpClient;

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
  /**
   * The longest one Slack call may take, connection to last byte. Far below an attempt's timeouts:
   * a channel opening heartbeats between calls (its heartbeat timeout is 30 s), and a hanging Slack
   * must fail the call and let Temporal retry, not hold the attempt for minutes.
   */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

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
   * A Slack client configuration whose every call is bounded by {@link #CALL_TIMEOUT}. The SDK's
   * own default sets no call timeout (OkHttp's 10 s read timeout restarts with every byte, so a
   * Slack that trickles its answer holds the call indefinitely).
   */
  public static SlackConfig boundedConfig() {
    SlackConfig config = new SlackConfig();
    int millis = (int) CALL_TIMEOUT.toMillis();
    config.setHttpClientReadTimeoutMillis(millis);
    config.setHttpClientWriteTimeoutMillis(millis);
    config.setHttpClientCallTimeoutMillis(millis);
    return config;
  }

  /**
   * {@code slack} itself when its calls are already bounded by {@link #CALL_TIMEOUT} or less, else
   * the same client (configuration, connection pool) with that call timeout.
   */
  public static Slack bounded(Slack slack) {
    OkHttpClient http = slack.getHttpClient().getOkHttpClient();
    int callTimeout = http.callTimeoutMillis();
    if (callTimeout > 0 && callTimeout <= CALL_TIMEOUT.toMillis()) {
      return slack;
    }
    return Slack.getInstance(
        slack.getConfig(),
        new SlackHttpClient(http.newBuilder().callTimeout(CALL_TIMEOUT).build()));
  }

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
    return ExpectedFailures.paced(
        "Slack " + method + " rate limited; retry after " + seconds + " s",
        Duration.ofSeconds(seconds));
  }
}
