package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.activities.MitigationResult;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Formatting of times and durations for people; deterministic, so usable in workflow code. */
final class Texts {
  private static final DateTimeFormatter CHANNEL = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

  private Texts() {}

  /** {@code incident-YYYY-MM-DD-HHMM} in the policy's zone. */
  static String channelName(Instant detectedAt, ZoneId zone) {
    return "incident-" + minute(detectedAt, zone);
  }

  /** {@code YYYY-MM-DD-HHMM} in {@code zone}. */
  static String minute(Instant at, ZoneId zone) {
    return CHANNEL.format(at.atZone(zone));
  }

  static String time(Instant at, ZoneId zone) {
    return at == null ? "-" : TIME.format(at.atZone(zone));
  }

  /** {@code 45s}, {@code 40m}, {@code 1h 20m}, {@code 2d 3h}. */
  static String duration(Duration duration) {
    long seconds = Math.max(0, duration.getSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 48) {
      return hours + "h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + "m");
    }
    return hours / 24 + "d" + (hours % 24 == 0 ? "" : " " + hours % 24 + "h");
  }

  /** A JSON string literal (quotes and backslashes escaped), for signal examples. */
  static String json(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** {@code " (before: replicas=3; after: replicas=10)"}, or empty when the result has neither. */
  static String beforeAfter(MitigationResult result) {
    if (result == null || (isEmpty(result.before()) && isEmpty(result.after()))) {
      return "";
    }
    return " (before: " + pairs(result.before()) + "; after: " + pairs(result.after()) + ")";
  }

  private static boolean isEmpty(Map<String, String> map) {
    return map == null || map.isEmpty();
  }

  private static String pairs(Map<String, String> map) {
    if (isEmpty(map)) {
      return "-";
    }
    // Sorted: activity results are maps whose order JSON does not keep.
    return new TreeMap<>(map)
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", "));
  }
}
