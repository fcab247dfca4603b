package io.incidentresponse.activities.slack;

import java.util.List;

/**
 * How to reach Slack.
 *
 * @param botToken bot token ({@code xoxb-...}); from the environment, never logged
 * @param alertsChannel channel for initial statuses, default {@code platform-alerts}
 * @param leadershipChannel channel for leadership notices, or null
 * @param responders user ids invited to every incident channel
 * @param temporalUiUrl base URL of the Temporal Web UI, for links in approval requests
 * @param namespace Temporal namespace, for those links
 * @param channelCreatesPerMinute worker-wide pace of each Tier 2 method that opens a channel
 *     ({@code conversations.create}, {@code .list}, {@code .setPurpose}, {@code .setTopic}, {@code
 *     .invite}; Slack allows about 20 a minute): an incident storm waits here, most severe first,
 *     instead of hammering Slack
 */
public record SlackSettings(
    String botToken,
    String alertsChannel,
    String leadershipChannel,
    List<String> responders,
    String temporalUiUrl,
    String namespace,
    Integer channelCreatesPerMinute,
    boolean archiveAfterClose,
    List<String> leadershipUsers) {

  public SlackSettings {
    alertsChannel =
        alertsChannel == null || alertsChannel.isBlank() ? "platform-alerts" : alertsChannel;
    responders = responders == null ? List.of() : List.copyOf(responders);
    leadershipUsers = leadershipUsers == null ? List.of() : List.copyOf(leadershipUsers);
    temporalUiUrl = temporalUiUrl == null ? "http://127.0.0.1:8233" : temporalUiUrl;
    namespace = namespace == null ? "default" : namespace;
    channelCreatesPerMinute =
        channelCreatesPerMinute == null || channelCreatesPerMinute < 1
            ? 20
            : channelCreatesPerMinute;
  }

  public boolean configured() {
    return botToken != null && !botToken.isBlank();
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "SlackSettings[botToken="
        + (configured() ? "(set)" : "(none)")
        + ", alertsChannel="
        + alertsChannel
        + ", leadershipChannel="
        + leadershipChannel
        + ", responders="
        + responders
        + ", temporalUiUrl="
        + temporalUiUrl
        + "]";
  }
}
