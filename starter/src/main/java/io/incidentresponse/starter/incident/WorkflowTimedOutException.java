package io.incidentresponse.starter.incident;

import java.time.Duration;

/**
 * A workflow a request started and waits for (a health check, an on-call lookup) did not finish in
 * time: {@code 504} with the problem type {@code <kind>-timeout}, most likely no worker is running.
 */
public class WorkflowTimedOutException extends RuntimeException {
  private final String kind;
  private final String title;
  private final Duration timeout;

  /**
   * @param workflowId the run waited for
   * @param what what it is, for people ({@code health check})
   * @param kind the problem type's stem ({@code health-check})
   * @param timeout how long it was waited for
   */
  public WorkflowTimedOutException(String workflowId, String what, String kind, Duration timeout) {
    super(
        "the "
            + what
            + " "
            + workflowId
            + " did not finish within "
            + timeout.toSeconds()
            + " s; is a worker running?");
    this.kind = kind;
    this.title = Character.toUpperCase(what.charAt(0)) + what.substring(1) + " timed out";
    this.timeout = timeout;
  }

  public String kind() {
    return kind;
  }

  public String title() {
    return title;
  }

  public Duration timeout() {
    return timeout;
  }
}
