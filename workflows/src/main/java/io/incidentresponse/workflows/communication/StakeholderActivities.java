package io.incidentresponse.workflows.communication;

import io.temporal.activity.ActivityInterface;

/**
 * Stakeholders outside the incident channel (e-mail), told when a P0/P1 opens and when it is
 * resolved. Each message has a Message-ID derived from the incident and the notice's kind, so a
 * retry that resends is recognised by mail clients as the same message. Unconfigured: the
 * non-retryable {@link FailureType#NOT_CONFIGURED}.
 */
@ActivityInterface
public interface StakeholderActivities {

  void emailStakeholders(LeadershipNotice notice);
}
