package io.incidentresponse.activities.slack;

import static io.incidentresponse.activities.SettingChecks.atLeast;
import static io.incidentresponse.activities.SettingChecks.baseUrl;

import java.util.List;

/**
 * How to reach Slack, bound from {@code incident.slack.*}.
 *
 * @param botToken bot token ({@code xoxb-...}); from the environment, never logged
 * @param alertsChannel channel for initial statuses, default {@code platform-alerts}
 * @param leadershipChannel channel for leadership notices, or null
 * @param responders user ids invited to every incident channel
 * @param temporalUiUrl base URL of the Temporal Web UI, for links in approval requests; default
 *     {@code http://127.0.0.1:8233}
 * @param namespace Temporal namespace, for those links; the worker's yaml sets it to {@code
 *     spring.temporal.namespace}; default {@code default}
 * @param channelCreatesPerMinute worker-wide pace of each Tier 2 method that opens a channel
 *     ({@code conversations.create}, {@code .list}, {@code .setPurpose}, {@code .setTopic}, {@code
 *     .invite}; Slack allows about 20 a minute): an incident storm waits here, most severe first,
 *     instead of hammering Slack; default 20, at least 1
 * @param archiveAfterClose archive the incident channel when the incident closes; default false
 * @param leadershipUsers user ids that get leadership notices as direct messages
 * @param apiUrl another base of Slack's Web API (a proxy, or a recording stub in the end-to-end
 *     test), e.g. {@code http://127.0.0.1:9000/api/}, always ending with {@code /}; null (the
 *     default): Slack's own
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
    List<String> leadershipUsers,
    String apiUrl) {

  public SlackSettings {
    alertsChannel =
        alertsChannel == null || alertsChannel.isBlank() ? "platform-alerts" : alertsChannel;
    responders = responders == null ? List.of() : List.copyOf(responders);
    leadershipUsers = leadershipUsers == null ? List.of() : List.copyOf(leadershipUsers);
    temporalUiUrl = temporalUiUrl == null ? "http://127.0.0.1:8233" : temporalUiUrl;
    namespace = namespace == null || namespace.isBlank() ? "default" : namespace;
    channelCreatesPerMinute =
        atLeast("incident.slack.channel-creates-per-minute", channelCreatesPerMinute, 1, 20);
    apiUrl = baseUrl("incident.slack.api-url", apiUrl);
    apiUrl = apiUrl == null ? null : apiUrl + "/";
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
        + ", leadershipUsers="
        + leadershipUsers
        + ", temporalUiUrl="
        + temporalUiUrl
        + ", namespace="
        + namespace
        + ", channelCreatesPerMinute="
        + channelCreatesPerMinute
        + ", archiveAfterClose="
        + archiveAfterClose
        + ", apiUrl="
        + (apiUrl == null ? "(Slack)" : apiUrl)
        + "]";
  }
}
