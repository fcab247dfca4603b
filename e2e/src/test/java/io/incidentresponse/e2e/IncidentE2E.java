package io.incidentresponse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole system on real parts (issue 7): the Temporal dev server and its Web UI, Prometheus,
 * Alertmanager and PostgreSQL are started by {@code scripts/e2e.sh} (settings in {@code
 * target/e2e/env}); this test starts, in its own JVM, fabric8's Kubernetes mock server in CRUD mode
 * and a recording stub for Slack, PagerDuty and the status page, and runs the demo service, the
 * worker and the starter as child processes. Each scenario step is logged to {@code
 * target/e2e/steps.log}; screenshots go to {@code target/e2e/screenshots}.
 */
class IncidentE2E {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final int DEMO_PORT = intEnv("E2E_DEMO_PORT", 18090);
  static final int STARTER_PORT = intEnv("E2E_STARTER_PORT", 18080);
  static final int WORKER_PORT = intEnv("E2E_WORKER_PORT", 18081);
  static final String APPROVER = "alice";
  static final String DEPLOYMENT_PATH = "/apis/apps/v1/namespaces/shop/deployments/checkout";

  static Path repo;
  static Path e2eDir;
  static Path logs;
  static Path screenshots;
  static Path postmortems;
  static KubernetesMockServer kubernetes;
  static KubernetesClient kube;
  static MockWebServer stub;
  static final List<String> stubRequests = new CopyOnWriteArrayList<>();
  static final List<String> kubeRequests = new ArrayList<>();
  static final Map<String, Process> processes = new LinkedHashMap<>();
  static WebDriver browser;
  static String token;
  static int screenshot;

  static int intEnv(String name, int fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
  }

  static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: run this test through scripts/e2e.sh");
    }
    return value;
  }

  @BeforeAll
  static void startEverythingOfOurs() throws Exception {
    repo = Path.of(System.getenv().getOrDefault("E2E_REPO", "..")).toAbsolutePath().normalize();
    e2eDir = Path.of(env("E2E_DIR"));
    logs = Files.createDirectories(e2eDir.resolve("logs"));
    screenshots = Files.createDirectories(e2eDir.resolve("screenshots"));
    postmortems = e2eDir.resolve("postmortems");
    deleteTree(postmortems);
    Files.createDirectories(postmortems);
    Files.deleteIfExists(e2eDir.resolve("steps.log"));
    token = Files.readString(repo.resolve("deploy/secrets/alertmanager-webhook-token")).strip();

    // A test JVM stopped from outside still takes its children along.
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> processes.values().forEach(Process::destroyForcibly)));
    kubernetes =
        new KubernetesMockServer(
            new Context(),
            new io.fabric8.mockwebserver.MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    kubernetes.init(java.net.InetAddress.getByName("127.0.0.1"), 0);
    kube = kubernetes.createClient();
    seedShop();

    stub = new MockWebServer();
    stub.setDispatcher(new RecordingDispatcher());
    stub.start(java.net.InetAddress.getByName("127.0.0.1"), 0);

    start("demo-service", demoCommand(), Map.of("PORT", "" + DEMO_PORT, "FAILURE_RATE", "0"));
    start("worker", workerCommand(), workerEnv());
    start("starter", starterCommand(), starterEnv());
    waitFor("demo service", () -> status("http://127.0.0.1:" + DEMO_PORT + "/metrics") == 200);
    waitFor("worker", () -> health(WORKER_PORT));
    waitFor("starter", () -> health(STARTER_PORT));
    step("setup", "mock cluster at " + kubernetes.url("/") + ", stub at " + stub.url("/"));
  }

  @AfterAll
  static void stopEverythingOfOurs() {
    if (browser != null) {
      try {
        browser.quit();
      } catch (RuntimeException e) {
        System.err.println("browser quit: " + e);
      }
    }
    processes.values().forEach(IncidentE2E::kill);
    if (stub != null) {
      stub.close();
    }
    if (kube != null) {
      kube.close();
    }
    if (kubernetes != null) {
      kubernetes.destroy();
    }
  }

  @Test
  void anAlertFromPrometheusOpensAnIncidentThatIsApprovedInTheUiRolledBackResolvedAndClosed()
      throws Exception {
    // 1. Raise the failure rate: the real rule fires, Alertmanager posts to the starter.
    failureRate(0.5);
    JsonNode row =
        waitFor(
            "the incident to open (alert -> Alertmanager -> starter)",
            Duration.ofMinutes(4),
            () -> firstRow("open=true&service=checkout"));
    String id = row.get("incidentId").asText();
    step("1 alert fired, incident opened", id);

    // 2. Severity, diagnosis, proposed rollback waiting for approval; Slack received its part.
    JsonNode state =
        waitFor(
            "a rollback awaiting approval",
            Duration.ofMinutes(3),
            () -> {
              JsonNode s = state(id);
              return awaiting(s) != null ? s : null;
            });
    assertThat(state.get("severity").asText()).isEqualTo("P1");
    String diagnosis = state.get("diagnosis").toString();
    assertThat(diagnosis).contains("error ratio").contains("1.4.2");
    JsonNode action = awaiting(state);
    assertThat(action.toString()).containsIgnoringCase("rollback");
    String actionId = action.get("id").asText();
    waitFor("the approval request in Slack", () -> slack("chat.postMessage").size() >= 2);
    assertThat(slack("conversations.create")).hasSize(1);
    assertThat(String.join("\n", slack("chat.postMessage"))).contains("approve");
    assertThat(deploymentWrites()).isZero();
    step("2 P1, diagnosis and rollback " + actionId + " awaiting approval", diagnosisLine(state));

    // 5a. kill -9 the worker while the rollback waits; restart it.
    kill("worker");
    start("worker", workerCommand(), workerEnv());
    waitFor("worker after kill -9", () -> health(WORKER_PORT));
    step("5a worker killed with SIGKILL and restarted", "");

    // 3. Approve in the Temporal Web UI with the JSON the current details show.
    try {
      approveInTheUi(id);
    } catch (RuntimeException | AssertionError e) {
      if (browser != null) {
        shot("failure");
        Files.writeString(logs.resolve("ui-failure.html"), browser.getPageSource());
      }
      throw e;
    }
    waitFor("the rollback on the mock cluster", () -> image().endsWith(":1.4.1"));
    JsonNode afterApproval = state(id);
    assertThat(afterApproval.get("actions").toString()).contains("SUCCEEDED");
    assertThat(deploymentWrites()).isEqualTo(1);
    step("3 approved in the Web UI; deployment image " + image(), "");

    // 5b. kill -9 the Temporal server, restart it.
    sh("scripts/e2e-stack.sh", "kill9", "temporal");
    sh("scripts/e2e-stack.sh", "up", "temporal");
    waitFor("state after the Temporal restart", Duration.ofMinutes(2), () -> state(id));
    step("5b Temporal killed with SIGKILL and restarted", "");

    // 6 (open). The REST list shows it through visibility while open.
    assertThat(firstRow("open=true&service=checkout").get("incidentId").asText()).isEqualTo(id);
    step("6a listed while open", "");

    // 4. Lower the failure rate: resolved, monitoring, closure, postmortem.
    failureRate(0.0);
    waitFor(
        "monitoring or later",
        Duration.ofMinutes(4),
        () -> List.of("MONITORING", "RESOLVED", "CLOSED").contains(phase(id)) ? true : null);
    step("4a alert resolved; monitoring", state(id).get("monitoringEndsAt").asText());
    waitFor(
        "resolved",
        Duration.ofMinutes(12),
        () -> List.of("RESOLVED", "CLOSED").contains(phase(id)) ? true : null);
    post(
        "/api/incidents/" + id + "/signals/recordImpact",
        "{\"by\":\"" + APPROVER + "\",\"usersAffected\":120,\"note\":\"e2e drill\"}");
    JsonNode closedRow =
        waitFor("closed in the list", Duration.ofMinutes(3), () -> firstRow("open=false"));
    assertThat(closedRow.get("incidentId").asText()).isEqualTo(id);
    step("4b resolved and closed; 6b listed after closing", "");
    Path postmortem =
        waitFor(
            "the postmortem file",
            Duration.ofMinutes(2),
            () -> {
              try (Stream<Path> files = Files.walk(postmortems)) {
                return files.filter(Files::isRegularFile).findFirst().orElse(null);
              } catch (IOException e) {
                return null;
              }
            });
    String document = Files.readString(postmortem);
    assertThat(document).contains(actionId).contains("Approved").containsIgnoringCase("timeline");
    step("4c postmortem " + postmortem.getFileName(), "");

    // 5. No side effect twice.
    assertThat(slack("conversations.create")).hasSize(1);
    assertThat(deploymentWrites()).isEqualTo(1);
    assertThat(stubRequests.stream().filter(r -> r.contains("\"opened\"")).count())
        .isLessThanOrEqualTo(1);
    step("5 one channel, one rollback, at most one status-page opening", stubSummary());
  }

  // ------------------------------------------------------------------------------ the browser

  static void approveInTheUi(String id) throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1600,1200");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
            .build();
    browser = new ChromeDriver(service, options);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
    String ui = env("E2E_TEMPORAL_UI_URL");
    String query = "WorkflowType=\"Incident\" AND IncidentService=\"checkout\"";
    browser.get(
        ui
            + "/namespaces/default/workflows?query="
            + URLEncoder.encode(query, StandardCharsets.UTF_8));
    WebElement link =
        wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("a[href*='/workflows/" + id + "/']")));
    shot("workflow-list");
    String history = link.getAttribute("href");
    link.click();
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("a[data-testid=user-metadata-tab]")))
        .click();
    wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.cssSelector("iframe")));
    String json =
        wait.until(
                ExpectedConditions.presenceOfElementLocated(
                    By.xpath("//code[normalize-space()='approve']/following::code[1]")))
            .getText()
            .strip();
    browser.switchTo().defaultContent();
    shot("current-details");
    step("3a current details show", json);
    String data = JSON.writeValueAsString(JSON.readTree(json.replace("YOUR_NAME", APPROVER)));
    assertThat(data).contains(APPROVER);

    // Back to History: the metadata tab's keyboard shortcuts would eat typed letters.
    browser.get(history);
    By signalItem = By.cssSelector("li[role=menuitem][data-testid=signal-button]");
    wait.until(
        d -> {
          if (displayed(d, signalItem) == null) {
            WebElement more =
                displayed(d, By.cssSelector("button[aria-controls=workflow-actions]"));
            if (more != null) {
              more.click();
              pause(Duration.ofSeconds(2)); // let the menu open before looking again
            }
            return null;
          }
          return true;
        });
    shot("more-actions");
    displayed(browser, signalItem).click();
    // The UI renders some controls twice (one hidden): always take the displayed one.
    clickDisplayed(wait, By.cssSelector("button[data-testid=signal-select-button]"));
    clickDisplayed(wait, By.xpath("//*[@role='option'][.//*[normalize-space(text())='approve']]"));
    WebElement editor = clickDisplayed(wait, By.cssSelector(".cm-content[role=textbox]"));
    editor.sendKeys(data);
    ((JavascriptExecutor) browser).executeScript("document.activeElement.blur()");
    shot("signal-form");
    clickDisplayed(wait, By.cssSelector("button[data-testid=confirm-modal-button]"));
    shot("signal-sent");
    step("3b approve signal sent through the Web UI", data);
  }

  static WebElement clickDisplayed(WebDriverWait wait, By by) {
    WebElement element = wait.until(d -> displayed(d, by));
    element.click();
    return element;
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static WebElement displayed(WebDriver driver, By by) {
    return driver.findElements(by).stream()
        .filter(WebElement::isDisplayed)
        .findFirst()
        .orElse(null);
  }

  static void shot(String name) {
    try {
      Path target = screenshots.resolve(String.format("%02d-%s.png", ++screenshot, name));
      Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(png, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      System.err.println("screenshot " + name + ": " + e);
    }
  }

  // ------------------------------------------------------------------------------ the cluster

  /** The shop namespace with checkout on revision 3 (1.4.2), rolled out just now. */
  static void seedShop() {
    List<HasMetadata> items =
        kube.load(IncidentE2E.class.getResourceAsStream("/shop.yaml")).items();
    Deployment checkout = null;
    for (HasMetadata item : items) {
      if (item instanceof Deployment deployment) {
        checkout = kube.resource(deployment).create();
      }
    }
    String uid = checkout.getMetadata().getUid();
    for (HasMetadata item : items) {
      if (item instanceof ReplicaSet rs) {
        rs.getMetadata().getOwnerReferences().forEach(o -> o.setUid(uid));
      }
      if (!(item instanceof Deployment)) {
        kube.resource(item).create();
      }
    }
    kubeRequests(); // forget the seeding
  }

  static synchronized List<String> kubeRequests() {
    try {
      io.fabric8.mockwebserver.http.RecordedRequest request;
      while ((request = kubernetes.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
        kubeRequests.add(request.getMethod() + " " + request.getPath());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return kubeRequests;
  }

  static long deploymentWrites() {
    return kubeRequests().stream()
        .filter(r -> r.startsWith("PATCH ") || r.startsWith("PUT "))
        .filter(r -> r.contains(DEPLOYMENT_PATH))
        .count();
  }

  static String image() {
    Deployment checkout = kube.apps().deployments().inNamespace("shop").withName("checkout").get();
    return checkout.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  // ------------------------------------------------------------------------------ the stub

  /** Slack Web API, PagerDuty and the status-page webhook, every request recorded. */
  static final class RecordingDispatcher extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getUrl().encodedPath();
      String body = request.getBody() == null ? "" : request.getBody().utf8();
      stubRequests.add(request.getMethod() + " " + path + " " + body);
      String json;
      if (path.startsWith("/slack/api/conversations.")) {
        json =
            "{\"ok\":true,\"channel\":{\"id\":\"C0E2E00001\",\"name\":\"inc-e2e\"},"
                + "\"ts\":\"1700000000.000100\"}";
      } else if (path.startsWith("/slack/api/")) {
        json =
            "{\"ok\":true,\"channel\":\"C0E2E00001\",\"ts\":\"1700000000.000100\","
                + "\"message\":{\"ts\":\"1700000000.000100\"}}";
      } else if (path.startsWith("/pagerduty/events")) {
        return new MockResponse.Builder()
            .code(202)
            .addHeader("Content-Type", "application/json")
            .body("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"e2e\"}")
            .build();
      } else {
        json = "{\"id\":\"e2e-status\",\"status\":\"ok\"}";
      }
      return new MockResponse.Builder()
          .code(200)
          .addHeader("Content-Type", "application/json")
          .body(json)
          .build();
    }
  }

  static List<String> slack(String method) {
    return stubRequests.stream().filter(r -> r.contains("/slack/api/" + method)).toList();
  }

  static String stubSummary() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String r : stubRequests) {
      String key = r.split(" ", 3)[0] + " " + r.split(" ", 3)[1];
      counts.merge(key, 1L, Long::sum);
    }
    return counts.toString();
  }

  // ------------------------------------------------------------------------------ processes

  static Path jar(String module) throws IOException {
    try (Stream<Path> files = Files.list(repo.resolve(module).resolve("target"))) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".jar"))
          .filter(p -> !p.getFileName().toString().endsWith("-plain.jar"))
          .findFirst()
          .orElseThrow(
              () -> new IllegalStateException("no " + module + " jar: ./mvnw -DskipTests package"));
    }
  }

  static List<String> demoCommand() throws IOException {
    return List.of(java(), "-Xmx128m", "-jar", jar("demo-service").toString());
  }

  static List<String> workerCommand() throws IOException {
    // The worker reads the error ratio over the alert rule's 1-minute window (its default is 5
    // minutes, which kept verification failing for minutes after the alert had resolved).
    return List.of(
        java(),
        "-Xmx512m",
        "-jar",
        jar("worker").toString(),
        "--incident.prometheus.queries.errorRatio="
            + "sum(rate(http_requests_total{job=\"{service}\",status=~\"5..\"}[1m]))"
            + " / sum(rate(http_requests_total{job=\"{service}\"}[1m]))");
  }

  static List<String> starterCommand() throws IOException {
    return List.of(
        java(),
        "-Xmx384m",
        "-jar",
        jar("starter").toString(),
        "--incident.policy.approvers.HIGH=" + APPROVER,
        "--incident.policy.approvers.MEDIUM=" + APPROVER,
        "--incident.policy.minimum-monitoring-window=30s",
        "--incident.policy.verification-interval=15s",
        "--incident.policy.services.checkout.user-facing=true",
        "--incident.policy.services.checkout.status-page-component=Checkout");
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static Map<String, String> workerEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("WORKER_PORT", "" + WORKER_PORT);
    env.put("KUBERNETES_MASTER", kubernetes.url("/"));
    env.put("KUBERNETES_TRUST_CERTIFICATES", "true");
    env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    env.put("KUBECONFIG", "/nonexistent");
    env.put("KUBERNETES_NAMESPACE", "shop");
    env.put("INCIDENT_KUBERNETES_ENABLED", "true");
    env.put("INCIDENT_MITIGATION_NAMESPACES", "shop");
    env.put("SLACK_BOT_TOKEN", "xoxb-e2e-not-a-real-token");
    env.put("INCIDENT_SLACK_APIURL", stub.url("/slack/api/").toString());
    env.put("INCIDENT_SLACK_TEMPORALUIURL", env("E2E_TEMPORAL_UI_URL"));
    env.put("PAGERDUTY_ROUTING_KEY", "e2e-routing-key");
    env.put("INCIDENT_PAGERDUTY_EVENTSURL", stub.url("/pagerduty/events").toString());
    env.put("INCIDENT_PAGERDUTY_APIURL", stub.url("/pagerduty/api").toString());
    env.put("STATUSPAGE_WEBHOOK_URL", stub.url("/statuspage").toString());
    env.put("INCIDENT_HISTORY_URL", env("INCIDENT_DATABASE_URL"));
    env.put("INCIDENT_HISTORY_USERNAME", env("INCIDENT_DATABASE_USERNAME"));
    env.put("INCIDENT_HISTORY_PASSWORD", env("INCIDENT_DATABASE_PASSWORD"));
    env.put("INCIDENT_POSTMORTEM_DIRECTORY", postmortems.toString());
    env.put("INCIDENT_REPORT_DIRECTORY", e2eDir.resolve("reports").toString());
    return env;
  }

  static Map<String, String> starterEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PORT", "" + STARTER_PORT);
    env.put("INCIDENT_WEBHOOKS_ALERTMANAGER_TYPE", "BEARER");
    env.put("INCIDENT_WEBHOOKS_ALERTMANAGER_TOKEN", token);
    return env;
  }

  static void start(String name, List<String> command, Map<String, String> extra)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(extra);
    Path log = logs.resolve(name + ".log");
    Files.writeString(
        log,
        "\n==== " + Instant.now() + " starting " + String.join(" ", command) + "\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    processes.put(name, builder.start());
  }

  /** SIGKILL (Process.destroyForcibly on Unix), then wait until it is gone. */
  static void kill(String name) {
    Process process = processes.get(name);
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static void kill(Process process) {
    process.destroyForcibly();
  }

  static void sh(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .directory(repo.toFile())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(logs.resolve("e2e-test-sh.log").toFile()))
            .start();
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
  }

  // ------------------------------------------------------------------------------ HTTP

  static int status(String url) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static boolean health(int port) {
    return status("http://127.0.0.1:" + port + "/actuator/health") == 200;
  }

  static JsonNode get(String path) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + STARTER_PORT + path))
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static void post(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + STARTER_PORT + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 299);
  }

  static void failureRate(double rate) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + DEMO_PORT + "/admin/failure-rate"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"rate\":" + rate + "}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    step("failure rate " + rate, response.body());
  }

  static JsonNode firstRow(String filter) {
    JsonNode rows = get("/api/incidents?" + filter);
    return rows != null && rows.isArray() && rows.size() > 0 ? rows.get(0) : null;
  }

  static JsonNode state(String id) {
    return get("/api/incidents/" + id);
  }

  static String phase(String id) {
    JsonNode state = state(id);
    return state == null ? null : state.path("phase").asText();
  }

  static JsonNode awaiting(JsonNode state) {
    if (state == null) {
      return null;
    }
    for (JsonNode action : state.path("actions")) {
      if ("AWAITING_APPROVAL".equals(action.path("status").asText())) {
        return action;
      }
    }
    return null;
  }

  static String diagnosisLine(JsonNode state) {
    String text = state.get("diagnosis").toString();
    return text.length() > 600 ? text.substring(0, 600) + "..." : text;
  }

  // ------------------------------------------------------------------------------ waiting

  static void waitFor(String what, Supplier<Boolean> condition) {
    waitFor(what, Duration.ofMinutes(2), () -> Boolean.TRUE.equals(condition.get()) ? true : null);
  }

  static <T> T waitFor(String what, Duration timeout, Supplier<T> value) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      T result;
      try {
        result = value.get();
      } catch (RuntimeException e) {
        result = null;
      }
      if (result != null) {
        return result;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  static void step(String step, String detail) {
    String line = Instant.now() + " PASS " + step + (detail.isEmpty() ? "" : " | " + detail);
    System.out.println(line);
    try {
      Files.writeString(
          e2eDir.resolve("steps.log"),
          line + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println("steps.log: " + e);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
