package io.incidentresponse.starter.incident;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.client.WorkflowClient;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** {@code temporal} in /actuator/health: can the starter reach the Temporal frontend now? */
@Component("temporal")
public class TemporalHealthIndicator extends AbstractHealthIndicator {
  private final WorkflowClient client;

  public TemporalHealthIndicator(WorkflowClient client) {
    super("Temporal health check failed");
    this.client = client;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    try {
      GetSystemInfoResponse info =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .withDeadlineAfter(2, TimeUnit.SECONDS)
              .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      builder
          .up()
          .withDetail("namespace", client.getOptions().getNamespace())
          .withDetail("serverVersion", info.getServerVersion());
    } catch (StatusRuntimeException e) {
      builder
          .down()
          .withDetail("namespace", client.getOptions().getNamespace())
          .withDetail("error", e.getStatus().getCode().name());
    }
  }
}
