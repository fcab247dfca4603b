package io.incidentresponse.starter.incident;

import java.time.Duration;

/**
 * Temporal is reachable but the incident did not answer a query or update in time: its worker is
 * busy or down. The caller gets 504; an update may still be applied once the worker answers.
 */
public class IncidentDidNotAnswerException extends RuntimeException {
  private final String incidentId;
  private final Duration deadline;
  private final boolean outcomeUnknown;

  public IncidentDidNotAnswerException(
      String incidentId, Duration deadline, boolean outcomeUnknown, Throwable cause) {
    super("incident " + incidentId + " did not answer within " + deadline, cause);
    this.incidentId = incidentId;
    this.deadline = deadline;
    this.outcomeUnknown = outcomeUnknown;
  }

  public String incidentId() {
    return incidentId;
  }

  public Duration deadline() {
    return deadline;
  }

  /** True for an update: it may still be applied when the worker is back. */
  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }
}
