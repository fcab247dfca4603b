package io.incidentresponse.workflows.oncall;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.util.List;

/**
 * What a hand-off reminder needs from outside: the open incidents a person holds, and the message
 * to them.
 */
@ActivityInterface
public interface HandoffActivities {

  /** Reading incidents is quick; a notice may wait for Slack's pace and an SMTP server. */
  ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(5))
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .setMaximumAttempts(5)
                  .build())
          .build();

  /**
   * The running incidents whose incident commander (or another role), acknowledger or paged person
   * is {@code person} (matched by id, name, e-mail or Slack id, ignoring case), oldest first, at
   * most {@value #MAX_INCIDENTS}. Read-only.
   */
  List<OwnedIncident> openIncidentsOf(OnCallPerson person);

  /** The most incidents one reminder lists. */
  int MAX_INCIDENTS = 50;

  /**
   * Tells {@code notice.to()} about the hand-off and the incidents, by Slack DM and e-mail where
   * the person has them. Idempotent per {@link HandoffNotice#key()}: a retry does not send a
   * channel twice. Fails non-retryably when the person has no channel, retryably when no channel
   * worked.
   */
  void sendHandoffNotice(HandoffNotice notice);
}
