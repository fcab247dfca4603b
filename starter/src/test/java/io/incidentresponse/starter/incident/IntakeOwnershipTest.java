package io.incidentresponse.starter.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.workflows.intake.AlertGroup;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code incident.intake.stuck} gauge drops an intake this starter no longer runs, on
 * Temporal's test server (which names no worker on a pending activity: the other starter's case is
 * checked on the describe answer the real server gives).
 */
class IntakeOwnershipTest {
  private static final Instant NOW = Instant.parse("2026-11-30T04:00:00Z");
  private static final String ME = "4242@starter-a";

  private final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  private final WorkflowClient client = env.getWorkflowClient();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final StuckGroups stuck =
      new StuckGroups(
          new IncidentProperties.Ingestion(
              8,
              Duration.ZERO,
              4,
              "incident-intake",
              2,
              Duration.ofMinutes(1),
              Duration.ofMinutes(5),
              1,
              true),
          meters,
          Clock.fixed(NOW, ZoneOffset.UTC),
          () -> 0L);
  private final IntakeOwnership ownership = new IntakeOwnership(client, stuck, false);

  @AfterEach
  void close() {
    ownership.stop();
    env.close();
  }

  private void stuckFor10Minutes(String intakeId, int index) {
    stuck.failed(
        intakeId,
        index,
        new AlertGroup("svc/Down", List.of()),
        NOW.minus(Duration.ofMinutes(10)),
        7,
        new IllegalStateException("UNAVAILABLE"));
  }

  private String runningIntake(String id) {
    client
        .newUntypedWorkflowStub(
            "DeliveryIntake",
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue("nobody").build())
        .start();
    return id;
  }

  private double gauge() {
    return meters.get("incident.intake.stuck").gauge().value();
  }

  @Test
  void check_givenAnIntakeStillRunningHere_keepsCountingItsGroups() {
    String intake = runningIntake("intake-running");
    stuckFor10Minutes(intake, 0);
    stuckFor10Minutes(intake, 1);

    ownership.check();

    assertThat(gauge()).isEqualTo(2);
  }

  @Test
  void check_givenAnIntakeThatEnded_dropsOnlyItsGroups() {
    String ended = runningIntake("intake-ended");
    String running = runningIntake("intake-other");
    stuckFor10Minutes(ended, 0);
    stuckFor10Minutes(ended, 3);
    stuckFor10Minutes(running, 0);
    client.newUntypedWorkflowStub(ended).terminate("taken care of");

    ownership.check();

    assertThat(gauge()).isEqualTo(1);
    assertThat(stuck.intakes()).containsExactly(running);
  }

  @Test
  void check_givenAnIntakeTemporalDoesNotKnow_dropsItsGroups() {
    stuckFor10Minutes("intake-never-started", 0);

    ownership.check();

    assertThat(gauge()).isZero();
  }

  @Test
  void check_whileTemporalCannotAnswer_dropsNothing() {
    String intake = runningIntake("intake-outage");
    stuckFor10Minutes(intake, 0);
    env.close(); // the server is gone: every describe fails

    ownership.check();

    assertThat(gauge()).isEqualTo(1);
  }

  private static DescribeWorkflowExecutionResponse running(String lastWorker) {
    return DescribeWorkflowExecutionResponse.newBuilder()
        .setWorkflowExecutionInfo(
            WorkflowExecutionInfo.newBuilder()
                .setStatus(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING))
        .addPendingActivities(
            PendingActivityInfo.newBuilder().setAttempt(8).setLastWorkerIdentity(lastWorker))
        .build();
  }

  @Test
  void notOurs_whenAnotherStarterPickedUpTheLastAttempt_isTrue() {
    assertThat(IntakeOwnership.notOurs(running("5151@starter-b"), ME)).isTrue();
    assertThat(IntakeOwnership.notOurs(running(ME), ME)).isFalse();
    assertThat(IntakeOwnership.notOurs(running(""), ME)).isFalse();
  }
}
