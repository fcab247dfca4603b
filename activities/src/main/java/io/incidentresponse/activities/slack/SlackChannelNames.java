package io.incidentresponse.activities.slack;

import java.util.Locale;

/** Slack's channel-name rules: lowercase letters, digits, hyphens and underscores, at most 80. */
final class SlackChannelNames {
  static final int MAX = 80;

  private SlackChannelNames() {}

  static String of(String wanted) {
    String name =
        (wanted == null ? "" : wanted)
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9_-]+", "-")
            .replaceAll("(^-+|-+$)", "");
    if (name.isEmpty()) {
      name = "incident";
    }
    return name.length() > MAX ? name.substring(0, MAX) : name;
  }

  static String withSuffix(String base, int suffix) {
    String tail = "-" + suffix;
    String head =
        base.length() + tail.length() > MAX ? base.substring(0, MAX - tail.length()) : base;
    return head + tail;
  }
}
