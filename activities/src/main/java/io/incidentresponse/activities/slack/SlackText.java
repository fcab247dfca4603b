package io.incidentresponse.activities.slack;

import java.util.regex.Pattern;

/**
 * Makes text that came from alerts safe in Slack mrkdwn, in messages, channel purposes and topics:
 * {@code <}, {@code >} and {@code &} are escaped (so {@code <!channel>} or a crafted link cannot
 * ping or mislead), the broadcast words {@code @channel}, {@code @here}, {@code @everyone} (in any
 * case) are broken with a zero-width space, and the mrkdwn markers {@code * _ ~ `} are fenced with
 * zero-width spaces, so an unbalanced backtick in a title cannot swallow the rest of the message
 * into a code block. Unicode bidirectional controls (e.g. the right-to-left override U+202E, which
 * makes {@code gnp.exe} read as {@code exe.png}) and other control characters are shown as U+FFFD,
 * so a reader sees that something was there instead of text in a misleading order. Also names
 * people: a Slack user id becomes a mention, anything else is escaped text.
 */
public final class SlackText {
  private static final char ZWSP = '\u200B';
  private static final char REPLACEMENT = '\uFFFD';
  private static final Pattern BROADCAST =
      Pattern.compile("@(channel|here|everyone)", Pattern.CASE_INSENSITIVE);
  private static final Pattern LINE_BREAKS = Pattern.compile("\r\n|[\r\n\u2028\u2029\u0085]");

  private SlackText() {}

  /** {@code text} safe in mrkdwn, line breaks kept; {@code null} is the empty string. */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    String lines = LINE_BREAKS.matcher(text).replaceAll("\n");
    StringBuilder out = new StringBuilder(lines.length() + 16);
    for (int i = 0; i < lines.length(); i++) {
      char c = lines.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '*', '_', '~', '`' -> out.append(ZWSP).append(c).append(ZWSP);
        case '\n' -> out.append(c);
        case '\t' -> out.append(' ');
        default -> out.append(isBidiControl(c) || Character.isISOControl(c) ? REPLACEMENT : c);
      }
    }
    return BROADCAST.matcher(out).replaceAll("@" + ZWSP + "$1");
  }

  /**
   * {@code text} for a code block: {@code & < >} escaped (Slack reads {@code <!channel>} even
   * there), controls shown as U+FFFD, a backtick fence broken; mrkdwn markers left as they are.
   */
  public static String inCode(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '`' -> out.append('\'');
        case '\n' -> out.append(c);
        default -> out.append(isBidiControl(c) || Character.isISOControl(c) ? REPLACEMENT : c);
      }
    }
    return out.toString();
  }

  /** {@code text} safe in mrkdwn on one line (a title, a service, a purpose or topic). */
  public static String line(String text) {
    return escape(text == null ? null : LINE_BREAKS.matcher(text).replaceAll(" "));
  }

  /**
   * {@code escaped} cut to at most {@code max} characters, with an ellipsis when cut, never inside
   * an entity such as {@code &amp;} or a surrogate pair.
   */
  public static String truncate(String escaped, int max) {
    if (escaped.length() <= max) {
      return escaped;
    }
    if (max < 1) {
      return "";
    }
    int cut = max - 1;
    int entity = escaped.lastIndexOf('&', cut - 1);
    if (entity >= 0 && escaped.indexOf(';', entity) >= cut) {
      cut = entity;
    }
    if (cut > 0 && Character.isHighSurrogate(escaped.charAt(cut - 1))) {
      cut--;
    }
    return escaped.substring(0, cut) + "…";
  }

  /**
   * The explicit bidirectional formatting characters (embeddings, overrides, isolates and their
   * terminators) and the implicit marks, which reorder how the text around them is displayed.
   */
  static boolean isBidiControl(char c) {
    return (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200E'
        || c == '\u200F'
        || c == '\u061C';
  }

  /** A Slack user id ({@code U0123ABCD}, {@code W0123ABCD}): can get a direct message. */
  public static boolean isUserId(String who) {
    return who != null && who.trim().matches("[UW][A-Z0-9]{6,}");
  }

  /** How to name someone in a message: a mention for a user id, else the escaped name. */
  /**
   * {@code url} as a Slack link labelled {@code label}: {@code &}, {@code <}, {@code >} and {@code
   * |} in the URL are escaped as Slack asks, so a value in it cannot end the link early; the label
   * is plain text.
   */
  public static String link(String url, String label) {
    String escaped =
        url.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "%7C");
    return "<" + escaped + "|" + line(label).replace("|", "¦") + ">";
  }

  public static String mention(String who) {
    if (who == null || who.isBlank()) {
      return "nobody (not configured)";
    }
    return isUserId(who) ? "<@" + who.trim() + ">" : line(who.trim());
  }
}
