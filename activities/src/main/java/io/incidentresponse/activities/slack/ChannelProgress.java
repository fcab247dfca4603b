package io.incidentresponse.activities.slack;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.converter.DataConverterException;
import java.util.Optional;

/**
 * How far the opening of an incident's channel got, heartbeated so that the next attempt goes on
 * from there (Temporal hands the last heartbeat to the retry).
 *
 * @param askedAt when the incident first asked for its channel (epoch millis): its place in the
 *     pace queue, kept across attempts
 * @param suffix the name being tried: 1 for the incident's own name, 2 for {@code -2}...
 * @param channelId the channel once Slack created or this incident adopted it, else null
 * @param channelName its name, else null
 * @param described whether purpose, topic and invitations are done
 */
record ChannelProgress(
    long askedAt, int suffix, String channelId, String channelName, boolean described) {

  static ChannelProgress first(long now) {
    return new ChannelProgress(now, 1, null, null, false);
  }

  /**
   * The last attempt's progress. A worker from before this record heartbeated {@code "<id> <name>"}
   * right after the create, before purpose and topic: that is a channel not yet described. Details
   * in neither form are ignored (the attempt starts afresh; a channel it made is found again by its
   * name).
   */
  static Optional<ChannelProgress> resume(ActivityExecutionContext context) {
    try {
      return context.getHeartbeatDetails(ChannelProgress.class);
    } catch (DataConverterException notThisRecord) {
      try {
        return context
            .getHeartbeatDetails(String.class)
            .map(idAndName -> idAndName.split(" ", 2))
            .filter(parts -> parts.length == 2)
            .map(
                parts ->
                    new ChannelProgress(System.currentTimeMillis(), 1, parts[0], parts[1], false));
      } catch (DataConverterException unknown) {
        return Optional.empty();
      }
    }
  }

  ChannelProgress trying(int nextSuffix) {
    return new ChannelProgress(askedAt, nextSuffix, channelId, channelName, described);
  }

  ChannelProgress opened(String id, String name) {
    return new ChannelProgress(askedAt, suffix, id, name, false);
  }

  ChannelProgress describedNow() {
    return new ChannelProgress(askedAt, suffix, channelId, channelName, true);
  }
}
