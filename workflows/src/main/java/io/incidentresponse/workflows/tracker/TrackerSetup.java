package io.incidentresponse.workflows.tracker;

import java.time.Duration;

/**
 * What the worker says about its issue tracker.
 *
 * @param tracker how events name it, e.g. {@code GitHub acme/shop} or {@code Jira OPS}; null when
 *     the worker has none
 * @param pollEvery how often the tickets of open items are read back; at least a minute (a shorter
 *     or missing value takes a day)
 */
public record TrackerSetup(String tracker, Duration pollEvery) {

  /** No tracker: items are followed without one. */
  public static final TrackerSetup NONE = new TrackerSetup(null, null);

  public TrackerSetup {
    tracker = tracker == null || tracker.isBlank() ? null : tracker.strip();
    pollEvery =
        pollEvery == null || pollEvery.compareTo(Duration.ofMinutes(1)) < 0
            ? Duration.ofDays(1)
            : pollEvery;
  }

  /** Whether there is a tracker to synchronise with. */
  public boolean configured() {
    return tracker != null;
  }
}
