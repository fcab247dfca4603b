package io.incidentresponse.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The systems the worker's diagnosis probes read, for the probes scenario: the Kubernetes API
 * (fabric8 reaches it through a kubeconfig), Prometheus' HTTP API and Elasticsearch's {@code
 * _search}, answered with bodies of the shape those systems send (a Deployment, a PodList with one
 * pod in CrashLoopBackOff, its log, an EventList, ReplicaSets, a Node, vectors and matrices, hits
 * with a terms aggregation). Served that way the worker runs 8 probes: pods, events, rollouts,
 * nodes, pod logs (Kubernetes), metrics and dependencies (Prometheus), error logs (Elasticsearch).
 *
 * <p>Each probe's first request is answered after {@link #PROBE_TIME} (the outside system's time),
 * every other request at once, so 8 probes in parallel take 200 ms plus the worker's own time, and
 * 8 one after the other 1.6 s. A probe's first request: the Deployment GET (the four workload
 * probes each make one), the events list, the {@code _search}, the metrics probe's first {@code up}
 * query, the dependencies probe's first discovery query. It notes the first request's arrival and
 * the last answer since {@link #arm()}: the probes' wall time seen from outside the worker.
 */
final class DiagnosisStub extends Dispatcher implements AutoCloseable {
  static final Duration PROBE_TIME = Duration.ofMillis(200);

  private static final String JSON_TYPE = "application/json";
  private static final String NODE = "ip-10-0-1-23.ec2.internal";

  private final MockWebServer server = new MockWebServer();
  private final AtomicLong firstRequest = new AtomicLong();
  private final AtomicLong lastAnswer = new AtomicLong();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger delayed = new AtomicInteger();
  private final Set<String> delayedOnce = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Long> probeStarts = new ConcurrentLinkedQueue<>();

  DiagnosisStub start(int port) throws IOException {
    server.setServerSocketFactory(new NoDelayServerSockets());
    server.setDispatcher(this);
    server.start(InetAddress.getByName("127.0.0.1"), port);
    return this;
  }

  String url(String path) {
    return server.url(path).toString();
  }

  /**
   * The worker's settings that serve the 8 probes from here; the kubeconfig fabric8 reads is
   * written to {@code dir}.
   */
  Map<String, String> workerSettings(Path dir) throws IOException {
    Path kubeconfig = dir.resolve("diagnosis-kubeconfig.yaml");
    Files.createDirectories(dir);
    Files.writeString(
        kubeconfig,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: bench",
            "  cluster:",
            "    server: " + url("/").replaceAll("/$", ""),
            "users:",
            "- name: bench",
            "  user:",
            "    token: bench-not-a-real-token",
            "contexts:",
            "- name: bench",
            "  context: {cluster: bench, user: bench, namespace: bench}",
            "current-context: bench",
            ""));
    return Map.of(
        "INCIDENT_KUBERNETES_ENABLED", "true",
        "KUBECONFIG", kubeconfig.toString(),
        "PROMETHEUS_URL", url("/prometheus").replaceAll("/$", ""),
        "ELASTICSEARCH_URL", url("/elasticsearch").replaceAll("/$", ""));
  }

  /** Forgets what was seen: the next request is the first of a new measurement. */
  void arm() {
    firstRequest.set(0);
    lastAnswer.set(0);
    requests.set(0);
    delayed.set(0);
    delayedOnce.clear();
    probeStarts.clear();
  }

  /** {@link System#nanoTime()} of the first request since {@link #arm()}, 0 when none came. */
  long firstRequest() {
    return firstRequest.get();
  }

  /** {@link System#nanoTime()} of the last answer since {@link #arm()}. */
  long lastAnswer() {
    return lastAnswer.get();
  }

  int requests() {
    return requests.get();
  }

  /** Requests answered after {@link #PROBE_TIME} since {@link #arm()}: one per probe that ran. */
  int delayed() {
    return delayed.get();
  }

  /**
   * When each probe's first request arrived since {@link #arm()}, in ms after the first of them,
   * ascending: probes that begin together read all near 0.
   */
  List<Double> probeStartOffsets() {
    List<Long> arrivals = new ArrayList<>(probeStarts);
    Collections.sort(arrivals);
    List<Double> offsets = new ArrayList<>();
    for (long at : arrivals) {
      offsets.add((at - arrivals.get(0)) / 1e6);
    }
    return offsets;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    long arrived = System.nanoTime();
    firstRequest.compareAndSet(0, arrived);
    requests.incrementAndGet();
    String path = request.getUrl().encodedPath();
    String query = request.getUrl().queryParameter("query");
    if (isProbeStart(path, query == null ? "" : query)) {
      delayed.incrementAndGet();
      probeStarts.add(arrived);
      try {
        Thread.sleep(PROBE_TIME.toMillis());
      } catch (InterruptedException e) {
        // the server is closing
        Thread.currentThread().interrupt();
      }
    }
    MockResponse answer = answer(path, query, request);
    lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
    return answer;
  }

  private boolean isProbeStart(String path, String query) {
    if (path.matches("/apis/apps/v1/namespaces/[^/]+/deployments/[^/]+")
        || path.matches("/api/v1/namespaces/[^/]+/events")
        || path.endsWith("/_search")) {
      return true;
    }
    if (path.equals("/prometheus/api/v1/query")) {
      if (query.startsWith("avg(up{")) {
        return delayedOnce.add("up");
      }
      if (query.contains("source_workload=")) {
        return delayedOnce.add("upstreams");
      }
    }
    return false;
  }

  private MockResponse answer(String path, String query, RecordedRequest request) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    if (path.startsWith("/prometheus/api/v1/query_range")) {
      return json(200, DiagnosisBodies.matrix(now));
    }
    if (path.startsWith("/prometheus/api/v1/query")) {
      // the dependency discovery queries find no upstream or downstream: the probe ends there
      return json(200, DiagnosisBodies.vector(now, query == null ? "" : query));
    }
    if (path.startsWith("/elasticsearch/") && path.endsWith("/_search")) {
      return json(200, DiagnosisBodies.search(now));
    }
    String[] parts = path.split("/");
    if (path.matches("/apis/apps/v1/namespaces/[^/]+/deployments/[^/]+")) {
      return json(200, DiagnosisBodies.deployment(parts[5], parts[7], now));
    }
    String selector = request.getUrl().queryParameter("labelSelector");
    String app = selector != null && selector.startsWith("app=") ? selector.substring(4) : null;
    if (path.matches("/api/v1/namespaces/[^/]+/pods") && app != null) {
      return json(200, DiagnosisBodies.pods(parts[4], app, NODE, now));
    }
    if (path.matches("/api/v1/namespaces/[^/]+/pods/[^/]+/log")) {
      return new MockResponse.Builder()
          .code(200)
          .addHeader("Content-Type", "text/plain")
          .body(DiagnosisBodies.podLog(now))
          .build();
    }
    if (path.matches("/api/v1/namespaces/[^/]+/events")) {
      return json(200, DiagnosisBodies.events(parts[4], now));
    }
    if (path.matches("/apis/apps/v1/namespaces/[^/]+/replicasets") && app != null) {
      return json(200, DiagnosisBodies.replicaSets(parts[5], app, now));
    }
    if (path.equals("/api/v1/nodes/" + NODE)) {
      return json(200, DiagnosisBodies.node(NODE, now));
    }
    // metrics.k8s.io and anything else: not served, as a cluster without metrics-server answers
    return json(404, DiagnosisBodies.notFound(path));
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", JSON_TYPE)
        .body(body)
        .build();
  }

  @Override
  public void close() {
    server.close();
  }
}
