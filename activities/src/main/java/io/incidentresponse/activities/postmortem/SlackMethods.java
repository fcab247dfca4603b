package io.incidentresponse.activities.postmortem;

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
 * One Slack Web API call with its failures classified, the same way as the chat activities' ({@code
 * activities.slack.SlackCalls}, which is package-private there): rate limits retried after
 * Retry-After, bad credentials and missing channels not retried. Adds the classification of {@code
 * files.uploadV2}, whose three steps fail with their own exception.
 */
final class SlackMethods {
  private static final Set<String> CREDENTIALS =
      Set.of("invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired");
  private static final Set<String> NOT_FOUND =
      Set.of(
          "channel_not_found",
          "not_in_channel",
          "is_archived",
          "user_not_found",
          "users_not_found");
  private static final char ZWSP = '\u200B';

  interface Call<T extends SlackApiTextResponse> {
    T call() throws IOException, SlackApiException;
  }

  private SlackMethods() {}

  static <T extends SlackApiTextResponse> T run(String method, Call<T> call) {
    T response;
    try {
      response = call.call();
    } catch (SlackApiException e) {
      throw fromApiException(method, e);
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "Slack " + method + " unreachable: " + e.getMessage(), FailureType.UNAVAILABLE.type());
    } catch (SlackFilesUploadV2Exception e) {
      throw fromUpload(e);
    }
    if (response.isOk()) {
      return response;
    }
    throw classify(method, response.getError());
  }

  private static ApplicationFailure fromApiException(String method, SlackApiException e) {
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

  /** The step of files.uploadV2 that failed, classified by its error. */
  private static ApplicationFailure fromUpload(SlackFilesUploadV2Exception e) {
    if (e.getCompleteResponse() != null && !e.getCompleteResponse().isOk()) {
      return classify("files.completeUploadExternal", e.getCompleteResponse().getError());
    }
    for (FilesUploadV2Response.UploadResponse upload : e.getUploadResponses().values()) {
      if (upload.getCode() != 200) {
        return ApplicationFailure.newFailure(
            "Slack file upload answered HTTP " + upload.getCode(), FailureType.UNAVAILABLE.type());
      }
    }
    for (FilesGetUploadURLExternalResponse url : e.getGetURLResponses()) {
      if (!url.isOk()) {
        return classify("files.getUploadURLExternal", url.getError());
      }
    }
    return ApplicationFailure.newFailure(
        "Slack files.uploadV2 failed", FailureType.UNAVAILABLE.type());
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

  /**
   * Text from incidents made safe in mrkdwn: {@code & < >} escaped, broadcasts broken, and the
   * formatting markers fenced (as the chat activities' {@code SlackText} does).
   */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    for (String broadcast : new String[] {"@channel", "@here", "@everyone"}) {
      escaped = escaped.replace(broadcast, "@" + ZWSP + broadcast.substring(1));
    }
    StringBuilder out = new StringBuilder(escaped.length());
    for (char c : escaped.toCharArray()) {
      if (c == '*' || c == '_' || c == '~' || c == '`') {
        out.append(ZWSP).append(c).append(ZWSP);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code <url|text>} for a web link, else the location as code. */
  static String link(String url, String location, String text) {
    if (ReviewCalendar.isWebLink(url)) {
      return "<" + url.replace(">", "%3E").replace("|", "%7C") + "|" + escape(text) + ">";
    }
    if (ReviewCalendar.isWebLink(location)) {
      return "<" + location.replace(">", "%3E").replace("|", "%7C") + "|" + escape(text) + ">";
    }
    return location == null ? "(not published)" : "`" + location.replace("`", "'") + "`";
  }

  /** A Slack user id ({@code U0123ABCD}, {@code W0123ABCD}): can get a direct message. */
  static boolean isUserId(String who) {
    return who != null && who.trim().matches("[UW][A-Z0-9]{6,}");
  }

  /** How to name someone in a message: a mention for a user id, else the name. */
  static String mention(String who) {
    if (who == null || who.isBlank()) {
      return "nobody (not configured)";
    }
    return isUserId(who) ? "<@" + who.trim() + ">" : escape(who.trim());
  }
}
