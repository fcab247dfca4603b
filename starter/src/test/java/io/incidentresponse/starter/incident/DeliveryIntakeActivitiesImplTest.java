package io.incidentresponse.starter.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.incident.DeliveryIntakeActivitiesImpl.Progress;
import io.incidentresponse.starter.incident.IncidentGateway.Delivery;
import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.intake.AlertGroup;
import io.incidentresponse.workflows.intake.DeliveryIntakeActivities;
import io.incidentresponse.workflows.intake.DeliveryIntakeInput;
import io.incidentresponse.workflows.intake.GroupOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.failure.ActivityFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The intake's activity on Temporal's test activity environment, with the front door's group
 * delivery mocked: a group Temporal refuses for good does not hold the others back; a group
 * Temporal does not accept fails the attempt after every other group was delivered, and the next
 * attempt, given the heartbeat's progress, sends only that group; a group that keeps failing is
 * never dropped, and is counted and named as stuck.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeliveryIntakeActivitiesImplTest {
  private static final Instant T0 = Instant.parse("2026-11-30T04:00:00Z");

  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  private final GroupDelivery groups = mock(GroupDelivery.class);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final Clock clock = mock(Clock.class);

  {
    when(clock.instant()).thenAnswer(call -> now.get());
  }

  @AfterEach
  void close() {
    env.close();
  }

  private DeliveryIntakeActivities activities() {
    IncidentProperties properties =
        new IncidentProperties(
            null,
            null,
            null,
            "incident-response",
            Duration.ofSeconds(30),
            null,
            null,
            null,
            new IncidentProperties.Ingestion(
                8,
                Duration.ZERO,
                4,
                "incident-intake",
                2,
                Duration.ofMinutes(1),
                Duration.ofMinutes(5),
                32,
                true));
    StuckGroups stuck = new StuckGroups(properties, meters, clock);
    env.registerActivitiesImplementations(
        new DeliveryIntakeActivitiesImpl(groups, meters, properties, stuck, clock));
    return env.newActivityStub(DeliveryIntakeActivities.class, DeliveryIntakeActivities.OPTIONS);
  }

  private static DeliveryIntakeInput delivery(int size) {
    List<AlertGroup> all = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      all.add(
          new AlertGroup(
              "svc-" + i + "/Down",
              List.of(
                  new Alert(
                      AlertSource.ALERTMANAGER,
                      AlertStatus.FIRING,
                      "fp-" + i,
                      Map.of("alertname", "Down", "service", "svc-" + i),
                      Map.of(),
                      Instant.parse("2026-11-30T03:00:00Z"),
                      null,
                      null,
                      null))));
    }
    return new DeliveryIntakeInput("alertmanager:abc", null, null, all);
  }

  private void delivers(String key) {
    doReturn(new Delivery(IncidentKeys.workflowId(key), "run", 1))
        .when(groups)
        .deliver(eq(key), any(), eq("alertmanager:abc"), any(), any());
  }

  @Test
  void deliverGroups_givenAGroupTemporalRefusesForGood_reportsIt_andDeliversTheOthers() {
    DeliveryIntakeActivities intake = activities();
    delivers("svc-0/Down");
    when(groups.deliver(eq("svc-1/Down"), any(), any(), any(), any()))
        .thenThrow(new StatusRuntimeException(Status.INVALID_ARGUMENT));
    delivers("svc-2/Down");

    List<GroupOutcome> outcomes = intake.deliverGroups(delivery(3));

    assertThat(outcomes.get(0).undeliverable()).isNull();
    assertThat(outcomes.get(1).undeliverable()).contains("INVALID_ARGUMENT");
    assertThat(outcomes.get(2).incidentId()).isEqualTo(IncidentKeys.workflowId("svc-2/Down"));
    assertThat(meters.counter("incident.intake.undeliverable").count()).isEqualTo(1);
  }

  @Test
  void
      deliverGroups_whenTemporalDoesNotAcceptAGroup_failsTheAttempt_andTheRetrySendsOnlyThatGroup() {
    DeliveryIntakeActivities intake = activities();
    AtomicReference<Progress> heartbeat = new AtomicReference<>();
    env.setActivityHeartbeatListener(Progress.class, heartbeat::set);
    delivers("svc-0/Down");
    doThrow(new TemporalUnavailableException("Temporal is unreachable", null))
        .when(groups)
        .deliver(eq("svc-1/Down"), any(), any(), any(), any());
    delivers("svc-2/Down");

    assertThatThrownBy(() -> intake.deliverGroups(delivery(3)))
        .isInstanceOf(ActivityFailure.class)
        .hasStackTraceContaining("1 of 3 groups not accepted yet");
    assertThat(heartbeat.get().outcomes())
        .extracting(o -> o == null ? null : o.key())
        .containsExactly("svc-0/Down", null, "svc-2/Down");

    delivers("svc-1/Down");
    env.setHeartbeatDetails(heartbeat.get());
    List<GroupOutcome> outcomes = intake.deliverGroups(delivery(3));

    assertThat(outcomes).extracting(GroupOutcome::incidentId).doesNotContainNull();
    verify(groups, times(1)).deliver(eq("svc-0/Down"), any(), any(), any(), any());
    verify(groups, times(1)).deliver(eq("svc-2/Down"), any(), any(), any(), any());
    verify(groups, times(2)).deliver(eq("svc-1/Down"), any(), any(), any(), any());
  }

  @Test
  void deliverGroups_givenAGroupThatKeepsFailing_retriesItForDays_countsItStuck_andWarnsNamingIt(
      CapturedOutput output) {
    DeliveryIntakeActivities intake = activities();
    AtomicReference<Progress> heartbeat = new AtomicReference<>();
    env.setActivityHeartbeatListener(Progress.class, heartbeat::set);
    delivers("svc-0/Down");
    // not Temporal's refusal: a failure of this starter's (a bug the next version fixes)
    doThrow(new IllegalStateException("no incident key rule for svc-1"))
        .when(groups)
        .deliver(eq("svc-1/Down"), any(), any(), any(), any());

    assertThatThrownBy(() -> intake.deliverGroups(delivery(2))).isInstanceOf(ActivityFailure.class);
    assertThat(heartbeat.get().failingSince()).containsExactly(null, T0);
    assertThat(stuckGauge()).isZero();
    assertThat(output.getOut()).doesNotContain("have not been accepted by Temporal since");

    for (Duration later :
        List.of(Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(8))) {
      now.set(T0.plus(later));
      env.setHeartbeatDetails(heartbeat.get());
      assertThatThrownBy(() -> intake.deliverGroups(delivery(2)))
          .isInstanceOf(ActivityFailure.class);
      assertThat(stuckGauge()).as("after %s", later).isEqualTo(1);
    }
    // named at 2 min and again at 8 min (every 5 min), not at 3 min
    assertThat(warnings(output)).isEqualTo(2);
    assertThat(output.getOut())
        .contains("incident svc-1/Down (1 alerts, group 1)")
        .contains("since " + T0);

    now.set(T0.plus(Duration.ofDays(3)));
    env.setHeartbeatDetails(heartbeat.get());
    assertThatThrownBy(() -> intake.deliverGroups(delivery(2))).isInstanceOf(ActivityFailure.class);
    assertThat(meters.counter("incident.intake.undeliverable").count()).isZero();
    assertThat(heartbeat.get().failingSince()).containsExactly(null, T0);

    delivers("svc-1/Down");
    env.setHeartbeatDetails(heartbeat.get());
    List<GroupOutcome> outcomes = intake.deliverGroups(delivery(2));

    assertThat(outcomes).extracting(GroupOutcome::undeliverable).containsOnlyNulls();
    assertThat(outcomes.get(1).incidentId()).isEqualTo(IncidentKeys.workflowId("svc-1/Down"));
    assertThat(stuckGauge()).isZero();
    verify(groups, times(1)).deliver(eq("svc-0/Down"), any(), any(), any(), any());
  }

  @Test
  void deliverGroups_givenTheHeartbeatOfAStarterFromBeforeFailureTimes_resumesFromItsOutcomes() {
    DeliveryIntakeActivities intake = activities();
    delivers("svc-1/Down");
    env.setHeartbeatDetails(
        new Progress(
            java.util.Arrays.asList(
                new GroupOutcome(
                    "svc-0/Down", IncidentKeys.workflowId("svc-0/Down"), 1, null, null, null),
                null),
            null));

    List<GroupOutcome> outcomes = intake.deliverGroups(delivery(2));

    assertThat(outcomes).extracting(GroupOutcome::incidentId).doesNotContainNull();
    verify(groups, times(0)).deliver(eq("svc-0/Down"), any(), any(), any(), any());
  }

  @Test
  void progress_whileNoGroupFails_isWrittenAsAStarterFromBeforeFailureTimesReadsIt() {
    Progress delivering =
        new Progress(
            java.util.Arrays.asList(
                new GroupOutcome(
                    "svc-0/Down", IncidentKeys.workflowId("svc-0/Down"), 1, null, null, null),
                null),
            null);

    String json =
        io.temporal.common.converter.DataConverter.getDefaultInstance()
            .toPayload(delivering)
            .orElseThrow()
            .getData()
            .toStringUtf8();

    assertThat(json).contains("svc-0/Down").doesNotContain("failingSince");
  }

  private double stuckGauge() {
    return meters.get("incident.intake.stuck").gauge().value();
  }

  private static long warnings(CapturedOutput output) {
    return output
        .getOut()
        .lines()
        .filter(l -> l.contains("have not been accepted by Temporal since"))
        .count();
  }
}
