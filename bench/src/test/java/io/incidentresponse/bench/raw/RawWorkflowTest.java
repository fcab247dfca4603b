package io.incidentresponse.bench.raw;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RawWorkflowTest {
  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(RawWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(RawWorkflowImpl.class, RawIntakeWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new RawActivitiesImpl(), new RawIntakeActivitiesImpl(env.getWorkflowClient()));
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void signalWithStart_holdingWorkflow_keepsTheAlertAndWaitsForClose() throws Exception {
    WorkflowStub stub = stub("raw-hold");
    stub.signalWithStart(
        "alert",
        new Object[] {new RawAlert("{\"alerts\":[1]}")},
        new Object[] {RawInput.holding(2)});
    RawWorkflow typed = client.newWorkflowStub(RawWorkflow.class, "raw-hold");
    typed.alert(new RawAlert("second"));

    RawState state = typed.state();

    assertThat(state.alerts()).containsExactly("{\"alerts\":[1]}", "second");
    assertThat(state.closed()).isFalse();
    typed.close(new RawClose("bench"));
    stub.getResult(5, TimeUnit.SECONDS, Void.class);
    assertThat(typed.state().stepsDone()).isEqualTo(2);
  }

  @Test
  void lifecycle_runsTheActivitiesBeforeAndAfterClose_andNoMore() throws Exception {
    WorkflowStub stub = stub("raw-lifecycle");
    stub.signalWithStart(
        "alert",
        new Object[] {new RawAlert("a")},
        new Object[] {new RawInput(1, 4, 0, false, null, true)});
    client.newWorkflowStub(RawWorkflow.class, "raw-lifecycle").close(new RawClose("bench"));
    stub.getResult(5, TimeUnit.SECONDS, Void.class);

    long scheduled =
        client.fetchHistory("raw-lifecycle").getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .count();

    assertThat(scheduled).isEqualTo(5);
  }

  @Test
  void parallelProbes_areAllScheduledAtOnce_beforeAnyCompletes() throws Exception {
    WorkflowStub stub = stub("raw-probes");
    stub.signalWithStart(
        "alert",
        new Object[] {new RawAlert("a")},
        new Object[] {new RawInput(8, 0, 200, true, null, false)});
    stub.getResult(10, TimeUnit.SECONDS, Void.class);

    List<EventType> types =
        client.fetchHistory("raw-probes").getEvents().stream()
            .map(e -> e.getEventType())
            .filter(
                t ->
                    t == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
                        || t == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
            .toList();

    assertThat(types).hasSize(16);
    assertThat(types.subList(0, 8)).containsOnly(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
  }

  @Test
  void queuedDelivery_fansEachGroupOutToItsOwnWorkflow_afterOneStart() throws Exception {
    List<RawGroup> groups =
        List.of(
            new RawGroup("raw-k0", "k0 alerts"),
            new RawGroup("raw-k1", "k1 alerts"),
            new RawGroup("raw-k2", "k2 alerts"),
            new RawGroup("raw-k3", "k3 alerts"),
            new RawGroup("raw-k4", "k4 alerts"));

    RawStarts.queue(client, "raw-intake-1", new RawIntakeInput(groups, RawInput.holding(1)));
    client.newUntypedWorkflowStub("raw-intake-1").getResult(10, TimeUnit.SECONDS, Void.class);

    for (RawGroup group : groups) {
      RawState state = client.newWorkflowStub(RawWorkflow.class, group.workflowId()).state();
      assertThat(state.alerts()).containsExactly(group.body());
    }
  }

  private WorkflowStub stub(String id) {
    return client.newUntypedWorkflowStub(
        "RawWorkflow",
        WorkflowOptions.newBuilder()
            .setTaskQueue(RawWorkflow.TASK_QUEUE)
            .setWorkflowId(id)
            .build());
  }
}
