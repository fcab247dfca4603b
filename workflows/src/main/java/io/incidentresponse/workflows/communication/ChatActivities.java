package io.incidentresponse.workflows.communication;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * The chat system (Slack): the incident channel, the alerts channel, leadership notices, updates
 * and approval requests. Text that came from alerts is escaped so it neither pings nor breaks the
 * formatting; no secret ever appears in a message.
 *
 * <p>Idempotency: {@link #openIncidentChannel} returns the channel it created earlier for the same
 * incident rather than creating a second one. Posts are at least once: Slack has no idempotency key
 * for bot messages, so a post retried after Slack accepted it (the answer was lost) appears twice.
 * Non-retryable failure types: {@link FailureType#INVALID_CREDENTIALS}, {@link
 * FailureType#NOT_FOUND}, {@link FailureType#BAD_REQUEST}; rate limits are retried after Slack's
 * Retry-After.
 */
@ActivityInterface
public interface ChatActivities {

  /**
   * How workflows call {@link #openIncidentChannel}. Slack paces channel creation (Tier 2, about 20
   * a minute), so in a storm an attempt waits for its turn inside the call, heartbeating at least
   * every 10 s, with higher severities served first: waiting for the pace is not a failed attempt.
   * A worker that dies while an attempt waits is noticed within the heartbeat timeout.
   */
  ActivityOptions CHANNEL_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(15))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofMinutes(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .build())
          .build();

  /**
   * Creates {@code brief.channelName()}, unique to the incident, sets its purpose and topic and
   * invites the responders. Called again for the same incident (a retry, even one whose earlier
   * attempt created the channel and died before it could say so) it returns that channel instead of
   * making a second one.
   */
  ChannelRef openIncidentChannel(IncidentBrief brief);

  /** Posts the initial status in the alerts channel with a link to the incident channel. */
  void postInitialStatus(IncidentBrief brief);

  /** Tells leadership (a channel and/or people). */
  void notifyLeadership(LeadershipNotice notice);

  /** Posts an internal update in the incident channel. */
  void postUpdate(IncidentUpdate update);

  /**
   * Posts emergency contacts (who, and every way to reach them) in the incident channel. Not
   * idempotent: a retry after a lost answer may post them twice.
   */
  void postContacts(ContactsMessage message);

  /** Asks for an approval, showing the action, its risk and the exact signal to send. */
  void requestApproval(ApprovalRequestMessage request);

  /**
   * Archives the incident channel after closure when the chat system is configured to; returns
   * whether it did. Archiving an archived channel is a success.
   */
  boolean archiveIncidentChannel(IncidentBrief brief);
}
