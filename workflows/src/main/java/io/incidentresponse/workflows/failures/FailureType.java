package io.incidentresponse.workflows.failures;

/**
 * Failure types that activities put on an {@code ApplicationFailure}. The non-retryable ones are
 * thrown with {@code ApplicationFailure.newNonRetryableFailure}; workflows match on the type. The
 * expected outcomes ({@link #GUARDRAIL}, {@link #NOT_CONFIGURED}, {@link #RATE_LIMITED}) are built
 * only by {@link ExpectedFailures}, so the worker log does not show them as stack traces.
 */
public enum FailureType {
  /** Credentials missing, wrong or revoked (Slack invalid_auth, HTTP 401/403). Not retryable. */
  INVALID_CREDENTIALS,
  /** The thing to act on does not exist (HTTP 404, channel_not_found). Not retryable. */
  NOT_FOUND,
  /** The request itself is wrong (HTTP 400/422). Not retryable. */
  BAD_REQUEST,
  /**
   * A guardrail refused the action: namespace not allowed, replica bound, action limit. Expected:
   * {@link ExpectedFailures#refused}.
   */
  GUARDRAIL,
  /**
   * The integration has no settings (no token, no URL): reported, never a silent success. Expected:
   * {@link ExpectedFailures#notConfigured}.
   */
  NOT_CONFIGURED,
  /**
   * The object changed under us (HTTP 409, a stale resourceVersion, an eviction refused by a
   * PodDisruptionBudget): retried, since the next attempt reads the new state.
   */
  CONFLICT,
  /**
   * The remote asked us to slow down, or the worker's own pacer did; retried after its Retry-After.
   * Expected: {@link ExpectedFailures#paced}.
   */
  RATE_LIMITED,
  /** The remote is down or answered 5xx; retried with backoff. */
  UNAVAILABLE;

  /** The type string as it appears on the failure. */
  public String type() {
    return name();
  }
}
