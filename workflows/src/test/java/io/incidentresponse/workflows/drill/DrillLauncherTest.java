package io.incidentresponse.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The schedule's launcher starts the drill under drill-<service>, or skips a busy service. */
class DrillLauncherTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(DrillWorkflowImpl.class, DrillLauncherImpl.class)
          .setDoNotStart(true)
          .build();

  private final DrillActivities activities =
      mock(DrillActivities.class, withSettings().withoutAnnotations());
  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker, WorkflowOptions options) {
    taskQueue = options.getTaskQueue();
    client = env.getWorkflowClient();
    when(activities.capture(any()))
        .thenReturn(
            new DrillInjection(
                "drill-payments",
                "scale-down",
                "payments",
                "shop",
                Map.of(),
                Map.of(),
                "x",
                false));
    worker.registerActivitiesImplementations(activities);
    env.start();
  }

  private boolean launch(String id) {
    return client
        .newWorkflowStub(
            DrillLauncher.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(taskQueue).build())
        .launch(
            new DrillRequest(
                DrillScenarios.SCALE_DOWN,
                "payments",
                "shop",
                Duration.ofHours(1),
                null,
                null,
                null,
                "schedule monthly",
                null,
                false,
                false,
                null));
  }

  @Test
  void aScheduledDrill_runsUnderTheServicesDrillId_andASecondOneIsSkipped() {
    assertThat(launch("drill-monthly-2026-12-01T09:00:00Z")).isTrue();
    verify(activities, timeout(5_000)).inject(any());
    DrillState running =
        client.newWorkflowStub(DrillWorkflow.class, DrillWorkflow.workflowId("payments")).state();
    assertThat(running.startedBy).isEqualTo("schedule monthly");

    assertThat(launch("drill-monthly-2027-01-01T09:00:00Z")).isFalse();
  }
}
