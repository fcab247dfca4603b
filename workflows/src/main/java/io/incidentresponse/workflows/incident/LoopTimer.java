package io.incidentresponse.workflows.incident;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;

/**
 * The lifecycle loop's one durable timer under {@link IncidentContext#ONE_THREAD}. The loop wakes
 * for more than its wake-up time (a signal to publish, a deadline moved) and waits again; the timer
 * for an unchanged wake-up time is kept, not cancelled and started anew, so such a wake adds no
 * command to the history. A timer whose wake-up time changed is cancelled, unless it fires within
 * {@link #FIRING}: the server may have fired it already while this workflow task runs, and a cancel
 * that crosses the firing is refused (Temporal's test server then fails the task over and over:
 * seen when an acknowledgement came at the moment the escalation was due); such a timer is left to
 * fire, its workflow task finds nothing to do.
 */
final class LoopTimer {
  /** A timer this close to its time is left to fire rather than cancelled. */
  static final Duration FIRING = Duration.ofSeconds(1);

  private final IncidentContext ctx;

  LoopTimer(IncidentContext ctx) {
    this.ctx = ctx;
  }

  private Instant at;
  private Promise<Void> fired;
  private CancellationScope scope;

  /** A promise that completes at {@code wakeAt} (a time in the future). */
  Promise<Void> at(Instant wakeAt) {
    if (wakeAt.equals(at) && fired != null) {
      return fired;
    }
    cancel();
    at = wakeAt;
    // under IncidentContext.RELEASED_CALLS detached, so that the SDK lets go of it once replaced
    scope =
        ctx.scope(
            () -> {
              fired = Workflow.newTimer(IncidentContext.until(wakeAt));
            });
    scope.run();
    // A cancelled timer completes with a CanceledFailure nobody waits for.
    fired.exceptionally(failure -> null);
    return fired;
  }

  /** Cancels the timer when it has not fired: the loop has no wake-up time now. */
  void cancel() {
    if (fired != null && !fired.isCompleted() && IncidentContext.until(at).compareTo(FIRING) > 0) {
      scope.cancel();
    }
    if (scope != null) {
      ctx.ended(scope);
    }
    at = null;
    fired = null;
    scope = null;
  }
}
