package io.incidentresponse.bench;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * When a round of parallel activities began, read from a history: each first attempt's {@code
 * ActivityTaskStarted} time (the server writes it with the time a worker's poll, or an eager
 * dispatch, took the task) less the time the first of them was scheduled. A round scheduled by one
 * workflow task whose activities start one after another shows here as a stagger: the last start
 * well after the first, which no probe's own work can make up.
 *
 * @param offsets each activity's start after the round's first scheduled event, in ms, ascending
 */
record ActivityStarts(List<Double> offsets) {

  /** The starts of the activities whose type {@code round} accepts; empty when none started. */
  static ActivityStarts of(List<HistoryEvent> events, Predicate<String> round) {
    Set<Long> inRound = new HashSet<>();
    long firstScheduled = Long.MAX_VALUE;
    List<Long> started = new ArrayList<>();
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
          && round.test(e.getActivityTaskScheduledEventAttributes().getActivityType().getName())) {
        inRound.add(e.getEventId());
        firstScheduled = Math.min(firstScheduled, millis(e));
      } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
          && inRound.contains(e.getActivityTaskStartedEventAttributes().getScheduledEventId())
          && e.getActivityTaskStartedEventAttributes().getAttempt() <= 1) {
        started.add(millis(e));
      }
    }
    List<Double> offsets = new ArrayList<>();
    for (long at : started) {
      offsets.add((double) (at - firstScheduled));
    }
    Collections.sort(offsets);
    return new ActivityStarts(List.copyOf(offsets));
  }

  /** The first start after the round was scheduled: the server's and poller's dispatch time. */
  double first() {
    return offsets.isEmpty() ? Double.NaN : offsets.get(0);
  }

  /** The last start after the first: 0 when all began together. */
  double stagger() {
    return offsets.isEmpty() ? Double.NaN : offsets.get(offsets.size() - 1) - offsets.get(0);
  }

  /** The offsets as one log line: {@code 12, 13, 13, 14, 15, 41, 42, 44 ms}. */
  String describe() {
    return offsets.stream()
            .map(o -> String.format(Locale.ROOT, "%.0f", o))
            .collect(Collectors.joining(", "))
        + " ms";
  }

  static long millis(HistoryEvent e) {
    return e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000;
  }
}
