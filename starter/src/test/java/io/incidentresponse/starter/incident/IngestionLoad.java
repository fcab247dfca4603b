package io.incidentresponse.starter.incident;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertBatch;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.alerts.AlertStatus;
import io.incidentresponse.workflows.incident.IncidentInput;
import io.incidentresponse.workflows.policy.ResponsePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throwaway load harness (not a test, not in the build's timed path): a running starter's
 * Alertmanager webhook against the raw SDK's signal-with-start carrying the same payload, on the
 * same Temporal, from this JVM, with the same callers. The official benchmark is the {@code bench}
 * module's; this one measures the ingestion path while it is being changed.
 *
 * <p>{@code java -cp ... IngestionLoad http://127.0.0.1:27310 127.0.0.1:27300 [seconds] [callers]}
 */
public final class IngestionLoad {
  private static final String RAW_TYPE = "RawIncident";
  private static final String RAW_QUEUE = "raw-ingestion";

  /** One scenario: alerts per request, all on one key out of {@code keys}. */
  record Scenario(String name, int alertsPerRequest, int keys, int keysPerRequest) {}

  private static final List<Scenario> SCENARIOS =
      List.of(
          new Scenario("1 alert/request, 200 keys", 1, 200, 1),
          new Scenario("10 alerts/request, 200 keys", 10, 200, 1),
          new Scenario("100 alerts/request, 200 keys", 100, 200, 1),
          new Scenario("storm: 10 alerts/request, 3 keys", 10, 3, 1),
          new Scenario("storm: 30 alerts/request over 3 keys", 30, 3, 3));

  private static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis());

  private IngestionLoad() {}

  public static void main(String[] args) throws Exception {
    String starter = args[0];
    String temporal = args[1];
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    int callers = args.length > 3 ? Integer.parseInt(args[3]) : 16;
    String only = args.length > 4 ? args[4] : "";
    String run = Long.toString(System.currentTimeMillis() % 100_000, 36);
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(temporal).build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    HttpClient http =
        HttpClient.newBuilder()
            .executor(Executors.newFixedThreadPool(callers))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    System.out.printf(
        "%-40s %12s %12s %12s %7s%n", "scenario", "starter/s", "raw/s", "alerts/s", "ratio");
    for (Scenario s : SCENARIOS) {
      if (!s.name().contains(only)) {
        continue;
      }
      String tag = run + "-" + s.alertsPerRequest() + "x" + s.keys() + "x" + s.keysPerRequest();
      // warm both sides, then measure starter and raw one after the other, twice, alternating
      double starterRate = 0;
      double rawRate = 0;
      measure(callers, 2, n -> post(http, starter, s, tag + "w", n));
      measure(callers, 2, n -> raw(client, s, tag + "w", n));
      for (int round = 0; round < 2; round++) {
        starterRate += measure(callers, seconds, n -> post(http, starter, s, tag, n));
        rawRate += measure(callers, seconds, n -> raw(client, s, tag, n));
      }
      starterRate /= 2;
      rawRate /= 2;
      System.out.printf(
          Locale.ROOT,
          "%-40s %12.1f %12.1f %12.0f %7.2f%n",
          s.name(),
          starterRate,
          rawRate,
          starterRate * s.alertsPerRequest(),
          starterRate / rawRate);
    }
    stubs.shutdownNow();
    System.exit(0);
  }

  interface Request {
    void send(long n) throws Exception;
  }

  /** Requests per second that {@code callers} threads complete in {@code seconds}. */
  private static double measure(int callers, int seconds, Request request) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long started = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      futures.add(
          pool.submit(
              () -> {
                while (System.nanoTime() < end) {
                  try {
                    request.send(SEQUENCE.incrementAndGet());
                    done.incrementAndGet();
                  } catch (Exception e) {
                    if (failed.incrementAndGet() < 3) {
                      System.err.println("failed: " + e);
                    }
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    double elapsed = (System.nanoTime() - started) / 1e9;
    if (failed.get() > 0) {
      System.err.println("  " + failed.get() + " failed requests");
    }
    return done.get() / elapsed;
  }

  private static String key(Scenario s, String tag, long n, int group) {
    return "svc-" + tag + "-" + ((n + group) % s.keys());
  }

  private static void post(HttpClient http, String starter, Scenario s, String tag, long n)
      throws Exception {
    StringBuilder alerts = new StringBuilder();
    for (int i = 0; i < s.alertsPerRequest(); i++) {
      String service = key(s, tag, n, i % s.keysPerRequest());
      alerts
          .append(i == 0 ? "" : ",")
          .append("{\"status\":\"firing\",\"labels\":{\"alertname\":\"HighErrorRate\",")
          .append("\"service\":\"")
          .append(service)
          .append("\",\"severity\":\"warning\",\"namespace\":\"shop\",\"pod\":\"")
          .append(service)
          .append("-")
          .append(i)
          .append("\"},\"annotations\":{\"summary\":\"error ratio above 5%\",")
          .append("\"runbook_url\":\"https://runbooks/")
          .append(service)
          .append("\"},\"startsAt\":\"")
          .append(Instant.now())
          .append("\",\"endsAt\":\"0001-01-01T00:00:00Z\",")
          .append("\"generatorURL\":\"http://prometheus/graph\",\"fingerprint\":\"f")
          .append(n)
          .append("-")
          .append(i)
          .append("\"}");
    }
    String body =
        "{\"version\":\"4\",\"groupKey\":\"g\",\"status\":\"firing\",\"receiver\":\"ir\","
            + "\"alerts\":["
            + alerts
            + "]}";
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(starter + "/webhooks/alertmanager"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
  }

  /** The same alerts, as the starter sent them before issue 18: the policy, alerts twice. */
  private static void raw(WorkflowClient client, Scenario s, String tag, long n) {
    Map<String, List<Alert>> groups = new LinkedHashMap<>();
    for (int i = 0; i < s.alertsPerRequest(); i++) {
      String service = key(s, tag, n, i % s.keysPerRequest());
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("alertname", "HighErrorRate");
      labels.put("service", service);
      labels.put("severity", "warning");
      labels.put("namespace", "shop");
      labels.put("pod", service + "-" + i);
      groups
          .computeIfAbsent(service, k -> new ArrayList<>())
          .add(
              new Alert(
                  AlertSource.ALERTMANAGER,
                  AlertStatus.FIRING,
                  "f" + n + "-" + i,
                  labels,
                  Map.of("summary", "error ratio above 5%", "runbook_url", "https://runbooks/"),
                  Instant.now(),
                  null,
                  "http://prometheus/graph",
                  null));
    }
    for (Map.Entry<String, List<Alert>> group : groups.entrySet()) {
      String deliveryId = "raw:" + n;
      client
          .newUntypedWorkflowStub(
              RAW_TYPE,
              WorkflowOptions.newBuilder()
                  .setWorkflowId("raw-" + group.getKey())
                  .setTaskQueue(RAW_QUEUE)
                  .setWorkflowIdReusePolicy(
                      WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                  .build())
          .signalWithStart(
              "alert",
              new Object[] {new AlertBatch(group.getValue(), deliveryId)},
              new Object[] {
                new IncidentInput(
                    group.getValue(),
                    ResponsePolicy.defaults(),
                    null,
                    null,
                    null,
                    deliveryId,
                    null,
                    false)
              });
    }
  }
}
