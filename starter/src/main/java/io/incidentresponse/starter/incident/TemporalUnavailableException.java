package io.incidentresponse.starter.incident;

/** Temporal could not be reached: the caller gets 503 with Retry-After, and should retry. */
public class TemporalUnavailableException extends RuntimeException {
  private final boolean outcomeUnknown;

  public TemporalUnavailableException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * @param outcomeUnknown true when the call may have reached Temporal and only its answer is
   *     missing (it ran out of time): what it sent may have been applied
   */
  public TemporalUnavailableException(String message, Throwable cause, boolean outcomeUnknown) {
    super(message, cause);
    this.outcomeUnknown = outcomeUnknown;
  }

  /**
   * Whether the call may have been applied all the same: it ran out of time after it left, so a
   * signal may have landed. False when Temporal refused it or could not be reached.
   */
  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }
}
