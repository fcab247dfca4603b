package io.incidentresponse.bench.raw;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptor;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowClientInterceptorBase;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RawWorkflowTest {
  private static final String SLOW_TASK_QUEUE = "raw-slow";

  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(RawWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(RawWorkflowImpl.class, RawIntakeWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new RawActivitiesImpl(), new RawIntakeActivitiesImpl(env.getWorkflowClient()));
    // a second worker whose intake sends through a client that takes 50 ms per signal-with-start,
    // as a loaded server does
    WorkflowClient slowClient =
        WorkflowClient.newInstance(
            env.getWorkflowServiceStubs(),
            WorkflowClientOptions.newBuilder(env.getWorkflowClient().getOptions())
                .setInterceptors(new SlowSignalWithStart())
                .build());
    Worker slow = env.newWorker(SLOW_TASK_QUEUE);
    slow.registerWorkflowImplementationTypes(RawIntakeWorkflowImpl.class);
    slow.registerActivitiesImplementations(new RawIntakeActivitiesImpl(slowClient));
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

  @Test
  void queuedDelivery_intakeTerminatedWhileSending_stopsTheGroupsNotSentYet() throws Exception {
    // on the slow worker: 400 groups, 4 at once, take 5 s, past the first heartbeat at 2 s
    List<RawGroup> groups = new ArrayList<>();
    for (int k = 0; k < 400; k++) {
      groups.add(new RawGroup("raw-slow-k" + k, "alerts"));
    }
    RawIntakeWorkflow intake =
        client.newWorkflowStub(
            RawIntakeWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(SLOW_TASK_QUEUE)
                .setWorkflowId("raw-intake-slow")
                .build());
    WorkflowClient.start(
        intake::run, new RawIntakeInput(groups, new RawInput(0, 0, 0, false, null, false)));
    awaitExisting("raw-slow-k0");

    client.newUntypedWorkflowStub("raw-intake-slow").terminate("bench: measured");
    Thread.sleep(8_000);

    assertThat(exists("raw-slow-k0")).isTrue();
    for (int k = 300; k < 400; k++) {
      assertThat(exists("raw-slow-k" + k)).as("group %d sent after the intake ended", k).isFalse();
    }
  }

  /** Every signal-with-start of this client takes 50 ms longer. */
  private static final class SlowSignalWithStart extends WorkflowClientInterceptorBase {
    @Override
    public WorkflowClientCallsInterceptor workflowClientCallsInterceptor(
        WorkflowClientCallsInterceptor next) {
      return new WorkflowClientCallsInterceptorBase(next) {
        @Override
        public WorkflowSignalWithStartOutput signalWithStart(WorkflowSignalWithStartInput input) {
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          return super.signalWithStart(input);
        }
      };
    }
  }

  private void awaitExisting(String id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!exists(id)) {
      assertThat(System.nanoTime()).as(id + " exists within 30 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private boolean exists(String id) {
    try {
      client.newUntypedWorkflowStub(id).describe();
      return true;
    } catch (WorkflowNotFoundException notYet) {
      return false;
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
