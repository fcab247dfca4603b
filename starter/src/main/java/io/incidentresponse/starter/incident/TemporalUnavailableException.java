package io.incidentresponse.starter.incident;

/** Temporal could not be reached: the caller gets 503 with Retry-After, and should retry. */
public class TemporalUnavailableException extends RuntimeException {
  public TemporalUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
