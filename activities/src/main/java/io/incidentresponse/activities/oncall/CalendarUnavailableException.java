package io.incidentresponse.activities.oncall;

/** A rotation's calendar could not be read or parsed; the message names the calendar. */
final class CalendarUnavailableException extends RuntimeException {
  CalendarUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
