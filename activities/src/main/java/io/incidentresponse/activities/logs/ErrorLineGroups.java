package io.incidentresponse.activities.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Error lines of logs, recognized, masked and grouped, so the thousand repeats of one failure count
 * as one message with its number and where it came from. Shared by the log probes: pod logs and
 * Loki group raw lines here; Elasticsearch groups on its own side (a terms aggregation) and shares
 * only {@link #oneLine} and {@link #counted}.
 *
 * <p>An error line is one with an upper-case level word ({@code ERROR}, {@code FATAL}, {@code
 * CRITICAL}, {@code SEVERE}, {@code PANIC}), a Java exception name, {@code level=error}, a
 * bracketed {@code [error]} (nginx, Envoy), a Go {@code panic:}, a line starting {@code error:}, a
 * klog {@code E}/{@code F} line or a Python traceback. A JSON line is judged by its level field
 * when it has one (an INFO line that mentions an exception is no error; pino's numeric 50/60 count)
 * and grouped on its level, message ({@code msg}, {@code message}) and error ({@code error}, {@code
 * err}) fields. Timestamps, UUIDs, hex ids and numbers are masked ({@code <time>}, {@code <uuid>},
 * {@code <hex>}, {@code <n>}), the leading time dropped and runs of blanks made one before
 * grouping. Every input is bounded: a line is looked at up to {@value #MAX_SCANNED} characters, a
 * message kept up to {@value #MAX_MESSAGE}, at most {@code maxDistinct} messages are kept (later
 * new ones count as other messages), at most {@value #MAX_SOURCES} sources named per message. Not
 * thread-safe: one instance per probe call.
 */
public final class ErrorLineGroups {
  /** A message is cut here, in evidence and in facts. */
  public static final int MAX_MESSAGE = 200;

  static final int MAX_SCANNED = 2_000;
  static final int MAX_SOURCES = 5;

  private static final Pattern ERROR =
      Pattern.compile(
          "\\b(?:ERROR|FATAL|CRITICAL|SEVERE|PANIC)\\b"
              + "|Exception\\b"
              + "|(?i:\"(?:level|severity|lvl)\"\\s*:\\s*\"(?:error|err|fatal|panic|critical|crit)\")"
              + "|\"level\"\\s*:\\s*(?:50|60)\\b"
              + "|(?i:\\[(?:error|err|crit|critical|alert|emerg|fatal)\\])"
              + "|(?i:\\b(?:level|severity|lvl)=\"?(?:error|err|fatal|panic|critical|crit)\\b)"
              + "|^(?i:panic|fatal error|error):"
              + "|^[EF]\\d{4} \\d{2}:\\d{2}:\\d{2}"
              + "|^Traceback \\(most recent call last\\)");
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "\\d{4}[-/]\\d{2}[-/]\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2})?(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?)?"
              + "|\\b\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?");
  private static final Pattern LEADING_TIME = Pattern.compile("^[\\[\\s]*<time>[\\]\\s]*");
  private static final Pattern UUID =
      Pattern.compile(
          "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
  private static final Pattern HEX =
      Pattern.compile(
          "\\b0x[0-9a-fA-F]+\\b|\\b(?=[0-9a-fA-F]*\\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{6,}\\b");
  // Digits not glued to a letter before them: "1234ms" and ":8080" are masked, "v2", "s3" not.
  private static final Pattern NUMBER = Pattern.compile("(?<![A-Za-z_])\\d+(?:\\.\\d+)*");
  private static final Pattern ERROR_LEVEL =
      Pattern.compile("(?i)error|err|fatal|panic|critical|crit|alert|emerg|50|60");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int maxDistinct;
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private long lines;
  private long errorLines;

  /** At most {@code maxDistinct} distinct messages are kept; later new ones count as others. */
  public ErrorLineGroups(int maxDistinct) {
    this.maxDistinct = maxDistinct;
  }

  /** One message, how often it was seen, and where (pods, streams). */
  public record Group(String message, long count, SortedSet<String> sources) {
    /** {@code 812 × message (pod-a, pod-b)}. */
    public String describe() {
      return counted(count, message)
          + (sources.isEmpty() ? "" : " (" + String.join(", ", sources) + ")");
    }
  }

  /**
   * Reads one log line from {@code source}; counts it, and groups it when it is an error line.
   *
   * @return whether it was an error line
   */
  public boolean add(String line, String source) {
    lines++;
    if (line == null) {
      return false;
    }
    String scanned = line.length() > MAX_SCANNED ? line.substring(0, MAX_SCANNED) : line;
    JsonNode json = json(scanned);
    String level = json == null ? null : first(json, "level", "severity", "lvl", "log.level");
    // A structured line says its level: an INFO line that mentions an exception is no error.
    boolean error = level != null ? ERROR_LEVEL.matcher(level).matches() : isError(scanned);
    if (!error) {
      return false;
    }
    errorLines++;
    String text = json == null ? scanned : message(json, scanned);
    // Masking never shortens below half: what lies beyond twice the kept length is cut anyway.
    String masked =
        mask(text.length() > 2 * MAX_MESSAGE ? text.substring(0, 2 * MAX_MESSAGE) : text);
    // The leading time is on every line and says nothing; runs of padding are layout.
    String key =
        oneLine(LEADING_TIME.matcher(masked).replaceFirst("").replaceAll("\\s+", " "), MAX_MESSAGE);
    Group group = groups.get(key);
    if (group == null) {
      if (groups.size() >= maxDistinct) {
        return true;
      }
      group = new Group(key, 0, new TreeSet<>());
    }
    SortedSet<String> sources = group.sources();
    if (source != null && sources.size() < MAX_SOURCES) {
      sources.add(source);
    }
    groups.put(key, new Group(key, group.count() + 1, sources));
    return true;
  }

  /** Lines read, error or not. */
  public long lines() {
    return lines;
  }

  /** Error lines among them. */
  public long errorLines() {
    return errorLines;
  }

  /** The {@code n} most frequent messages, most frequent first; ties in the order first seen. */
  public List<Group> top(int n) {
    List<Group> sorted = new ArrayList<>(groups.values());
    sorted.sort(Comparator.comparingLong(Group::count).reversed());
    return Collections.unmodifiableList(sorted.subList(0, Math.min(n, sorted.size())));
  }

  /** Error lines that are not in {@link #top top(n)}. */
  public long othersThan(int n) {
    return errorLines - top(n).stream().mapToLong(Group::count).sum();
  }

  /** Whether {@code line} reads as an error line (see the class comment). */
  public static boolean isError(String line) {
    return line != null && ERROR.matcher(line).find();
  }

  /** {@code text} with timestamps, UUIDs, hex ids and numbers masked. */
  public static String mask(String text) {
    String masked = TIMESTAMP.matcher(text).replaceAll("<time>");
    masked = UUID.matcher(masked).replaceAll("<uuid>");
    masked = HEX.matcher(masked).replaceAll("<hex>");
    return NUMBER.matcher(masked).replaceAll("<n>");
  }

  /** {@code text} on one line (line breaks as ⏎), stripped, cut at {@code max} with an ellipsis. */
  public static String oneLine(String text, int max) {
    String oneLine = text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ⏎ ");
    return oneLine.length() > max ? oneLine.substring(0, max) + "…" : oneLine;
  }

  /** {@code 812 × message}. */
  public static String counted(long count, String message) {
    return count + " × " + message;
  }

  /** The line as a JSON object, or null when it is not one. */
  private static JsonNode json(String line) {
    String trimmed = line.strip();
    if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
      return null;
    }
    try {
      JsonNode json = JSON.readTree(trimmed);
      return json.isObject() ? json : null;
    } catch (IOException notJson) {
      return null;
    }
  }

  /**
   * What a JSON line says: its level, message and error fields, so its changing fields (time,
   * request id) do not split a group; the whole line when it has neither message nor error.
   */
  private static String message(JsonNode json, String line) {
    String text = first(json, "msg", "message", "@message");
    String error = first(json, "error", "err", "exception", "error.message");
    if (text == null && error == null) {
      return line.strip();
    }
    String level = first(json, "level", "severity", "lvl", "log.level");
    StringBuilder out = new StringBuilder();
    if (level != null) {
      out.append('[').append(level).append("] ");
    }
    out.append(text == null ? error : text);
    if (text != null && error != null && !error.equals(text)) {
      out.append(": ").append(error);
    }
    return out.toString();
  }

  private static String first(JsonNode json, String... fields) {
    for (String field : fields) {
      JsonNode value = json.get(field);
      if (value != null && !value.isNull()) {
        return value.isValueNode() ? value.asText() : value.toString();
      }
    }
    return null;
  }
}
