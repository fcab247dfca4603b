package io.incidentresponse.workflows.incident;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A deadline the lifecycle loop keeps itself under {@link IncidentContext#ONE_THREAD} (the response
 * time, the update cadence), instead of a coroutine of its own that would wait as long as the
 * incident: its time is a wake-up time of the loop, and when it passes its work runs beside the
 * loop ({@link IncidentContext#inBackground}, a coroutine that ends), so nothing waits behind the
 * pager or Slack. One run at a time, as the timer loop it replaces: the next deadline counts once
 * the work is done. The deadline is read from the state each time, so a change to it (a severity
 * change, an acknowledgement, continue-as-new) moves the loop's timer.
 */
final class DeadlineStep implements RunbookStep {
  private final IncidentContext ctx;
  private final String name;
  private final Supplier<Instant> deadline;
  private final Runnable work;

  /** The work started and has not ended yet: no deadline until it has. */
  private boolean running;

  /**
   * @param deadline when the work is due; null when it is not armed
   * @param work what runs beside the loop when the deadline passes
   */
  DeadlineStep(IncidentContext ctx, String name, Supplier<Instant> deadline, Runnable work) {
    this.ctx = ctx;
    this.name = name;
    this.deadline = deadline;
    this.work = work;
  }

  @Override
  public boolean due() {
    Instant at = armedAt();
    return at != null && !IncidentContext.now().isBefore(at);
  }

  @Override
  public Optional<Instant> wakeAt() {
    return Optional.ofNullable(armedAt());
  }

  private Instant armedAt() {
    return running ? null : deadline.get();
  }

  @Override
  public void act() {
    if (!due()) {
      return;
    }
    running = true;
    ctx.inBackground(
        () -> {
          try {
            work.run();
          } finally {
            running = false;
            // Wakes the loop to arm the next deadline.
            ctx.timersVersion++;
          }
        });
  }

  @Override
  public String toString() {
    return name;
  }
}
