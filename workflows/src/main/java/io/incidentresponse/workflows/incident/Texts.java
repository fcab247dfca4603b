package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.HumanDuration;
import io.incidentresponse.workflows.drill.DrillMark;
import io.incidentresponse.workflows.mitigation.MitigationResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Formatting of times and durations for people; deterministic, so usable in workflow code. */
final class Texts {
  private static final DateTimeFormatter CHANNEL = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

  private Texts() {}

  /** Slack's limit on channel names. */
  static final int CHANNEL_NAME_MAX = 80;

  private static final int CHANNEL_SERVICE_MAX = 40;

  /**
   * {@code incident-YYYY-MM-DD-HHMM-<service>-<6 hex>}: the runbook's name in the policy's zone,
   * made unique to this incident without asking Slack (the hash of the incident id and its
   * detection time), so a storm of incidents in one minute never competes for one name. At most
   * {@value #CHANNEL_NAME_MAX} characters, of Slack's alphabet. A drill's channel is {@code
   * incident-drill-...}: the sidebar and every link to it say so, not only a topic anyone can edit.
   */
  static String channelName(
      Instant detectedAt, ZoneId zone, String service, String incidentId, boolean drill) {
    String slug =
        (service == null ? "" : service)
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("(^-+|-+$)", "");
    if (slug.length() > CHANNEL_SERVICE_MAX) {
      slug = slug.substring(0, CHANNEL_SERVICE_MAX).replaceAll("-+$", "");
    }
    return (drill ? DrillMark.CHANNEL_PREFIX : "incident-")
        + minute(detectedAt, zone)
        + (slug.isEmpty() ? "" : "-" + slug)
        + "-"
        + hash6(incidentId + "|" + detectedAt.toEpochMilli());
  }

  /** Six hex digits of the SHA-256 of {@code text}: tells bounded names apart. */
  static String hash6(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 3);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code text} cut to {@code max} characters with an ellipsis; null stays null. */
  static String truncated(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    return text.substring(0, max - 1) + "…";
  }

  /**
   * {@code name} cut to {@code max} characters keeping it distinct from other long names: the cut
   * ends in {@code ~} and a hash of the whole. For values with hard limits (search attributes).
   */
  static String boundedName(String name, int max) {
    if (name == null || name.length() <= max) {
      return name;
    }
    return name.substring(0, max - 7) + "~" + hash6(name);
  }

  /**
   * {@code text} safe inline in the Temporal UI's Markdown: HTML is shown, not rendered ({@code
   * <b>} stays text), the punctuation that starts emphasis, code, links, headings or tables is
   * escaped, line breaks become spaces, and control and bidi-override characters (which can make
   * text read backwards) are dropped.
   */
  static String markdown(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r' || c == '\t') {
        out.append(' ');
      } else if (Character.isISOControl(c) || isBidiControl(c)) {
        continue;
      } else if (c == '<') {
        out.append("&lt;");
      } else if (c == '>') {
        out.append("&gt;");
      } else if (c == '&') {
        out.append("&amp;");
      } else if ("\\`*_[]#|~".indexOf(c) >= 0) {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isBidiControl(char c) {
    return (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200E'
        || c == '\u200F'
        || c == '\u061C';
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
    return HumanDuration.format(duration);
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
