package io.incidentresponse.starter.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The text of Slack's {@code /incident} command: {@code declare <P0..P3> <service> <title>}, the
 * title in quotes or as the rest of the line. Slack escapes {@code &}, {@code <} and {@code >} in
 * the text, and its clients turn straight quotes into curly ones; both are undone here.
 *
 * @param severity P0..P3
 * @param service the service as typed
 * @param title the incident's title
 */
record SlackCommand(String severity, String service, String title) {
  static final String USAGE =
      "Usage: /incident declare <P0|P1|P2|P3> <service> \"<what is wrong>\"\n"
          + "e.g. /incident declare P1 checkout \"card payments failing\"";

  private static final Pattern SEVERITY = Pattern.compile("P[0-3]");

  /** The declaration the text asks for, or empty (then {@link #USAGE} is the answer). */
  static Optional<SlackCommand> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String plain =
        text.replace('\u201c', '"')
            .replace('\u201d', '"')
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
            .strip();
    String[] head = plain.split("\\s+", 4);
    if (head.length < 4 || !"declare".equalsIgnoreCase(head[0])) {
      return Optional.empty();
    }
    String severity = head[1].toUpperCase(Locale.ROOT);
    if (!SEVERITY.matcher(severity).matches()) {
      return Optional.empty();
    }
    String title = unquoted(head[3].strip());
    if (title.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new SlackCommand(severity, head[2], title));
  }

  /** {@code "card payments failing"} without its quotes; unbalanced quotes are kept as typed. */
  private static String unquoted(String title) {
    List<Character> quotes = new ArrayList<>(List.of('"', '\''));
    if (title.length() >= 2
        && quotes.contains(title.charAt(0))
        && title.charAt(title.length() - 1) == title.charAt(0)) {
      return title.substring(1, title.length() - 1).strip();
    }
    return title;
  }
}
