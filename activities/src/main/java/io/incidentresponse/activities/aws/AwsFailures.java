package io.incidentresponse.activities.aws;

import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * AWS API failures classified where they happen: bad or missing credentials and access denied are
 * final (INVALID_CREDENTIALS), a request AWS calls invalid is final (BAD_REQUEST), throttling is
 * paced, a scaling activity in progress is a retryable CONFLICT, and 5xx, timeouts and an endpoint
 * that does not answer are retried (UNAVAILABLE). Messages carry AWS's error code and message,
 * which never hold the credentials.
 */
final class AwsFailures {
  private AwsFailures() {}

  private static final Set<String> CREDENTIAL_ERRORS =
      Set.of(
          "AccessDenied",
          "AccessDeniedException",
          "UnrecognizedClientException",
          "InvalidClientTokenId",
          "SignatureDoesNotMatch",
          "ExpiredToken",
          "ExpiredTokenException",
          "AuthFailure");

  /** Runs {@code call}; an SDK failure comes out as a typed {@link ApplicationFailure}. */
  static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw classify(what, e);
    }
  }

  static ApplicationFailure classify(String what, SdkException e) {
    if (e instanceof AwsServiceException service) {
      return classify(what, service);
    }
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof SdkClientException && reason.contains("Unable to load credentials")) {
      return ApplicationFailure.newNonRetryableFailure(
          "AWS "
              + what
              + ": no credentials found by the SDK's default chain (set AWS_ACCESS_KEY_ID"
              + " and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a web identity / instance role)",
          FailureType.INVALID_CREDENTIALS.type());
    }
    // No answer: connection refused, DNS, TLS, a call or attempt timeout.
    return ApplicationFailure.newFailure(
        "AWS " + what + ": unreachable: " + reason, FailureType.UNAVAILABLE.type());
  }

  private static ApplicationFailure classify(String what, AwsServiceException e) {
    int status = e.statusCode();
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String text =
        e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
            ? e.getMessage()
            : e.awsErrorDetails().errorMessage();
    String message = "AWS " + what + ": " + status + " " + (code == null ? "" : code + ": ") + text;
    if (e.isThrottlingException() || status == 429) {
      return ExpectedFailures.paced(message, null);
    }
    if (status == 401 || status == 403 || (code != null && CREDENTIAL_ERRORS.contains(code))) {
      return ApplicationFailure.newNonRetryableFailure(
          message, FailureType.INVALID_CREDENTIALS.type());
    }
    if ("ScalingActivityInProgress".equals(code) || "ResourceContention".equals(code)) {
      return ApplicationFailure.newFailure(message, FailureType.CONFLICT.type());
    }
    if (status >= 400 && status < 500) {
      return ApplicationFailure.newNonRetryableFailure(message, FailureType.BAD_REQUEST.type());
    }
    return ApplicationFailure.newFailure(message, FailureType.UNAVAILABLE.type());
  }
}
