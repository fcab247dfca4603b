package io.incidentresponse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityStartsTest {
  private final List<HistoryEvent> history = new ArrayList<>();
  private long id;

  @Test
  void of_givenTwoStartsLate_readsTheDispatchAndTheStaggerOfTheRoundOnly() {
    long other = scheduled("CheckCapabilities", 900);
    started(other, 950, 1);
    List<Long> round = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      round.add(scheduled("InspectPods", 1_000));
    }
    started(round.get(0), 1_012, 1);
    started(round.get(1), 1_013, 1);
    started(round.get(2), 1_060, 1);
    started(round.get(3), 1_075, 1);
    started(round.get(0), 2_500, 2); // a retry is not the round's start

    ActivityStarts starts = ActivityStarts.of(history, "InspectPods"::equals);

    assertThat(starts.offsets()).containsExactly(12.0, 13.0, 60.0, 75.0);
    assertThat(starts.first()).isEqualTo(12.0);
    assertThat(starts.stagger()).isEqualTo(63.0);
    assertThat(starts.describe()).isEqualTo("12, 13, 60, 75 ms");
  }

  @Test
  void of_givenNothingStarted_isEmptyAndReadsNoStagger() {
    scheduled("InspectPods", 1_000);

    ActivityStarts starts = ActivityStarts.of(history, "InspectPods"::equals);

    assertThat(starts.offsets()).isEmpty();
    assertThat(starts.stagger()).isNaN();
  }

  private long scheduled(String activity, long millis) {
    history.add(
        HistoryEvent.newBuilder()
            .setEventId(++id)
            .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .setEventTime(at(millis))
            .setActivityTaskScheduledEventAttributes(
                ActivityTaskScheduledEventAttributes.newBuilder()
                    .setActivityType(ActivityType.newBuilder().setName(activity)))
            .build());
    return id;
  }

  private void started(long scheduled, long millis, int attempt) {
    history.add(
        HistoryEvent.newBuilder()
            .setEventId(++id)
            .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
            .setEventTime(at(millis))
            .setActivityTaskStartedEventAttributes(
                ActivityTaskStartedEventAttributes.newBuilder()
                    .setScheduledEventId(scheduled)
                    .setAttempt(attempt))
            .build());
  }

  private static Timestamp at(long millis) {
    return Timestamp.newBuilder()
        .setSeconds(millis / 1000)
        .setNanos((int) (millis % 1000) * 1_000_000)
        .build();
  }
}
