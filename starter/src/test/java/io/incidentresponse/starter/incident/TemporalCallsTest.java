package io.incidentresponse.starter.incident;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.incidentresponse.starter.config.IncidentProperties;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How a refused call reads: an overloaded Temporal is not an unreachable one. */
class TemporalCallsTest {
  private final TemporalCalls calls =
      new TemporalCalls(
          mock(WorkflowClient.class),
          new IncidentProperties(
              null,
              null,
              null,
              "incident-response",
              Duration.ofSeconds(30),
              null,
              new IncidentProperties.Temporal(Duration.ofSeconds(3), Duration.ofSeconds(4)),
              null,
              null));

  @Test
  void workflowBusy_isOverloadedAndRetryable_notUnreachable() {
    // What the server answers when one incident gets more signals at once than it takes.
    StatusRuntimeException busy =
        Status.RESOURCE_EXHAUSTED.withDescription("Workflow is busy.").asRuntimeException();

    assertThatThrownBy(
            () ->
                calls.call(
                    () -> {
                      throw busy;
                    }))
        .isInstanceOf(TemporalUnavailableException.class)
        .hasMessageContaining("overloaded")
        .hasMessageContaining("Workflow is busy")
        .hasMessageNotContaining("unreachable");
  }

  @Test
  void connectionRefused_isUnreachable() {
    StatusRuntimeException down =
        Status.UNAVAILABLE.withDescription("io exception").asRuntimeException();

    assertThatThrownBy(
            () ->
                calls.call(
                    () -> {
                      throw down;
                    }))
        .isInstanceOf(TemporalUnavailableException.class)
        .hasMessageContaining("unreachable");
  }
}
