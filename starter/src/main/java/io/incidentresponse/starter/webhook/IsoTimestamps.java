package io.incidentresponse.starter.webhook;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 timestamps with an offset ({@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}), read without
 * the formatter when they have the shape every alert source sends: {@code
 * 2026-11-29T14:00:00[.fraction](Z|+hh:mm|-hh:mm)}. The formatter's general parse costs
 * microseconds per timestamp, and a delivery of 100 alerts has 200. Any other text, and any value
 * out of range, goes to the formatter, so what is accepted, its instant and every refusal stay the
 * formatter's.
 */
final class IsoTimestamps {
  private IsoTimestamps() {}

  /**
   * The instant of {@code text}.
   *
   * @throws java.time.format.DateTimeParseException as {@link OffsetDateTime#parse(CharSequence,
   *     DateTimeFormatter)} with {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}
   */
  static Instant parse(String text) {
    Instant common = common(text);
    return common != null
        ? common
        : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
  }

  /** The instant of a timestamp of the common shape; null for any other text or a bad value. */
  private static Instant common(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
        nanos = nanos * 10 + (s.charAt(i) - '0');
        i++;
      }
      if (i == start || (i < n && isDigit(s.charAt(i)))) {
        return null;
      }
      for (int scale = i - start; scale < 9; scale++) {
        nanos *= 10;
      }
    }
    ZoneOffset offset = offset(s, i);
    if (offset == null) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(offset);
    } catch (DateTimeException outOfRange) {
      return null;
    }
  }

  /** {@code Z}, {@code +hh:mm} or {@code -hh:mm} ending the text at {@code i}; else null. */
  private static ZoneOffset offset(String s, int i) {
    int n = s.length();
    if (i == n - 1 && s.charAt(i) == 'Z') {
      return ZoneOffset.UTC;
    }
    if (i != n - 6 || s.charAt(i + 3) != ':') {
      return null;
    }
    char sign = s.charAt(i);
    int hours = digits(s, i + 1, 2);
    int minutes = digits(s, i + 4, 2);
    if ((sign != '+' && sign != '-') || hours < 0 || minutes < 0 || minutes > 59) {
      return null;
    }
    try {
      return sign == '+'
          ? ZoneOffset.ofHoursMinutes(hours, minutes)
          : ZoneOffset.ofHoursMinutes(-hours, -minutes);
    } catch (DateTimeException outOfRange) {
      return null;
    }
  }

  /** The value of {@code count} decimal digits at {@code from}; -1 when one is not a digit. */
  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
