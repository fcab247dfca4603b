package io.incidentresponse.activities.report;

/**
 * The report's Markdown as Slack mrkdwn, for the comment that goes with the chart: headings become
 * bold lines, tables go in a code block (Slack has no tables), the chart's image line is dropped
 * (the chart is the attached file), and {@code & < >} and broadcast words are neutralised so
 * nothing in an incident type or an action item pings a channel. Cut at Slack's comment size.
 */
final class SlackReportText {
  /** Slack truncates messages beyond 4,000 characters; leave room for the marker. */
  static final int MAX = 3_900;

  private static final char ZWSP = '\u200B';

  private SlackReportText() {}

  static String of(String markdown, String storedAt) {
    StringBuilder out = new StringBuilder();
    boolean inTable = false;
    for (String line : markdown.split("\n", -1)) {
      boolean tableLine = line.startsWith("|");
      if (tableLine && !inTable) {
        out.append("```\n");
      } else if (!tableLine && inTable) {
        out.append("```\n");
      }
      inTable = tableLine;
      if (line.startsWith("![")) {
        continue;
      }
      if (line.startsWith("# ")) {
        out.append('*').append(escape(line.substring(2))).append("*\n");
      } else if (line.startsWith("## ")) {
        out.append('*').append(escape(line.substring(3))).append("*\n");
      } else if (line.startsWith("- ")) {
        out.append("• ").append(escape(line.substring(2))).append('\n');
      } else {
        out.append(escape(line)).append('\n');
      }
    }
    if (inTable) {
      out.append("```\n");
    }
    String text = out.toString().strip();
    if (text.length() > MAX) {
      String more = "\n… (full report: " + storedAt + ")";
      text = text.substring(0, MAX - more.length()) + more;
    }
    return text;
  }

  private static String escape(String text) {
    String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    for (String broadcast : new String[] {"@channel", "@here", "@everyone"}) {
      escaped = escaped.replace(broadcast, "@" + ZWSP + broadcast.substring(1));
    }
    return escaped;
  }
}
