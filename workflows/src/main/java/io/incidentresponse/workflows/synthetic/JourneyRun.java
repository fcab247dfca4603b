package io.incidentresponse.workflows.synthetic;

import java.time.Instant;
import java.util.List;

/**
 * One run of a journey.
 *
 * @param at when it started
 * @param steps the steps that ran, in order (none after the first that failed)
 */
public record JourneyRun(Instant at, List<StepResult> steps) {

  public JourneyRun {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  /** Every step ran and passed. */
  public boolean passed() {
    return !steps.isEmpty() && steps.stream().allMatch(StepResult::passed);
  }

  /** The step that failed, or null. */
  public StepResult failure() {
    return steps.stream().filter(s -> !s.passed()).findFirst().orElse(null);
  }
}
