package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.starter.incident.IncidentKeys;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.incidentresponse.workflows.incident.IncidentWorkflowImpl;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.TaskQueues;
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
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Temporal down: the alert is refused with 503 and Retry-After (Alertmanager retries on 5xx).
 * Temporal back: the retried alert opens the incident. Temporal down again: every webhook and REST
 * endpoint answers 503 with Retry-After within its deadline.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "incident.webhooks.alertmanager.type=NONE",
      "incident.webhooks.pagerduty-signing-secrets=pd-secret",
      "incident.retry-after=15s",
      "incident.security.api-keys[0].person=alice",
      "incident.security.api-keys[0].roles=admin",
      "incident.security.api-keys[0].sha256=" + TestKeys.ALICE_SHA256
    })
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

  /** One request to an endpoint while Temporal is down. */
  record Call(String name, Function<Http, HttpResponse<String>> send) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Every webhook and REST endpoint that needs Temporal, each with a request it would accept. */
  static List<Call> everyEndpoint() {
    String id = "incident-checkout-checkouthigherrorrate-f491d0";
    String pagerDuty = Http.payload("pagerduty-triggered.json");
    return List.of(
        new Call(
            "alertmanager",
            h ->
                h.post(
                    "/webhooks/alertmanager",
                    Http.payload("alertmanager-firing.json").replace("Checkout", "Outage"))),
        new Call(
            "alertmanager, queued in an intake",
            h -> h.post("/webhooks/alertmanager", manyGroups())),
        new Call("grafana", h -> h.post("/webhooks/grafana", Http.payload("grafana-firing.json"))),
        new Call(
            "pagerduty",
            h ->
                h.post(
                    "/webhooks/pagerduty",
                    pagerDuty,
                    "X-PagerDuty-Signature",
                    Http.pagerDutySignature("pd-secret", pagerDuty))),
        new Call(
            "declare",
            h ->
                h.post(
                    "/api/incidents",
                    "{\"title\":\"t\",\"service\":\"outage\",\"severity\":\"P2\"}")),
        new Call("list", h -> h.get("/api/incidents?open=true")),
        new Call("show", h -> h.get("/api/incidents/" + id)),
        new Call("timeline", h -> h.get("/api/incidents/" + id + "/timeline")),
        new Call(
            "signal",
            h -> h.post("/api/incidents/" + id + "/signals/acknowledge", "{\"by\":\"alice\"}")),
        new Call(
            "approval",
            h ->
                h.post(
                    "/api/incidents/" + id + "/approvals",
                    "{\"actionId\":\"scale-1\",\"approver\":\"alice\"}")),
        new Call("report", h -> h.get("/api/reports/2026-10")));
  }

  /** A delivery of more incidents than incident.ingestion.direct-groups: one intake start. */
  static String manyGroups() {
    StringBuilder alerts = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      alerts
          .append(i == 0 ? "" : ",")
          .append("{\"status\":\"firing\",\"labels\":{\"alertname\":\"Outage\",")
          .append("\"service\":\"outage-")
          .append(i)
          .append("\"},\"startsAt\":\"")
          .append(Http.DAY)
          .append("T14:00:00Z\",\"fingerprint\":\"outage-")
          .append(i)
          .append("\"}");
    }
    return "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[" + alerts + "]}";
  }

  @Test
  void
      temporalDown_everyEndpointAnswers503WithRetryAfterWithinTheDeadline_andTheRetriedAlertOpensTheIncidentOnceItIsBack()
          throws Exception {
    Http http = new Http(port, TestKeys.apiKey(TestKeys.ALICE));
    String body = Http.payload("alertmanager-firing.json");

    // Temporal down from the start
    refusedInTime(http, new Call("alertmanager", h -> h.post("/webhooks/alertmanager", body)));
    assertThat(http.get("/actuator/health").statusCode()).as("temporal DOWN").isEqualTo(503);

    // Temporal comes up: the retried alert opens the incident
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

    // Temporal goes down again, after the starter knew it: every endpoint answers within its
    // deadline instead of after a minute of SDK retries
    for (Call call : everyEndpoint()) {
      refusedInTime(http, call);
    }
  }

  private static void refusedInTime(Http http, Call call) {
    long started = System.nanoTime();
    HttpResponse<String> refused = call.send().apply(http);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(refused.statusCode()).as(call + ": " + refused.body()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).as(call.name()).contains("15");
    assertThat(refused.headers().firstValue("Content-Type"))
        .as(call.name())
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(took)
        .as(call + " answers within its deadline (3 s), well within PagerDuty's 5 s")
        .isLessThan(Duration.ofSeconds(10));
  }
}
