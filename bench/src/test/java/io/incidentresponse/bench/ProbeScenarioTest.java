package io.incidentresponse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.ActivityTaskCompletedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskFailedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProbeScenarioTest {
  private final List<HistoryEvent> history = new ArrayList<>();
  private DiagnosisStub stub;
  private long id;

  @BeforeEach
  void start() throws Exception {
    stub = new DiagnosisStub().start(0);
    stub.arm();
    HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(stub.url("/elasticsearch/logs-*/_search"))).build(),
            HttpResponse.BodyHandlers.discarding());
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void diagnosis_isReadOnceEveryProbeClosedAndATaskCompletedAfterTheLast() {
    event(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, 1_000);
    event(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, 1_050);
    event(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 1_050, "CheckCapabilities");
    List<Long> scheduled = new ArrayList<>();
    for (String probe : ProbeScenario.PROBE_TYPES) {
      scheduled.add(event(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 1_100, probe));
    }
    for (int i = 0; i < scheduled.size(); i++) {
      started(scheduled.get(i), 1_110, i == 0 ? 2 : 1);
      completed(scheduled.get(i), 1_300 + 10 * i);
    }
    assertThat(ProbeScenario.diagnosis(history, stub)).isNull();

    event(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, 1_420);
    event(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, 1_900);
    ProbeScenario.Measured m = ProbeScenario.diagnosis(history, stub);

    assertThat(m).isNotNull();
    assertThat(m.round()).isEqualTo(320);
    assertThat(m.startToDiagnosis()).isEqualTo(420);
    assertThat(m.probes()).isEqualTo(8);
    assertThat(m.retried()).isEqualTo(1);
    assertThat(m.slowestProbe()).isEqualTo(270);
    assertThat(m.atStub()).isGreaterThanOrEqualTo(200);
  }

  @Test
  void aProbeThatFailed_failsTheRunNamingIt() {
    event(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, 1_000);
    long scheduled = event(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 1_100, "InspectNodes");
    history.add(
        HistoryEvent.newBuilder()
            .setEventId(++id)
            .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED)
            .setEventTime(at(1_200))
            .setActivityTaskFailedEventAttributes(
                ActivityTaskFailedEventAttributes.newBuilder().setScheduledEventId(scheduled))
            .build());

    assertThatThrownBy(() -> ProbeScenario.diagnosis(history, stub))
        .hasMessageContaining("probe InspectNodes did not complete");
  }

  @Test
  void activityStarts_givenTwoProbesStartingLate_readTheDispatchAndTheStaggerOfTheRoundOnly() {
    long other = event(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 900, "CheckCapabilities");
    started(other, 950, 1);
    List<Long> round = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      round.add(event(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 1_000, "InspectPods"));
    }
    started(round.get(0), 1_012, 1);
    started(round.get(1), 1_013, 1);
    started(round.get(2), 1_060, 1);
    started(round.get(3), 1_075, 1);
    started(round.get(0), 2_500, 2); // a retry is not the round's start

    ActivityStarts starts = ActivityStarts.of(history, ProbeScenario.PROBE_TYPES::contains);

    assertThat(starts.offsets()).containsExactly(12.0, 13.0, 60.0, 75.0);
    assertThat(starts.first()).isEqualTo(12.0);
    assertThat(starts.stagger()).isEqualTo(63.0);
    assertThat(starts.describe()).isEqualTo("12, 13, 60, 75 ms");
  }

  @Test
  void activityStarts_givenNothingStarted_areEmptyAndReadNoStagger() {
    event(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 1_000, "InspectPods");

    ActivityStarts starts = ActivityStarts.of(history, ProbeScenario.PROBE_TYPES::contains);

    assertThat(starts.offsets()).isEmpty();
    assertThat(starts.stagger()).isNaN();
  }

  private long event(EventType type, long millis) {
    history.add(
        HistoryEvent.newBuilder()
            .setEventId(++id)
            .setEventType(type)
            .setEventTime(at(millis))
            .build());
    return id;
  }

  private long event(EventType type, long millis, String activity) {
    history.add(
        HistoryEvent.newBuilder()
            .setEventId(++id)
            .setEventType(type)
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

  private void completed(long scheduled, long millis) {
    history.add(
        HistoryEvent.newBuilder()
            .setEventId(++id)
            .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
            .setEventTime(at(millis))
            .setActivityTaskCompletedEventAttributes(
                ActivityTaskCompletedEventAttributes.newBuilder().setScheduledEventId(scheduled))
            .build());
  }

  private static Timestamp at(long millis) {
    return Timestamp.newBuilder()
        .setSeconds(millis / 1000)
        .setNanos((int) (millis % 1000) * 1_000_000)
        .build();
  }
}
