package io.incidentresponse.activities.slack;

/**
 * Makes text that came from alerts safe in Slack mrkdwn: {@code <}, {@code >} and {@code &} are
 * escaped (so {@code <!channel>} or a crafted link cannot ping or mislead) and the broadcast words
 * {@code @channel}, {@code @here}, {@code @everyone} are broken with a zero-width space.
 */
final class SlackText {
  private SlackText() {}

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    for (String broadcast : new String[] {"@channel", "@here", "@everyone"}) {
      escaped = escaped.replace(broadcast, "@\u200B" + broadcast.substring(1));
    }
    return escaped;
  }
}
