package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.starter.incident.IncidentKeys;
import io.incidentresponse.workflows.activities.TaskQueues;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.incidentresponse.workflows.incident.IncidentWorkflowImpl;
import io.incidentresponse.workflows.model.Phase;
import io.incidentresponse.workflows.postmortem.PostmortemWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Temporal down: the alert is refused with 503 and Retry-After (Alertmanager retries on 5xx).
 * Temporal back: the retried alert opens the incident.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"incident.webhooks.alertmanager.type=NONE", "incident.retry-after=15s"})
class TemporalOutageIT {
  private static final int TEMPORAL_PORT = freePort();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void temporal(DynamicPropertyRegistry registry) {
    registry.add("spring.temporal.connection.target", () -> "127.0.0.1:" + TEMPORAL_PORT);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void temporalDown_is503WithRetryAfter_andTheRetriedAlertOpensTheIncidentOnceItIsBack()
      throws Exception {
    Http http = new Http(port);
    String body = Http.payload("alertmanager-firing.json");

    long started = System.nanoTime();
    HttpResponse<String> refused = http.post("/webhooks/alertmanager", body);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).contains("15");
    assertThat(refused.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(took)
        .as("fails fast enough for Alertmanager's webhook timeout")
        .isLessThan(Duration.ofSeconds(10));
    assertThat(http.get("/actuator/health").statusCode()).as("temporal DOWN").isEqualTo(503);

    try (TestServer.PortBoundTestServer temporal =
        TestServer.createPortBoundServer(TEMPORAL_PORT, false)) {
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setTarget("127.0.0.1:" + TEMPORAL_PORT)
                  .build());
      WorkflowClient client = WorkflowClient.newInstance(stubs);
      WorkerFactory workers = WorkerFactory.newInstance(client);
      Worker worker = workers.newWorker(TaskQueues.INCIDENTS);
      worker.registerWorkflowImplementationTypes(
          IncidentWorkflowImpl.class, PostmortemWorkflowImpl.class);
      worker.registerActivitiesImplementations(new StandInActivities());
      workers.start();
      try {
        HttpResponse<String> retried = http.post("/webhooks/alertmanager", body);
        for (int i = 0; i < 20 && retried.statusCode() == 503; i++) {
          Thread.sleep(500); // the channel reconnects with backoff
          retried = http.post("/webhooks/alertmanager", body);
        }

        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
        IncidentWorkflow incident =
            client.newWorkflowStub(
                IncidentWorkflow.class, IncidentKeys.workflowId("checkout/CheckoutHighErrorRate"));
        IncidentState state = null;
        for (int i = 0; i < 200; i++) {
          state = incident.state();
          if (state.phase == Phase.MITIGATING) {
            break;
          }
          Thread.sleep(50);
        }
        assertThat(state.alerts).hasSize(2);
        assertThat(state.phase).isEqualTo(Phase.MITIGATING);
      } finally {
        workers.shutdownNow();
        stubs.shutdownNow();
      }
    }
  }
}
