package io.incidentresponse.starter.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.workflows.drill.DrillWorkflow;
import io.incidentresponse.workflows.maintenance.MaintenanceWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The list of running maintenances and drills against a real visibility store: the Temporal CLI dev
 * server (installed by {@code scripts/lib/temporal-cli.sh}; the test is skipped where it is not),
 * and the fallback on Temporal's in-process test server, which has no visibility.
 */
class RunningListTest {
  private static final Path CLI =
      Path.of(
          System.getenv()
              .getOrDefault(
                  "TEMPORAL_CLI",
                  System.getProperty("user.home")
                      + "/.cache/incident-response/temporal-cli/bin/temporal"));

  @TempDir static Path dir;
  private static Process server;
  private static WorkflowServiceStubs stubs;
  private static WorkflowClient client;

  @BeforeAll
  static void devServer() throws Exception {
    if (!Files.isExecutable(CLI)) {
      return;
    }
    int port = freePort();
    server =
        new ProcessBuilder(
                CLI.toString(),
                "server",
                "start-dev",
                "--headless",
                "--ip",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--http-port",
                String.valueOf(freePort()),
                "--metrics-port",
                String.valueOf(freePort()),
                "--db-filename",
                dir.resolve("temporal.db").toString(),
                "--log-level",
                "error")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile())
            .start();
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        client.listExecutions("ExecutionStatus = 'Running'").limit(1).count();
        return;
      } catch (RuntimeException notUpYet) {
        if (System.nanoTime() > deadline) {
          throw notUpYet;
        }
        Thread.sleep(250);
      }
    }
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (stubs != null) {
      stubs.shutdownNow();
    }
    if (server != null) {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static IncidentProperties properties(Duration interval) {
    return new IncidentProperties(
        null,
        null,
        null,
        "incident-response",
        Duration.ofSeconds(30),
        null,
        new IncidentProperties.Temporal(Duration.ofSeconds(5), Duration.ofSeconds(5)),
        null,
        new IncidentProperties.Ingestion(
            8,
            interval,
            4,
            "incident-intake",
            4,
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            32,
            true));
  }

  /** Starts a workflow of {@code type} (no worker: it stays running). */
  private static void start(String type, String workflowId) {
    client
        .newUntypedWorkflowStub(
            type,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue("running-list-test")
                .build())
        .start();
  }

  private static void awaitListed(String workflowId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (client
            .listExecutions("WorkflowId = '" + workflowId + "' AND ExecutionStatus = 'Running'")
            .findAny()
            .isEmpty()
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  @Test
  void listedMaintenancesAndDrills_areRunning_everyOtherServiceIsCertainlyNot()
      throws InterruptedException {
    assumeTrue(client != null, "no Temporal CLI at " + CLI);
    start(MaintenanceWorkflow.TYPE, MaintenanceWorkflow.workflowId("listed-db"));
    start(DrillWorkflow.TYPE, DrillWorkflow.workflowId("listed-cart"));
    start("SomethingElse", MaintenanceWorkflow.workflowId("not-a-maintenance"));
    awaitListed(DrillWorkflow.workflowId("listed-cart"));
    RunningList list =
        new RunningList(
            client,
            new TemporalCalls(client, properties(Duration.ofSeconds(5))),
            properties(Duration.ofSeconds(5)),
            Clock.systemUTC());

    assertThat(list.certainlyNotRunning(MaintenanceWorkflow.workflowId("quiet")))
        .as("no list taken yet: look it up")
        .isFalse();
    list.refresh();

    assertThat(list.certainlyNotRunning(MaintenanceWorkflow.workflowId("listed-db"))).isFalse();
    assertThat(list.certainlyNotRunning(DrillWorkflow.workflowId("listed-cart"))).isFalse();
    assertThat(list.certainlyNotRunning(MaintenanceWorkflow.workflowId("quiet"))).isTrue();
    assertThat(list.certainlyNotRunning(MaintenanceWorkflow.workflowId("not-a-maintenance")))
        .as("only maintenance and drill workflows count")
        .isTrue();

    list.started(MaintenanceWorkflow.workflowId("quiet"));
    assertThat(list.certainlyNotRunning(MaintenanceWorkflow.workflowId("quiet")))
        .as("started through this starter after the list was taken")
        .isFalse();
  }

  @Test
  void aListOlderThanTwoIntervals_isNotBelieved() {
    assumeTrue(client != null, "no Temporal CLI at " + CLI);
    Instant[] now = {Instant.parse("2026-11-30T12:00:00Z")};
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    IncidentProperties properties = properties(Duration.ofSeconds(5));
    RunningList list =
        new RunningList(client, new TemporalCalls(client, properties), properties, clock);
    list.refresh();
    assertThat(list.certainlyNotRunning(MaintenanceWorkflow.workflowId("stale"))).isTrue();

    now[0] = now[0].plusSeconds(11);

    assertThat(list.certainlyNotRunning(MaintenanceWorkflow.workflowId("stale"))).isFalse();
  }

  @Test
  void aTemporalWithoutVisibility_alwaysSendsTheCallerToItsLookUp() {
    TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance();
    try {
      WorkflowClient testClient = environment.getWorkflowClient();
      IncidentProperties properties = properties(Duration.ofMillis(50));
      RunningList list =
          new RunningList(
              testClient, new TemporalCalls(testClient, properties), properties, Clock.systemUTC());
      list.refreshQuietly();

      assertThat(list.certainlyNotRunning(MaintenanceWorkflow.workflowId("anything"))).isFalse();
      assertThat(list.certainlyNotRunning(DrillWorkflow.workflowId("anything"))).isFalse();
      list.stop();
    } finally {
      environment.close();
    }
  }
}
