package io.incidentresponse.workflows.maintenance;

import static io.incidentresponse.workflows.StoredHistories.read;
import static io.incidentresponse.workflows.StoredHistories.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays stored maintenance histories against the current code: a maintenance may run for days, so
 * a change that breaks a running one fails here. Recorded with {@code ./mvnw -pl workflows test
 * -Dtest=MaintenanceWorkflowReplayTest -DrecordHistories=true}, which writes only files that do not
 * exist yet.
 */
class MaintenanceWorkflowReplayTest {
  /** v0: silenced, alerts held, extended (silence moved), ended by a person, silence expired. */
  private static final String HELD_EXTENDED_ENDED_V0 = "maintenance-held-extended-ended-v0";

  private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(MaintenanceWorkflowImpl.class)
          .setInitialTime(T0)
          .setDoNotStart(true)
          .build();

  private final MaintenanceActivities alertmanager =
      mock(MaintenanceActivities.class, withSettings().withoutAnnotations());

  @Test
  void storedHistory_replaysWithTheCurrentCode() throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(read(HELD_EXTENDED_ENDED_V0), HELD_EXTENDED_ENDED_V0),
        MaintenanceWorkflowImpl.class);
  }

  @Test
  void aHistoryWhoseActivitiesTheCodeDoesNotCall_failsAsNonDeterministic() throws Exception {
    String json = read(HELD_EXTENDED_ENDED_V0);
    String altered = json.replace("\"ExtendSilence\"", "\"Silence\"");
    assertThat(altered).isNotEqualTo(json);

    assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecution(
                    WorkflowExecutionHistory.fromJson(altered, HELD_EXTENDED_ENDED_V0),
                    MaintenanceWorkflowImpl.class))
        .hasMessageContaining(NonDeterministicException.class.getName());
  }

  @Test
  void freshHistory_replaysWithTheCurrentCode(
      TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) throws Exception {
    WorkflowClient client = start(env, worker);

    WorkflowExecutionHistory fresh = heldExtendedEnded(env, client, options, "maintenance-fresh");

    WorkflowReplayer.replayWorkflowExecution(fresh, MaintenanceWorkflowImpl.class);
  }

  @Test
  @EnabledIfSystemProperty(named = "recordHistories", matches = "true")
  void recordHistories(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options)
      throws Exception {
    WorkflowClient client = start(env, worker);
    write(HELD_EXTENDED_ENDED_V0, heldExtendedEnded(env, client, options, HELD_EXTENDED_ENDED_V0));
  }

  private WorkflowClient start(TestWorkflowEnvironment env, Worker worker) {
    when(alertmanager.silence(any())).thenReturn("silence-1");
    when(alertmanager.extendSilence(eq("silence-1"), any())).thenReturn("silence-2");
    worker.registerActivitiesImplementations(alertmanager);
    env.start();
    return env.getWorkflowClient();
  }

  private static WorkflowExecutionHistory heldExtendedEnded(
      TestWorkflowEnvironment env, WorkflowClient client, WorkflowOptions options, String id) {
    MaintenanceWorkflow maintenance =
        client.newWorkflowStub(
            MaintenanceWorkflow.class,
            WorkflowOptions.newBuilder(options).setWorkflowId(id).build());
    WorkflowClient.start(
        maintenance::run,
        new MaintenanceRequest("checkout", Duration.ofHours(2), "db upgrade", "alice"));
    assertThat(maintenance.holdAlerts(new HeldAlerts("ALERTMANAGER", List.of("DiskSlow"), 2, T0)))
        .isTrue();
    env.sleep(Duration.ofMinutes(30));
    maintenance.extend(new ExtendMaintenanceRequest("alice", Duration.ofHours(3), "slower"));
    env.sleep(Duration.ofMinutes(10));
    maintenance.end(new EndMaintenanceRequest("bob", "done"));
    MaintenanceState ended = WorkflowStub.fromTyped(maintenance).getResult(MaintenanceState.class);
    assertThat(ended.endedBy).isEqualTo("bob");
    assertThat(ended.alertsHeld).isEqualTo(2);
    return client.fetchHistory(id);
  }
}
