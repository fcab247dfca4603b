package io.incidentresponse.activities.postmortem;

import static io.incidentresponse.activities.postmortem.PostmortemRenderer.TO_COMPLETE;

import io.incidentresponse.workflows.HumanDuration;
import io.incidentresponse.workflows.diagnosis.DiagnosisProbe;
import io.incidentresponse.workflows.diagnosis.Finding;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the postmortem writes times, durations, numbers and text taken from the incident: the times
 * in the document's zone, everything else the same in any zone. Pure, as the renderer is.
 */
final class DocumentFormat {
  /** Longest text in one table cell; a longer one is cut with an ellipsis. */
  static final int MAX_CELL = 400;

  private final ZoneId zone;
  private final DateTimeFormatter clock;
  private final DateTimeFormatter dayAndClock;
  private final DateTimeFormatter full;
  private final DateTimeFormatter gantt;

  DocumentFormat(ZoneId zone) {
    this.zone = zone;
    this.clock = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(zone);
    this.dayAndClock = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(zone);
    this.full = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT).withZone(zone);
    this.gantt = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(zone);
  }

  ZoneId zone() {
    return zone;
  }

  String zoneName() {
    return zone.getId();
  }

  /** {@code 14:05}; {@code -} for no time. */
  String clockOf(Instant at) {
    return at == null ? "-" : clock.format(at);
  }

  /** {@code 11-26 14:05}, for a timeline that spans days. */
  String dayAndClockOf(Instant at) {
    return dayAndClock.format(at);
  }

  /** {@code 2026-11-26 14:05 UTC}. */
  String fullOf(Instant at) {
    return full.format(at);
  }

  /** {@code 2026-11-26 14:05}, as the Mermaid gantt's {@code dateFormat} reads it. */
  String ganttOf(Instant at) {
    return gantt.format(at);
  }

  /** A table cell: one line, {@code |} escaped, newlines as {@code <br>}, bounded. */
  static String cell(String text) {
    if (text == null) {
      return "";
    }
    String value = text.strip().replace("\r\n", "\n").replace('\r', '\n');
    if (value.length() > MAX_CELL) {
      value = value.substring(0, MAX_CELL - 1) + "…";
    }
    return value.replace("|", "\\|").replace("\n", "<br>");
  }

  /** Inline text in a list or heading: one line. */
  static String line(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  /** Bullet lines, then the prompt for what the review adds, and a blank line. */
  static void bullets(StringBuilder out, List<String> lines, String prompt) {
    for (String text : lines) {
      out.append("- ").append(text).append('\n');
    }
    out.append("- ").append(TO_COMPLETE).append(": ").append(prompt).append("\n\n");
  }

  /** From {@code from} to {@code to}, never negative. */
  static Duration between(Instant from, Instant to) {
    Duration duration = Duration.between(from, to);
    return duration.isNegative() ? Duration.ZERO : duration;
  }

  /** {@code 45s}, {@code 40m}, {@code 1h 5m}, {@code 2d 3h}, as the incident's own texts. */
  static String duration(Duration duration) {
    return HumanDuration.format(duration);
  }

  /** {@code 12,345 USD}, rounded to whole units. */
  static String money(BigDecimal amount, String currency) {
    BigDecimal rounded = amount.setScale(0, RoundingMode.HALF_UP);
    return String.format(Locale.ROOT, "%,d", rounded.longValueExact()) + " " + currency;
  }

  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** {@code 0.999} as {@code 99.9%}. */
  static String percent(double ratio) {
    return BigDecimal.valueOf(ratio).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
  }

  /** {@code POD_HEALTH} as {@code Pod health}. */
  static String probe(DiagnosisProbe probe) {
    if (probe == null) {
      return "Unknown probe";
    }
    String words = probe.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /** {@code Probe: summary; Probe: summary}, for findings named in a sentence. */
  static String findings(List<Finding> findings) {
    List<String> parts = new ArrayList<>();
    for (Finding finding : findings) {
      parts.add(
          probe(finding.probe())
              + (finding.summary() == null || finding.summary().isBlank()
                  ? ""
                  : ": " + line(finding.summary())));
    }
    return String.join("; ", parts);
  }

  static String status(ActionStatus status) {
    return status == null ? "unknown" : status.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  static String itemStatus(ActionItemStatus status) {
    if (status == null) {
      return "Open";
    }
    return switch (status) {
      case OPEN -> "Open";
      case IN_PROGRESS -> "In progress";
      case DONE -> "Done";
      case WONT_DO -> "Won't do";
    };
  }

  /** An ISO-8601 instant from a finding's fact; null when absent or not one. */
  static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String orEmpty(String text) {
    return text == null ? "" : text;
  }

  static String orDash(String text) {
    return text == null || text.isBlank() ? "-" : text;
  }
}
