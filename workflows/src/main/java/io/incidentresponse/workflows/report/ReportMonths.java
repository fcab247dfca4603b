package io.incidentresponse.workflows.report;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * Which month a report covers. Pure and deterministic: the caller passes "now" (workflow time in
 * the workflow, the clock in the starter), so the workflow and the REST API agree.
 */
public final class ReportMonths {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM").withResolverStyle(ResolverStyle.STRICT);

  private ReportMonths() {}

  /**
   * The month named by {@code month} ({@code yyyy-MM}), or the month before {@code now} in UTC when
   * it is null or blank.
   *
   * @throws IllegalArgumentException when it is not {@code yyyy-MM} or lies after {@code now}'s
   *     month (the current month is allowed: a report so far)
   */
  public static YearMonth resolve(String month, Instant now) {
    YearMonth current = YearMonth.from(now.atOffset(ZoneOffset.UTC));
    if (month == null || month.isBlank()) {
      return current.minusMonths(1);
    }
    YearMonth parsed;
    try {
      parsed = YearMonth.parse(month.trim(), FORMAT);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "month must be yyyy-MM (e.g. 2026-10), not '" + month + "'");
    }
    if (parsed.isAfter(current)) {
      throw new IllegalArgumentException(
          "month " + parsed + " is in the future (now is " + current + " UTC)");
    }
    return parsed;
  }
}
