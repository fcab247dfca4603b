package io.incidentresponse.starter.incident;

import io.grpc.ConnectivityState;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.incidentresponse.starter.config.IncidentProperties;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateTimeoutOrCancelledException;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Every Temporal call a request makes, bounded by a deadline (SDK retries included, through a gRPC
 * context deadline) and with one reading of its failures:
 *
 * <ul>
 *   <li>Temporal unreachable, overloaded (said so: RESOURCE_EXHAUSTED), or a start, signal or list
 *       past its deadline: {@link TemporalUnavailableException} (503 with Retry-After; a retried
 *       delivery is dropped by the incident if the first one did arrive, so a retry is safe).
 *   <li>A query or update past its deadline while Temporal itself is reachable: {@link
 *       IncidentDidNotAnswerException} (504): the incident's worker is busy or down.
 * </ul>
 *
 * Anything else (not found, refused by the incident, invalid) is passed through.
 */
@Component
public class TemporalCalls {
  private static final Set<Status.Code> UNREACHABLE =
      Set.of(
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.ABORTED);

  private final WorkflowClient client;
  private final Duration deadline;
  private final Duration queryDeadline;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "temporal-call-deadlines");
            thread.setDaemon(true);
            return thread;
          });

  public TemporalCalls(WorkflowClient client, IncidentProperties properties) {
    this.client = client;
    this.deadline = properties.temporal().deadline();
    this.queryDeadline = properties.temporal().queryDeadline();
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
  }

  /** A start, signal, signal-with-start or list, within the deadline. */
  public <T> T call(Supplier<T> temporal) {
    try {
      return within(deadline, temporal);
    } catch (RuntimeException e) {
      throw unavailableOr(e);
    }
  }

  /**
   * A query or update the incident's worker answers, within the query deadline.
   *
   * @param incidentId the incident asked, for the 504's message
   * @param outcomeUnknown true for an update: past the deadline it may still be applied later
   */
  public <T> T ask(String incidentId, boolean outcomeUnknown, Supplier<T> temporal) {
    try {
      return within(queryDeadline, temporal);
    } catch (RuntimeException e) {
      if (pastDeadline(e) && reachable()) {
        throw new IncidentDidNotAnswerException(incidentId, queryDeadline, outcomeUnknown, e);
      }
      throw unavailableOr(e);
    }
  }

  /**
   * A call with its own, longer wait (a report's result): no deadline here, failures read as in
   * {@link #call}.
   */
  public <T> T await(Supplier<T> temporal) {
    try {
      return temporal.get();
    } catch (RuntimeException e) {
      throw unavailableOr(e);
    }
  }

  /**
   * The result of a workflow this request has just started with {@code timeout} as its execution
   * timeout: waits up to that timeout and 2 s more (the workflow's own end, then its failure, comes
   * first when it overruns); a wait that ends without a result throws {@code timedOut} of the
   * workflow id. Failures read as in {@link #await}.
   */
  public <R> R result(
      Object workflow,
      Class<R> type,
      Duration timeout,
      Function<String, ? extends RuntimeException> timedOut) {
    WorkflowStub stub = WorkflowStub.fromTyped(workflow);
    return await(
        () -> {
          try {
            return stub.getResult(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS, type);
          } catch (TimeoutException e) {
            throw timedOut.apply(stub.getExecution().getWorkflowId());
          }
        });
  }

  public Duration deadline() {
    return deadline;
  }

  /**
   * Whether {@code workflowId}'s latest run is running: a describe within {@code limit} (the
   * deadline when null); false when there is no such workflow. Failures read as in {@link #call}.
   */
  public boolean isRunning(String workflowId, Duration limit) {
    try {
      return describe(workflowId, limit).getWorkflowExecutionInfo().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  /**
   * The describe of {@code workflowId}'s latest run, within {@code limit} (the deadline when null).
   * A workflow that does not exist throws the server's NOT_FOUND {@link StatusRuntimeException};
   * other failures read as in {@link #call}.
   */
  public DescribeWorkflowExecutionResponse describe(String workflowId, Duration limit) {
    DescribeWorkflowExecutionRequest request =
        DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
            .build();
    try {
      return within(
          limit == null ? deadline : limit,
          () -> client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(request));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw e;
      }
      throw unavailableOr(e);
    } catch (RuntimeException e) {
      throw unavailableOr(e);
    }
  }

  private <T> T within(Duration limit, Supplier<T> temporal) {
    Context.CancellableContext context =
        Context.current().withDeadlineAfter(limit.toMillis(), TimeUnit.MILLISECONDS, timer);
    try {
      return context.call(temporal::get);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception checked) {
      throw new IllegalStateException(checked);
    } finally {
      context.cancel(null);
    }
  }

  private RuntimeException unavailableOr(RuntimeException e) {
    StatusRuntimeException grpc = grpcCause(e);
    if (grpc != null && grpc.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
      // Reachable but refusing: a rate limit, or "Workflow is busy" when one incident receives
      // more signals at once than its history takes. Retrying later is right; "unreachable" is not.
      return new TemporalUnavailableException(
          "Temporal is overloaded and refused the call: " + grpc.getStatus(), e);
    }
    if (grpc != null && UNREACHABLE.contains(grpc.getStatus().getCode())) {
      return new TemporalUnavailableException("Temporal is unreachable: " + grpc.getStatus(), e);
    }
    if (pastDeadline(e)) {
      return new TemporalUnavailableException(
          "Temporal did not answer within the deadline (channel " + channelState() + ")", e, true);
    }
    return e;
  }

  /**
   * The call ran out of time: a DEADLINE_EXCEEDED or CANCELLED status, an update that timed out, or
   * the SDK's "invalid expiration" (its capability check when the deadline has already passed).
   */
  private static boolean pastDeadline(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof WorkflowUpdateTimeoutOrCancelledException
          || t instanceof CancellationException) {
        return true;
      }
      if (t instanceof StatusRuntimeException grpc) {
        Status.Code code = grpc.getStatus().getCode();
        return code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.CANCELLED;
      }
      if (t instanceof IllegalArgumentException
          && t.getMessage() != null
          && t.getMessage().startsWith("invalid expiration")) {
        return true;
      }
    }
    return false;
  }

  private static StatusRuntimeException grpcCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        return grpc;
      }
    }
    return null;
  }

  private boolean reachable() {
    return channelState() == ConnectivityState.READY;
  }

  private ConnectivityState channelState() {
    try {
      return client.getWorkflowServiceStubs().getRawChannel().getState(false);
    } catch (UnsupportedOperationException unknown) {
      return ConnectivityState.READY;
    }
  }
}
