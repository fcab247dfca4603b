package io.incidentresponse.starter.incident;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Tells {@link StuckGroups} which of the intakes it counts are no longer this starter's: after an
 * attempt fails here, the next one may run on another starter, and this one would keep counting the
 * intake's groups until they are forgotten ({@link StuckGroups#FORGOTTEN_AFTER}). Every {@link
 * #EVERY} each counted intake is described: when it has ended (or is gone), or its pending intake
 * activity was last picked up by another worker identity, its groups stop counting here. While
 * Temporal cannot answer (the usual reason groups are stuck) nothing is dropped.
 */
@Component
public class IntakeOwnership {
  private static final Logger log = LoggerFactory.getLogger(IntakeOwnership.class);

  /** How often the counted intakes are checked. */
  static final Duration EVERY = Duration.ofSeconds(30);

  private static final long DESCRIBE_DEADLINE_SECONDS = 5;

  private final WorkflowClient client;
  private final StuckGroups stuck;
  private final ScheduledExecutorService timer;

  @Autowired
  public IntakeOwnership(WorkflowClient client, StuckGroups stuck) {
    this(client, stuck, true);
  }

  IntakeOwnership(WorkflowClient client, StuckGroups stuck, boolean scheduled) {
    this.client = client;
    this.stuck = stuck;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "intake-ownership");
              thread.setDaemon(true);
              return thread;
            });
    if (scheduled) {
      long every = EVERY.toMillis();
      timer.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
  }

  /** Checks every intake counted stuck here once. */
  void check() {
    for (String intakeId : stuck.intakes()) {
      try {
        DescribeWorkflowExecutionResponse described =
            client
                .getWorkflowServiceStubs()
                .blockingStub()
                .withDeadlineAfter(DESCRIBE_DEADLINE_SECONDS, TimeUnit.SECONDS)
                .describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(intakeId))
                        .build());
        if (notOurs(described, client.getOptions().getIdentity())) {
          log.info("intake {} is run by another starter now, or has ended", intakeId);
          stuck.notOurs(intakeId);
        }
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
          stuck.notOurs(intakeId);
        } else {
          log.debug("intake {} not checked: {}", intakeId, e.getStatus());
        }
      } catch (RuntimeException e) {
        log.debug("intake {} not checked", intakeId, e);
      }
    }
  }

  /**
   * Whether the described intake is not this worker's ({@code identity}): ended, or its pending
   * activity last picked up by another worker (an activity no worker has picked up names nobody).
   */
  static boolean notOurs(DescribeWorkflowExecutionResponse described, String identity) {
    if (described.getWorkflowExecutionInfo().getStatus()
        != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return true;
    }
    for (PendingActivityInfo activity : described.getPendingActivitiesList()) {
      String last = activity.getLastWorkerIdentity();
      if (!last.isEmpty() && !last.equals(identity)) {
        return true;
      }
    }
    return false;
  }
}
