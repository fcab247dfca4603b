package io.incidentresponse.activities.slack;

/**
 * Makes text that came from alerts safe in Slack mrkdwn: {@code <}, {@code >} and {@code &} are
 * escaped (so {@code <!channel>} or a crafted link cannot ping or mislead), the broadcast words
 * {@code @channel}, {@code @here}, {@code @everyone} are broken with a zero-width space, and the
 * mrkdwn markers {@code * _ ~ `} are fenced with zero-width spaces, so an unbalanced backtick in a
 * title cannot swallow the rest of the message into a code block. Also names people: a Slack user
 * id becomes a mention, anything else is escaped text.
 */
public final class SlackText {
  private static final char ZWSP = '\u200B';

  private SlackText() {}

  /** {@code text} safe in mrkdwn; {@code null} is the empty string. */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    for (String broadcast : new String[] {"@channel", "@here", "@everyone"}) {
      escaped = escaped.replace(broadcast, "@" + ZWSP + broadcast.substring(1));
    }
    StringBuilder out = new StringBuilder(escaped.length());
    for (char c : escaped.toCharArray()) {
      if (c == '*' || c == '_' || c == '~' || c == '`') {
        out.append(ZWSP).append(c).append(ZWSP);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A Slack user id ({@code U0123ABCD}, {@code W0123ABCD}): can get a direct message. */
  public static boolean isUserId(String who) {
    return who != null && who.trim().matches("[UW][A-Z0-9]{6,}");
  }

  /** How to name someone in a message: a mention for a user id, else the escaped name. */
  public static String mention(String who) {
    if (who == null || who.isBlank()) {
      return "nobody (not configured)";
    }
    return isUserId(who) ? "<@" + who.trim() + ">" : escape(who.trim());
  }
}
