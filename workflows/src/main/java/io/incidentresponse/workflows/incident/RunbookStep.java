package io.incidentresponse.workflows.incident;

import java.time.Instant;
import java.util.Optional;

/**
 * One runbook step as the incident's lifecycle loop sees it. The loop walks the steps in runbook
 * order, calling {@link #act()} on each; then it sleeps until the earliest {@link #wakeAt()} or
 * until a step is {@link #due()}. A step that acts leaves its wake-up time in the future: a wake-up
 * time in the past while nothing is due would make the loop spin, which {@link
 * IncidentWorkflowImpl} notices and stops (a test asserts it never happens).
 */
interface RunbookStep {

  /** Work is waiting that a signal or another step brought: wakes the loop at once. */
  boolean due();

  /** When this step has work on a timer; empty when it has none. */
  default Optional<Instant> wakeAt() {
    return Optional.empty();
  }

  /** Does what is due now, in line; nothing when nothing is. */
  void act();
}
