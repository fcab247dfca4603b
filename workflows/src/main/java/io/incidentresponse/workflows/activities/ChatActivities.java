package io.incidentresponse.workflows.activities;

import io.incidentresponse.workflows.model.ChannelRef;
import io.temporal.activity.ActivityInterface;

/**
 * The chat system (Slack): the incident channel, the alerts channel, leadership notices, updates
 * and approval requests. Text that came from alerts is escaped so it neither pings nor breaks the
 * formatting; no secret ever appears in a message.
 *
 * <p>Idempotency: {@link #openIncidentChannel} returns the channel it created earlier for the same
 * incident rather than creating a second one; posts carry a key (incident, kind, sequence) so a
 * retry does not post twice. Non-retryable failure types: {@link FailureType#INVALID_CREDENTIALS},
 * {@link FailureType#NOT_FOUND}, {@link FailureType#BAD_REQUEST}; rate limits are retried after
 * Slack's Retry-After.
 */
@ActivityInterface
public interface ChatActivities {

  /**
   * Creates {@code brief.channelName()} (or finds the one made earlier), sets topic and invites.
   */
  ChannelRef openIncidentChannel(IncidentBrief brief);

  /** Posts the initial status in the alerts channel with a link to the incident channel. */
  void postInitialStatus(IncidentBrief brief);

  /** Tells leadership (a channel and/or people). */
  void notifyLeadership(LeadershipNotice notice);

  /** Posts an internal update in the incident channel. */
  void postUpdate(IncidentUpdate update);

  /** Asks for an approval, showing the action, its risk and the exact signal to send. */
  void requestApproval(ApprovalRequestMessage request);

  /**
   * Archives the incident channel after closure when the chat system is configured to; returns
   * whether it did. Archiving an archived channel is a success.
   */
  boolean archiveIncidentChannel(IncidentBrief brief);
}
