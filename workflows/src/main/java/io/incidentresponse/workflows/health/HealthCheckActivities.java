package io.incidentresponse.workflows.health;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Looks at one service: its Deployment's rollout and ready replicas (Kubernetes), its health URL,
 * and Prometheus's {@code up}, error ratio and p95 against the worker's thresholds. Reads only, so
 * a retry is harmless. It does not fail for a check that cannot look: that check is UNKNOWN with
 * the reason (not configured, unreachable), and the others still run.
 */
@ActivityInterface
public interface HealthCheckActivities {

  /**
   * A check bounds its own calls (the health URL at three times its latency limit, the APIs at 10
   * s); two attempts within two minutes, then the workflow reports the service UNKNOWN.
   */
  ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setScheduleToCloseTimeout(Duration.ofMinutes(2))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2).build())
          .build();

  ServiceHealth checkService(ServiceHealthRequest request);
}
