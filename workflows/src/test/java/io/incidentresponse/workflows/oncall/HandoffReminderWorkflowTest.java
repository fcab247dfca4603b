package io.incidentresponse.workflows.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/** Hand-off reminders on Temporal's time-skipping test server, roster and senders mocked. */
class HandoffReminderWorkflowTest {
  private static final Instant T0 = Instant.parse("2026-11-30T08:45:00Z");
  private static final OnCallPerson ALICE =
      new OnCallPerson("alice", "Alice Smith", "U0ALICE", "alice@example.com", null, null);
  private static final OnCallPerson BOB =
      new OnCallPerson("bob", "Bob Jones", "U0BOB", "bob@example.com", null, null);
  private static final OwnedIncident CHECKOUT =
      new OwnedIncident(
          "incident-checkout",
          "Checkout 5xx",
          "checkout",
          Severity.P1,
          Phase.MITIGATING,
          "incident-2026-11-30-0812",
          List.of("incident commander"));

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(HandoffReminderWorkflowImpl.class)
          .setInitialTime(T0)
          .setDoNotStart(true)
          .build();

  private final OnCallActivities roster =
      mock(OnCallActivities.class, withSettings().withoutAnnotations());
  private final HandoffActivities handoffs =
      mock(HandoffActivities.class, withSettings().withoutAnnotations());
  private final List<HandoffNotice> sent = new CopyOnWriteArrayList<>();
  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    taskQueue = options.getTaskQueue();
    client = env.getWorkflowClient();
    when(handoffs.openIncidentsOf(any()))
        .thenAnswer(call -> ALICE.equals(call.getArgument(0)) ? List.of(CHECKOUT) : List.of());
    org.mockito.Mockito.doAnswer(
            call -> {
              HandoffNotice notice = call.getArgument(0);
              if (notice.to().email() == null && notice.to().slackUserId() == null) {
                throw ApplicationFailure.newNonRetryableFailure(
                    notice.to().displayName() + " has no Slack id and no e-mail", "NOT_CONFIGURED");
              }
              sent.add(notice);
              return null;
            })
        .when(handoffs)
        .sendHandoffNotice(any());
    worker.registerActivitiesImplementations(roster, handoffs);
    env.start();
  }

  private HandoffReminderResult run(Duration interval, Duration lead) {
    return client
        .newWorkflowStub(
            HandoffReminderWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setWorkflowId("handoff-" + System.nanoTime())
                .build())
        .remind(new HandoffReminderInput(interval, lead));
  }

  @Test
  void handoff_bothPeopleAreToldOfTheIncidentsTheOutgoingPersonHolds() {
    Instant nine = Instant.parse("2026-11-30T09:00:00Z");
    when(roster.handoffs(any()))
        .thenReturn(List.of(new Handoff("payments", "payments-primary", nine, ALICE, BOB)));

    HandoffReminderResult result = run(Duration.ofMinutes(10), Duration.ofMinutes(15));

    ArgumentCaptor<HandoffQuery> window = ArgumentCaptor.forClass(HandoffQuery.class);
    verify(roster).handoffs(window.capture());
    // a run at 08:45 with a 15-minute lead covers the hand-offs of (08:50, 09:00]
    assertThat(window.getValue().after()).isEqualTo(Instant.parse("2026-11-30T08:50:00Z"));
    assertThat(window.getValue().until()).isEqualTo(nine);
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).to()).isEqualTo(ALICE);
    assertThat(sent.get(0).outgoing()).isTrue();
    assertThat(sent.get(1).to()).isEqualTo(BOB);
    assertThat(sent.get(1).outgoing()).isFalse();
    assertThat(sent).allSatisfy(n -> assertThat(n.incidents()).containsExactly(CHECKOUT));
    assertThat(sent.get(0).key()).isNotEqualTo(sent.get(1).key());
    assertThat(result.sent())
        .containsExactly(
            "Alice Smith: payments-primary outgoing", "Bob Jones: payments-primary incoming");
    assertThat(result.problems()).isEmpty();
  }

  @Test
  void personWithoutChannels_isReportedAndTheOtherStillTold() {
    OnCallPerson unreachable = new OnCallPerson("carol", "Carol", null, null, null, null);
    when(roster.handoffs(any()))
        .thenReturn(
            List.of(
                new Handoff(
                    "payments",
                    "payments-primary",
                    Instant.parse("2026-11-30T09:00:00Z"),
                    unreachable,
                    BOB)));

    HandoffReminderResult result = run(Duration.ofMinutes(10), Duration.ofMinutes(15));

    assertThat(sent).extracting(HandoffNotice::to).containsExactly(BOB);
    assertThat(result.problems()).singleElement().asString().contains("Carol has no Slack id");
  }

  @Test
  void noHandoffInTheWindow_tellsNobody() {
    when(roster.handoffs(any())).thenReturn(List.of());

    HandoffReminderResult result = run(Duration.ofMinutes(10), Duration.ofMinutes(15));

    assertThat(result.handoffs()).isZero();
    verify(handoffs, never()).sendHandoffNotice(any());
    verify(handoffs, never()).openIncidentsOf(any());
  }

  @Test
  void samePersonOnBothSides_isToldOnce() {
    when(roster.handoffs(any()))
        .thenReturn(
            List.of(
                new Handoff(
                    "payments",
                    "payments-primary",
                    Instant.parse("2026-11-30T09:00:00Z"),
                    ALICE,
                    ALICE)));

    run(Duration.ofMinutes(10), Duration.ofMinutes(15));

    assertThat(sent).extracting(HandoffNotice::outgoing).containsExactly(true);
  }
}
