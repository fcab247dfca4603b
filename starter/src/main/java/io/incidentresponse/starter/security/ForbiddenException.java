package io.incidentresponse.starter.security;

/** The caller is known and may not do this: 403 naming the field when one is to blame. */
public class ForbiddenException extends RuntimeException {
  private final String field;

  public ForbiddenException(String field, String detail) {
    super(detail);
    this.field = field;
  }

  /** The offending field of the body, or null. */
  public String field() {
    return field;
  }
}
