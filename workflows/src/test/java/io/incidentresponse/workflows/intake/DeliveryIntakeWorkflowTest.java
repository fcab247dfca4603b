package io.incidentresponse.workflows.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The intake workflow with its activity mocked: one activity for the whole delivery, retried while
 * it fails, its answer the workflow's; its history replays, and a history of another shape fails as
 * non-deterministic.
 */
class DeliveryIntakeWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(DeliveryIntakeWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private final DeliveryIntakeActivities starter =
      mock(DeliveryIntakeActivities.class, withSettings().withoutAnnotations());

  private static DeliveryIntakeInput delivery(int groups) {
    List<AlertGroup> all =
        java.util.stream.IntStream.range(0, groups)
            .mapToObj(
                i ->
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
                                null))))
            .toList();
    return new DeliveryIntakeInput("alertmanager:abc", null, null, all);
  }

  private static List<GroupOutcome> delivered(DeliveryIntakeInput input) {
    return input.groups().stream()
        .map(g -> new GroupOutcome(g.key(), "incident-" + g.key(), 1, null, null, null))
        .toList();
  }

  private DeliveryIntakeWorkflow start(TestWorkflowEnvironment env, Worker worker, String id) {
    worker.registerActivitiesImplementations(starter);
    env.start();
    return env.getWorkflowClient()
        .newWorkflowStub(
            DeliveryIntakeWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(worker.getTaskQueue())
                .build());
  }

  @Test
  void run_givenManyGroups_deliversThemWithOneActivity(TestWorkflowEnvironment env, Worker worker) {
    DeliveryIntakeInput input = delivery(100);
    when(starter.deliverGroups(any())).thenReturn(delivered(input));
    DeliveryIntakeWorkflow intake = start(env, worker, "intake-many");

    List<GroupOutcome> outcomes = intake.run(input);

    assertThat(outcomes).hasSize(100);
    verify(starter, times(1)).deliverGroups(input);
    List<HistoryEvent> events =
        env.getWorkflowClient().fetchHistory("intake-many").getHistory().getEventsList();
    assertThat(events)
        .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .hasSize(1);
    // 11: started, 2 workflow tasks of 3 events, the activity's 3, completed (3 more when a loaded
    // machine times a workflow task out)
    assertThat(events.size()).isIn(11, 14);
  }

  @Test
  void run_whileTheActivityFails_retriesIt_untilTheGroupsAreDelivered(
      TestWorkflowEnvironment env, Worker worker) {
    DeliveryIntakeInput input = delivery(6);
    when(starter.deliverGroups(any()))
        .thenThrow(ApplicationFailure.newFailure("2 of 6 groups not accepted yet", "UNAVAILABLE"))
        .thenThrow(ApplicationFailure.newFailure("1 of 6 groups not accepted yet", "UNAVAILABLE"))
        .thenReturn(delivered(input));
    DeliveryIntakeWorkflow intake = start(env, worker, "intake-retried");

    List<GroupOutcome> outcomes = intake.run(input);

    assertThat(outcomes).extracting(GroupOutcome::incidentId).doesNotContainNull();
    verify(starter, times(3)).deliverGroups(input);
  }

  @Test
  void itsHistory_replays_andAHistoryOfAnotherActivityFailsAsNonDeterministic(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    DeliveryIntakeInput input = delivery(3);
    when(starter.deliverGroups(any())).thenReturn(delivered(input));
    WorkflowClient client = env.getWorkflowClient();
    start(env, worker, "intake-replayed").run(input);
    WorkflowExecutionHistory history = client.fetchHistory("intake-replayed");

    WorkflowReplayer.replayWorkflowExecution(history, DeliveryIntakeWorkflowImpl.class);

    String altered = history.toJson(false).replace("\"DeliverGroups\"", "\"DeliverAlerts\"");
    assertThat(altered).isNotEqualTo(history.toJson(false));
    assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecution(
                    WorkflowExecutionHistory.fromJson(altered, "intake-replayed"),
                    DeliveryIntakeWorkflowImpl.class))
        .hasMessageContaining(NonDeterministicException.class.getName());
  }

  @Test
  void workflowId_isReadable_andAnOverlongDeliveryIdIsHashedToABoundedOne() {
    assertThat(DeliveryIntakeWorkflow.workflowId("alertmanager:ab12"))
        .isEqualTo("intake-alertmanager:ab12");
    String overlong = "source:" + "x".repeat(5000);

    String id = DeliveryIntakeWorkflow.workflowId(overlong);

    assertThat(id).startsWith("intake-sha256-").hasSize("intake-sha256-".length() + 64);
    assertThat(DeliveryIntakeWorkflow.workflowId(overlong + "y")).isNotEqualTo(id);
  }
}
