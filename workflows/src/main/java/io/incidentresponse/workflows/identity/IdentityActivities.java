package io.incidentresponse.workflows.identity;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Checks an {@link IdentityProof} with the key the starter signed it with: the signature, that it
 * is about this incident, action, decision and person, and that it is fresh. Run as a local
 * activity, so the verdict is recorded in history and replays without the key. Idempotent: it reads
 * nothing but its input, the key and the clock.
 */
@ActivityInterface
public interface IdentityActivities {

  /** Local, quick, a few attempts: a check that cannot run leaves the identity asserted. */
  LocalActivityOptions OPTIONS =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(5))
          .setScheduleToCloseTimeout(Duration.ofSeconds(20))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
          .build();

  ProofVerdict checkProof(ProofCheck check);
}
