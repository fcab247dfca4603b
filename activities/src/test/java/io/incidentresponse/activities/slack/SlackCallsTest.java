package io.incidentresponse.activities.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.SlackFilesUploadV2Exception;
import com.slack.api.methods.response.files.FilesCompleteUploadExternalResponse;
import com.slack.api.methods.response.files.FilesGetUploadURLExternalResponse;
import com.slack.api.methods.response.files.FilesUploadV2Response;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The error-code table every Slack caller shares (chat, postmortem, monthly report), for the codes
 * the MockWebServer tests do not provoke, and the step of {@code files.uploadV2} a failure names.
 */
class SlackCallsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "invalid_auth, INVALID_CREDENTIALS, true",
    "token_expired, INVALID_CREDENTIALS, true",
    "missing_scope, INVALID_CREDENTIALS, true",
    "channel_not_found, NOT_FOUND, true",
    "is_archived, NOT_FOUND, true",
    "users_not_found, NOT_FOUND, true",
    "file_not_found, NOT_FOUND, true",
    "internal_error, UNAVAILABLE, false",
    "fatal_error, UNAVAILABLE, false",
    "request_timeout, UNAVAILABLE, false",
    "invalid_blocks, BAD_REQUEST, true"
  })
  void classify_byErrorCode(String error, FailureType type, boolean nonRetryable) {
    ApplicationFailure failure = SlackCalls.classify("chat.postMessage", error);

    assertThat(failure.getType()).isEqualTo(type.type());
    assertThat(failure.isNonRetryable()).isEqualTo(nonRetryable);
    assertThat(failure.getOriginalMessage()).isEqualTo("Slack chat.postMessage: " + error);
  }

  @Test
  void classify_ratelimitedCode_isRetriedAfterOneSecond() {
    ApplicationFailure failure = SlackCalls.classify("files.uploadV2", "ratelimited");

    assertThat(failure.getType()).isEqualTo(FailureType.RATE_LIMITED.type());
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void bounded_givesAClientWithoutCallTimeoutOne_andKeepsATighterOne() {
    SlackConfig unbounded = new SlackConfig();
    SlackConfig tight = new SlackConfig();
    tight.setHttpClientCallTimeoutMillis(2_000);

    Slack bounded = SlackCalls.bounded(Slack.getInstance(unbounded));
    Slack kept = Slack.getInstance(tight);

    assertThat(Slack.getInstance(unbounded).getHttpClient().getOkHttpClient().callTimeoutMillis())
        .as("the SDK's default")
        .isZero();
    assertThat(bounded.getHttpClient().getOkHttpClient().callTimeoutMillis()).isEqualTo(10_000);
    assertThat(bounded.getConfig()).isSameAs(unbounded);
    assertThat(SlackCalls.bounded(kept)).isSameAs(kept);
    assertThat(SlackCalls.boundedConfig().getHttpClientCallTimeoutMillis()).isEqualTo(10_000);
  }

  @Test
  void classify_unreachable_isUnavailableAndNamesTheMethod() {
    ApplicationFailure failure =
        SlackCalls.classify("files.uploadV2", new IOException("connection refused"));

    assertThat(failure.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage())
        .isEqualTo("Slack files.uploadV2 unreachable: connection refused");
  }

  @Test
  void classifyUpload_givenRefusedUploadUrl_namesThatStep() {
    SlackFilesUploadV2Exception e = new SlackFilesUploadV2Exception();
    FilesGetUploadURLExternalResponse step = new FilesGetUploadURLExternalResponse();
    step.setOk(false);
    step.setError("missing_scope");
    e.getGetURLResponses().add(step);

    ApplicationFailure failure = SlackCalls.classify(e);

    assertThat(failure.getType()).isEqualTo(FailureType.INVALID_CREDENTIALS.type());
    assertThat(failure.getOriginalMessage())
        .isEqualTo("Slack files.getUploadURLExternal: missing_scope");
  }

  @Test
  void classifyUpload_givenBytesRefused_isRetried() {
    SlackFilesUploadV2Exception e = new SlackFilesUploadV2Exception();
    FilesGetUploadURLExternalResponse step = new FilesGetUploadURLExternalResponse();
    step.setOk(true);
    e.getGetURLResponses().add(step);
    e.getUploadResponses()
        .put("F1", FilesUploadV2Response.UploadResponse.builder().code(503).build());

    ApplicationFailure failure = SlackCalls.classify(e);

    assertThat(failure.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).isEqualTo("Slack file upload answered HTTP 503");
  }

  @Test
  void classifyUpload_givenRefusedCompletion_isReportedAsTheUploadItself() {
    SlackFilesUploadV2Exception e = new SlackFilesUploadV2Exception();
    FilesCompleteUploadExternalResponse complete = new FilesCompleteUploadExternalResponse();
    complete.setOk(false);
    complete.setError("file_not_found");
    e.setCompleteResponse(complete);

    ApplicationFailure failure = SlackCalls.classify(e);

    assertThat(failure.getType()).isEqualTo(FailureType.NOT_FOUND.type());
    assertThat(failure.getOriginalMessage()).isEqualTo("Slack files.uploadV2: file_not_found");
  }

  @Test
  void classifyUpload_withoutAFailedStep_isRetried() {
    ApplicationFailure failure = SlackCalls.classify(new SlackFilesUploadV2Exception());

    assertThat(failure.getType()).isEqualTo(FailureType.UNAVAILABLE.type());
    assertThat(failure.getOriginalMessage())
        .isEqualTo("Slack files.uploadV2 failed without an error code");
  }
}
