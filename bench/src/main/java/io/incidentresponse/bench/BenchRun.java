package io.incidentresponse.bench;

import io.incidentresponse.bench.raw.RawInput;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One benchmark run: starts the outside stub, the project's worker and starter and the raw worker
 * against one Temporal server, runs every scenario, and writes the report.
 */
final class BenchRun {
  private static final Duration START_UP = Duration.ofMinutes(6);

  private static final String STARTER_HEAP = "512m";

  private final BenchSettings settings;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  BenchRun(BenchSettings settings) {
    this.settings = settings;
  }

  int run() throws Exception {
    Files.createDirectories(settings.dir());
    Files.deleteIfExists(settings.dir().resolve("pids"));
    Instant started = Instant.now();
    String loadBefore = loadAverage();
    Report report = new Report();
    // stopped from outside (scripts/bench.sh ended by Ctrl-C or kill): what was measured so far is
    // still written, so a long run (10,000 open incidents) can be cut short without losing it
    Thread partial =
        new Thread(
            () -> {
              try {
                report.note(
                    "the run was stopped before its end: the rows above are all it measured");
                write(report, started, loadBefore);
              } catch (IOException | RuntimeException e) {
                System.err.println("bench: the partial report was not written: " + e);
              }
            });
    Runtime.getRuntime().addShutdownHook(partial);
    try (OutsideStub stub = new OutsideStub().start(settings.stubPort());
        DiagnosisStub diagnosis = new DiagnosisStub().start(settings.diagnosisStubPort());
        Children children = new Children(settings.dir())) {
      WorkflowServiceStubs service =
          WorkflowServiceStubs.newConnectedServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setTarget(settings.temporal())
                  .setRpcTimeout(Duration.ofSeconds(30))
                  .build(),
              START_UP);
      WorkflowClient client =
          WorkflowClient.newInstance(
              service,
              WorkflowClientOptions.newBuilder().setNamespace(settings.namespace()).build());
      String webhookToken = randomHex();
      String apiKey = randomHex();
      startWorker(children, stub);
      Process starter = startStarter(children, webhookToken, apiKey);
      awaitHealthy(children, "worker", settings.workerPort());
      awaitHealthy(children, "starter", settings.starterPort());
      RawSide raw = new RawSide(client);
      startRawWorker(children, raw);
      log("all sides up after " + Duration.between(started, Instant.now()).toSeconds() + " s");
      Scenarios scenarios =
          new Scenarios(
              settings,
              stub,
              children,
              new ProjectSide(
                  settings.starterPort(), webhookToken, apiKey, client, settings.callers()),
              raw,
              client,
              report,
              () -> {
                children.stop("worker");
                children.stop("raw-worker");
                startWorker(children, stub);
                awaitHealthy(children, "worker", settings.workerPort());
                startRawWorker(children, raw);
              },
              diagnosis,
              extraSettings -> {
                children.stop("worker");
                startWorker(children, stub, extraSettings);
                awaitHealthy(children, "worker", settings.workerPort());
              });
      try {
        scenarios.runAll();
      } catch (Exception e) {
        Runtime.getRuntime().removeShutdownHook(partial);
        // what was measured up to here is still worth reading beside the failure
        report.note("the harness broke here: " + e);
        write(report, started, loadBefore);
        throw e;
      }
      service.shutdown();
      if (!starter.isAlive()) {
        throw new IllegalStateException(
            "the starter died during the run: " + children.log("starter"));
      }
    }
    Runtime.getRuntime().removeShutdownHook(partial);
    write(report, started, loadBefore);
    return 0;
  }

  private void write(Report report, Instant started, String loadBefore) throws IOException {
    String markdown = report.markdown(header(started, loadBefore, loadAverage(), Instant.now()));
    Files.createDirectories(settings.out().toAbsolutePath().getParent());
    Files.writeString(settings.out(), markdown, StandardCharsets.UTF_8);
    System.out.println(markdown);
    log("report: " + settings.out());
  }

  private Process startWorker(Children children, OutsideStub stub) throws IOException {
    return startWorker(children, stub, Map.of());
  }

  /** The worker, with {@code extraSettings} (environment variables) on top of the usual ones. */
  private Process startWorker(
      Children children, OutsideStub stub, Map<String, String> extraSettings) throws IOException {
    Path workDir = settings.dir().resolve("worker");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TEMPORAL_ADDRESS", settings.temporal());
    env.put("TEMPORAL_NAMESPACE", settings.namespace());
    env.put("WORKER_PORT", "" + settings.workerPort());
    env.put("INCIDENT_POSTMORTEM_DIRECTORY", workDir.resolve("postmortems").toString());
    env.put("INCIDENT_REPORT_DIRECTORY", workDir.resolve("reports").toString());
    // the history store: the default H2 file, under this run's folder
    env.put("INCIDENT_HISTORY_URL", null);
    // no Kubernetes, Prometheus or databases: the integrations an incident calls are the stub's
    env.put("INCIDENT_KUBERNETES_ENABLED", "false");
    // The stub is not Slack: Slack's Tier-2 pace (20 channels a minute, the default) would make
    // 200 new incidents take 10 minutes to open their channels and a resolved incident wait its
    // turn for its channel, so the engine's cost would not be what is measured.
    env.put("INCIDENT_SLACK_CHANNELCREATESPERMINUTE", "100000");
    env.put("KUBECONFIG", "/nonexistent");
    for (String unset :
        List.of(
            "PROMETHEUS_URL",
            "ELASTICSEARCH_URL",
            "LOKI_URL",
            "JAEGER_URL",
            "ARGOCD_URL",
            "INCIDENT_DATABASE_URL",
            "INCIDENT_HEALTH_URL_TEMPLATE",
            "INCIDENT_CIRCUIT_BREAKER_URL_TEMPLATE")) {
      env.put(unset, null);
    }
    env.putAll(stub.workerSettings());
    env.putAll(extraSettings);
    return children.startJar(
        "worker",
        settings.workerJava(),
        settings.workerJvmOptions(),
        Children.jar(settings.repo(), "worker"),
        settings.workerHeap(),
        List.of(),
        env,
        workDir);
  }

  private Process startStarter(Children children, String webhookToken, String apiKey)
      throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TEMPORAL_ADDRESS", settings.temporal());
    env.put("TEMPORAL_NAMESPACE", settings.namespace());
    env.put("PORT", "" + settings.starterPort());
    env.put("INCIDENT_WEBHOOKS_ALERTMANAGER_TYPE", "BEARER");
    env.put("INCIDENT_WEBHOOKS_ALERTMANAGER_TOKEN", webhookToken);
    env.put("INCIDENT_SECURITY_OPEN", "false");
    // Every worker here is this version: concurrent deliveries to one incident share a call, as
    // an upgraded fleet is told to set (the default is 1 while older workers may still run).
    env.put("INCIDENT_INGESTION_JOINEDDELIVERIES", "32");
    // every worker here is this build: the policy named, not carried (off by default for upgrades)
    env.put("INCIDENT_INGESTION_POLICYBYNAME", "true");
    return children.startJar(
        "starter",
        Children.jar(settings.repo(), "starter"),
        STARTER_HEAP,
        List.of(
            "--incident.security.api-keys[0].person=bench",
            "--incident.security.api-keys[0].roles=admin",
            "--incident.security.api-keys[0].sha256=" + sha256Hex(apiKey)),
        env,
        settings.dir().resolve("starter"));
  }

  private void awaitHealthy(Children children, String name, int port) throws Exception {
    long deadline = System.nanoTime() + START_UP.toNanos();
    while (System.nanoTime() < deadline) {
      children.requireAlive(name);
      try {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          log(name + " up on :" + port);
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        name
            + " did not become healthy within "
            + START_UP.toSeconds()
            + " s: "
            + children.log(name));
  }

  /** Starts the raw worker and waits until it polls. */
  private void startRawWorker(Children children, RawSide raw) throws Exception {
    children.startJar(
        "raw-worker",
        settings.workerJava(),
        settings.workerJvmOptions(),
        Children.jar(settings.repo(), "bench"),
        settings.workerHeap(),
        List.of(
            "raw-worker",
            settings.temporal(),
            settings.namespace(),
            Integer.toString(settings.rawCacheSize())),
        Map.of(),
        settings.dir().resolve("raw-worker"));
    awaitRawWorker(children, raw);
  }

  /** A raw workflow with one activity completes: the raw worker polls. */
  private void awaitRawWorker(Children children, RawSide raw) throws Exception {
    children.requireAlive("raw-worker");
    String id = "raw-health-" + randomHex().substring(0, 8);
    raw.signalWithStart(id, new RawInput(1, 0, 0, false, null, false), "health");
    // in slices, so a raw worker that died while starting fails the run at once, not after 6 min
    long deadline = System.nanoTime() + START_UP.toNanos();
    while (true) {
      try {
        raw.awaitCompleted(id, Duration.ofSeconds(5));
        break;
      } catch (java.util.concurrent.TimeoutException notYet) {
        children.requireAlive("raw-worker");
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
      }
    }
    log("raw worker up");
  }

  private List<String> header(Instant started, String loadBefore, String loadAfter, Instant ended)
      throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(
        "## Benchmark "
            + (settings.shortMode() ? "(short mode) " : "")
            + started.truncatedTo(ChronoUnit.SECONDS));
    lines.add("");
    String ownJava =
        System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version");
    String workersJava =
        settings.workerJava() == null ? ownJava : javaVersion(settings.workerJava());
    lines.add(
        "- machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores, "
            + memTotal()
            + " memory");
    lines.add(
        "- JVMs: the project's worker and the raw worker on JDK "
            + workersJava
            + " (-Xmx"
            + settings.workerHeap()
            + (settings.workerJvmOptions().isEmpty()
                ? ""
                : " " + String.join(" ", settings.workerJvmOptions()))
            + "); the starter (-Xmx"
            + STARTER_HEAP
            + ") and the harness (the raw side's caller) on JDK "
            + ownJava);
    lines.add("- load average (1, 5, 15 min): before " + loadBefore + ", after " + loadAfter);
    lines.add(
        "- Temporal: "
            + settings.temporal()
            + " namespace "
            + settings.namespace()
            + "; "
            + settings.callers()
            + " concurrent callers; "
            + settings.repeats()
            + " repeat(s), median (min–max) over them; eager activity dispatch "
            + (settings.eagerActivities() == null
                ? "not known (the server's system.enableActivityEagerExecution)"
                : settings.eagerActivities() ? "allowed by the server" : "off on the server")
            + "; took "
            + Duration.between(started, ended).toSeconds()
            + " s");
    return lines;
  }

  /** The JAVA_RUNTIME_VERSION (or JAVA_VERSION) in a JDK's {@code release} file. */
  private static String javaVersion(Path home) throws IOException {
    Properties release = new Properties();
    try (var in = Files.newBufferedReader(home.resolve("release"))) {
      release.load(in);
    }
    String version =
        release.getProperty("JAVA_RUNTIME_VERSION", release.getProperty("JAVA_VERSION", "?"));
    return release.getProperty("IMPLEMENTOR", "").replace("\"", "")
        + " "
        + version.replace("\"", "")
        + " at "
        + home;
  }

  private static String loadAverage() throws IOException {
    String[] parts = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
    return parts[0] + " " + parts[1] + " " + parts[2];
  }

  private static String memTotal() throws IOException {
    long kb = JvmStats.statusField(Files.readString(Path.of("/proc/meminfo")), "MemTotal");
    return String.format("%.1f GB", kb / 1024.0 / 1024.0);
  }

  static String randomHex() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void log(String line) {
    System.err.println("bench " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
  }
}
