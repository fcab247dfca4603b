package io.incidentresponse.workflows.drill;

import static io.incidentresponse.workflows.StoredHistories.read;
import static io.incidentresponse.workflows.StoredHistories.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.incidentresponse.workflows.drill.DrillState.EndReason;
import io.incidentresponse.workflows.incident.Severity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays a stored drill history against the current code: a drill runs for up to four hours, and
 * its revert must survive a deploy of the worker. Recorded with {@code ./mvnw -pl workflows test
 * -Dtest=DrillWorkflowReplayTest -DrecordHistories=true}, which writes only files that do not exist
 * yet.
 */
class DrillWorkflowReplayTest {
  /**
   * v0: injected, checks passing then a blind one, the drill incident signalled, a stop condition
   * tripped, a revert that failed once, scored, reported.
   */
  private static final String TRIPPED_V0 = "drill-tripped-scored-v0";

  private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(DrillWorkflowImpl.class)
          .setInitialTime(T0)
          .setDoNotStart(true)
          .build();

  private final DrillActivities activities =
      mock(DrillActivities.class, withSettings().withoutAnnotations());

  @Test
  void storedHistory_replaysWithTheCurrentCode() throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(read(TRIPPED_V0), TRIPPED_V0), DrillWorkflowImpl.class);
  }

  @Test
  void aHistoryWhoseActivitiesTheCodeDoesNotCall_failsAsNonDeterministic() throws Exception {
    String json = read(TRIPPED_V0);
    String altered = json.replace("\"DrillInject\"", "\"DrillRevert\"");
    assertThat(altered).isNotEqualTo(json);

    assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecution(
                    WorkflowExecutionHistory.fromJson(altered, TRIPPED_V0),
                    DrillWorkflowImpl.class))
        .hasMessageContaining(NonDeterministicException.class.getName());
  }

  @Test
  void freshHistory_replaysWithTheCurrentCode(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    WorkflowClient client = start(env, worker);

    WorkflowReplayer.replayWorkflowExecution(
        trippedScored(env, client, options, "drill-fresh"), DrillWorkflowImpl.class);
  }

  @Test
  @EnabledIfSystemProperty(named = "recordHistories", matches = "true")
  void recordHistories(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options)
      throws Exception {
    WorkflowClient client = start(env, worker);
    write(TRIPPED_V0, trippedScored(env, client, options, TRIPPED_V0));
  }

  private WorkflowClient start(TestWorkflowEnvironment env, Worker worker) {
    when(activities.capture(any()))
        .thenReturn(
            new DrillInjection(
                "drill-checkout",
                DrillScenarios.FAILURE_RATE,
                "checkout",
                "shop",
                Map.of("rate", "0.3"),
                Map.of("container", "checkout", "env", "FAILURE_RATE", "value", "(absent)"),
                "FAILURE_RATE=0.3 on shop/checkout (checkout)",
                false));
    when(activities.checkStopConditions(any()))
        .thenReturn(new StopCheck(false, "errorRatio 0.100 within 0.500"))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("down", "UNAVAILABLE"))
        .thenReturn(new StopCheck(true, "errorRatio 0.610 above 0.500"));
    doThrow(ApplicationFailure.newNonRetryableFailure("forbidden", "INVALID_CREDENTIALS"))
        .doReturn("FAILURE_RATE removed (absent before)")
        .when(activities)
        .revert(any());
    when(activities.incidentTimes("incident-checkout-HighErrorRate"))
        .thenReturn(
            new IncidentTimes(
                "incident-checkout-HighErrorRate",
                Severity.P1,
                T0.plusSeconds(40),
                null,
                null,
                null));
    when(activities.writeReport(any())).thenReturn("/data/drills/drill-checkout.md");
    worker.registerActivitiesImplementations(activities);
    env.start();
    return env.getWorkflowClient();
  }

  private static WorkflowExecutionHistory trippedScored(
      TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options, String id) {
    DrillWorkflow drill =
        client.newWorkflowStub(
            DrillWorkflow.class, WorkflowOptions.newBuilder(options).setWorkflowId(id).build());
    WorkflowClient.start(
        drill::run,
        new DrillRequest(
            DrillScenarios.FAILURE_RATE,
            "checkout",
            "shop",
            Duration.ofMinutes(30),
            Map.of("rate", "0.3"),
            null,
            null,
            "alice",
            "game day",
            false,
            false,
            null));
    env.sleep(Duration.ofSeconds(40));
    drill.incidentOpened(
        new DrillIncident(
            "incident-checkout-HighErrorRate", T0.plusSeconds(40), Severity.P1, true));
    DrillState ended = WorkflowStub.fromTyped(drill).getResult(DrillState.class);
    assertThat(ended.endReason).isEqualTo(EndReason.STOP_CONDITION);
    assertThat(ended.revertedAt).isNotNull();
    assertThat(ended.score.detected()).isTrue();
    return client.fetchHistory(id);
  }
}
