package io.incidentresponse.starter.webhook;

/** Missing or wrong credentials: 401, nothing started. */
public class UnauthorizedException extends RuntimeException {
  private final String challenge;

  public UnauthorizedException(String detail, String challenge) {
    super(detail);
    this.challenge = challenge;
  }

  /** The WWW-Authenticate challenge, or null. */
  public String challenge() {
    return challenge;
  }
}
