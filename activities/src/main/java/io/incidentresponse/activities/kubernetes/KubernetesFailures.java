package io.incidentresponse.activities.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.incidentresponse.workflows.failures.ExpectedFailures;
import io.incidentresponse.workflows.failures.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Supplier;

/**
 * Kubernetes API failures classified where they happen: 401/403 bad credentials (or RBAC) and 404
 * are final; 409 (a stale resourceVersion) and 429 (an eviction a PodDisruptionBudget refuses, or
 * API priority and fairness) are retried; 5xx, timeouts and an unreachable API server are retried.
 */
public final class KubernetesFailures {
  private KubernetesFailures() {}

  /** Runs {@code call}; a fabric8 failure comes out as a typed {@link ApplicationFailure}. */
  public static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw classify(what, e);
    }
  }

  /** {@code e} as the failure its status code calls for; {@code what} says what was asked. */
  public static ApplicationFailure classify(String what, KubernetesClientException e) {
    String message = "Kubernetes " + what + ": " + reason(e);
    if (e instanceof KubernetesClientTimeoutException) {
      return ApplicationFailure.newFailure(message, FailureType.UNAVAILABLE.type());
    }
    int code = e.getCode();
    if (code == 401 || code == 403) {
      return ApplicationFailure.newNonRetryableFailure(
          message, FailureType.INVALID_CREDENTIALS.type());
    }
    if (code == 404) {
      return ApplicationFailure.newNonRetryableFailure(message, FailureType.NOT_FOUND.type());
    }
    if (code == 409) {
      return ApplicationFailure.newFailure(message, FailureType.CONFLICT.type());
    }
    if (code == 429) {
      return ExpectedFailures.paced(message, null);
    }
    if (code == 400 || code == 422) {
      return ApplicationFailure.newNonRetryableFailure(message, FailureType.BAD_REQUEST.type());
    }
    // 0 (no answer: connection refused, DNS, TLS) and 5xx.
    return ApplicationFailure.newFailure(message, FailureType.UNAVAILABLE.type());
  }

  private static String reason(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getCode() + " " + e.getStatus().getMessage();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    if (e.getCode() > 0) {
      return e.getCode() + " " + text;
    }
    boolean timedOut =
        root instanceof java.util.concurrent.TimeoutException
            || root instanceof java.net.SocketTimeoutException
            || text.toLowerCase(java.util.Locale.ROOT).contains("timeout");
    return (timedOut ? "timed out: " : "unreachable: ") + text;
  }
}
