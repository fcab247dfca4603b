package io.incidentresponse.workflows.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.alerts.Alert;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalPayloadConverterTest {

  /** What a waiting one-alert incident's state query answers, about 2 KB of JSON. */
  private static IncidentState waitingState() {
    IncidentState state = new IncidentState();
    state.incidentId = "inc-checkout-p2";
    state.service = "checkout";
    state.title = "HighErrorRate on checkout";
    state.severity = Severity.P2;
    state.firstAlertAt = Incidents.START;
    Alert alert = Incidents.alert("HighErrorRate", "checkout", "team", "payments");
    state.alerts.put(alert.fingerprint(), alert);
    for (int i = 0; i < 12; i++) {
      state.timeline.add(
          new TimelineEntry(
              Incidents.START.plusSeconds(i), TimelineEntry.SYSTEM, "Step " + i + " « é »", ""));
    }
    return state;
  }

  @Test
  void toData_givesTheBytesOfTemporalsDefaultJsonConverter() {
    IncidentState state = waitingState();

    Payload ours = new SignalPayloadConverter().toData(state).orElseThrow();
    Payload temporals = new JacksonJsonPayloadConverter().toData(state).orElseThrow();

    assertThat(ours.getData().toStringUtf8()).isEqualTo(temporals.getData().toStringUtf8());
    assertThat(ours.getMetadataMap()).isEqualTo(temporals.getMetadataMap());
    assertThat(
            new SignalPayloadConverter()
                .fromData(temporals, IncidentState.class, IncidentState.class)
                .timeline)
        .hasSameSizeAs(state.timeline);
  }

  @Test
  void threadsThatEachEncodedOnce_shareOnePooledSetOfBuffers_notOneSetEach() throws Exception {
    SignalPayloadConverter converter = new SignalPayloadConverter();
    IncidentState state = waitingState();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Thread thread = new Thread(() -> converter.toData(state));
      threads.add(thread);
      thread.start();
      thread.join();
    }

    // one after the other: each takes the set the one before gave back, and none keeps it
    assertThat(SignalPayloadConverter.BUFFERS.pooledCount()).isBetween(1, 2);
    assertThat(threads).allMatch(t -> !t.isAlive());
  }
}
