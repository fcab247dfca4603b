package io.incidentresponse.workflows.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class ReportMonthsTest {

  @Test
  void noMonth_justAfterNewYearInUtc_isDecemberOfTheYearBefore() {
    assertThat(ReportMonths.resolve(null, Instant.parse("2027-01-01T00:30:00Z")))
        .isEqualTo(YearMonth.of(2026, 12));
  }

  @Test
  void noMonth_usesUtc_notTheLocalZone() {
    // 23:30 UTC on 31 October is already November in Berlin; the report is still for September.
    assertThat(ReportMonths.resolve("", Instant.parse("2026-10-31T23:30:00Z")))
        .isEqualTo(YearMonth.of(2026, 9));
  }

  @Test
  void explicitMonth_isParsedStrictly() {
    Instant now = Instant.parse("2026-11-26T12:00:00Z");

    assertThat(ReportMonths.resolve("2026-10", now)).isEqualTo(YearMonth.of(2026, 10));
    assertThat(ReportMonths.resolve(" 2025-01 ", now)).isEqualTo(YearMonth.of(2025, 1));
    assertThatThrownBy(() -> ReportMonths.resolve("2026-1", now))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("yyyy-MM");
    assertThatThrownBy(() -> ReportMonths.resolve("October", now))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReportMonths.resolve("2027-01", now))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("future");
  }
}
