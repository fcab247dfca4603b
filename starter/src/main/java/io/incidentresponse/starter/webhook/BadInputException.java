package io.incidentresponse.starter.webhook;

import org.springframework.http.HttpStatus;

/** Input that is refused with a 4xx problem+json naming the field; nothing is started. */
public class BadInputException extends RuntimeException {
  private final HttpStatus status;
  private final String field;

  public BadInputException(HttpStatus status, String field, String detail) {
    super(detail);
    this.status = status;
    this.field = field;
  }

  public static BadInputException missing(String field) {
    return new BadInputException(HttpStatus.UNPROCESSABLE_CONTENT, field, field + " is required");
  }

  public static BadInputException invalid(String field, String detail) {
    return new BadInputException(HttpStatus.UNPROCESSABLE_CONTENT, field, detail);
  }

  /**
   * A value as a refusal may show it: quoted, at most 24 characters (then an ellipsis), control
   * characters replaced, so that no answer repeats a huge or hostile value.
   */
  public static String shown(String value) {
    String start = value.length() <= 24 ? value : value.substring(0, 24) + "…";
    return "\"" + start.replaceAll("\\p{Cntrl}", "?") + "\"";
  }

  public HttpStatus status() {
    return status;
  }

  /** The JSON path of the offending field, e.g. {@code alerts[2].startsAt}, or null. */
  public String field() {
    return field;
  }
}
