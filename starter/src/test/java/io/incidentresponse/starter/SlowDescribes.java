package io.incidentresponse.starter;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.MethodDescriptor;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionRequest;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A slow network between the starter and Temporal, for chosen workflows only: a describe of a
 * workflow id in {@link #slow}, or a signal-with-start of one in {@link #slowStarts}, reaches the
 * server {@link #DELAY} late (the caller's deadline runs meanwhile). Every other call goes through
 * untouched.
 */
public class SlowDescribes implements ClientInterceptor {
  static final Duration DELAY = Duration.ofSeconds(5);

  private final Set<String> slow = ConcurrentHashMap.newKeySet();
  private final Set<String> slowStarts = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService later =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "slow-describes");
            thread.setDaemon(true);
            return thread;
          });

  /** Describes of {@code workflowId} are late from now on. */
  public void slowDown(String workflowId) {
    slow.add(workflowId);
  }

  /** Signal-with-starts of {@code workflowId} are late from now on. */
  public void slowDownStarts(String workflowId) {
    slowStarts.add(workflowId);
  }

  /** Signal-with-starts of {@code workflowId} go through again. */
  public void speedUpStarts(String workflowId) {
    slowStarts.remove(workflowId);
  }

  private boolean isSlow(Object message) {
    if (message instanceof DescribeWorkflowExecutionRequest request) {
      return slow.contains(request.getExecution().getWorkflowId());
    }
    return message instanceof SignalWithStartWorkflowExecutionRequest request
        && slowStarts.contains(request.getWorkflowId());
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    ClientCall<Q, R> call = next.newCall(method, options);
    if (!method.getFullMethodName().endsWith("/DescribeWorkflowExecution")
        && !method.getFullMethodName().endsWith("/SignalWithStartWorkflowExecution")) {
      return call;
    }
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      private boolean delayed;

      @Override
      public void sendMessage(Q message) {
        delayed = isSlow(message);
        if (!delayed) {
          super.sendMessage(message);
          return;
        }
        later.schedule(() -> quietly(() -> super.sendMessage(message)), DELAY.toMillis(), MS);
      }

      @Override
      public void halfClose() {
        if (!delayed) {
          super.halfClose();
          return;
        }
        later.schedule(() -> quietly(super::halfClose), DELAY.toMillis(), MS);
      }
    };
  }

  private static final TimeUnit MS = TimeUnit.MILLISECONDS;

  /** The call may have been cancelled by its deadline meanwhile. */
  private static void quietly(Runnable step) {
    try {
      step.run();
    } catch (IllegalStateException cancelled) {
      // nothing to send on a call that is over
    }
  }
}
