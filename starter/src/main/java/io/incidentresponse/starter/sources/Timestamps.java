package io.incidentresponse.starter.sources;

import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.starter.webhook.InputLimits;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;

/** The timestamps vendors send: ISO-8601 with an offset, or Unix time in seconds or millis. */
final class Timestamps {
  /** Numbers below this are seconds (until the year 5138), at or above it milliseconds. */
  private static final long MILLIS_FROM = 100_000_000_000L;

  private Timestamps() {}

  /**
   * The time at {@code field} of a vendor's payload, within the accepted age and lead ({@code
   * incident.limits.timestamp-*}); {@code fallback} when the payload has none.
   */
  static Instant at(JsonNode body, String field, Instant fallback, InputLimits limits) {
    String value = Nodes.text(body, field);
    return value == null ? fallback : limits.recent(field, parse(field, value));
  }

  /** {@code value} (a string or a number) as an instant; 422 naming {@code field} otherwise. */
  static Instant parse(String field, Object value) {
    try {
      if (value instanceof Number number) {
        return epoch(new BigDecimal(number.toString()));
      }
      if (value instanceof String text && !text.isBlank()) {
        String trimmed = text.trim();
        if (trimmed.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.')) {
          return epoch(new BigDecimal(trimmed));
        }
        return OffsetDateTime.parse(trimmed, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      }
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      // refused below
    }
    throw BadInputException.invalid(
        field,
        field
            + " must be an ISO-8601 timestamp with an offset (2026-11-29T14:00:00Z) or a Unix"
            + " time in seconds or milliseconds");
  }

  private static Instant epoch(BigDecimal number) {
    if (number.signum() < 0) {
      throw new ArithmeticException("before 1970");
    }
    BigDecimal millis =
        number.compareTo(BigDecimal.valueOf(MILLIS_FROM)) >= 0 ? number : number.movePointRight(3);
    return Instant.ofEpochMilli(millis.setScale(0, RoundingMode.DOWN).longValueExact());
  }
}
