package io.incidentresponse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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
  static final int DEMO_PORT = E2e.intEnv("E2E_DEMO_PORT", 18090);
  static final int STARTER_PORT = E2e.intEnv("E2E_STARTER_PORT", 18080);
  static final int WORKER_PORT = E2e.intEnv("E2E_WORKER_PORT", 18081);
  static final String APPROVER = "alice";

  /** A responder who asks for an action that the approver then approves in Slack. */
  static final String REQUESTER = "bob";

  static final String REQUESTER_KEY = E2e.randomHex();
  static final String SLACK_SIGNING_SECRET = E2e.randomHex();
  static final String SLACK_APPROVER_ID = "U0E2EALICE";

  /** Shared by the starter (signs approvals it vouches for) and the worker (checks them). */
  static final String PROOF_KEY = E2e.randomHex();

  static final String DEPLOYMENT_PATH = "/apis/apps/v1/namespaces/shop/deployments/checkout";

  @RegisterExtension
  static final FailureNotes FAILURES =
      new FailureNotes("target/e2e/logs/{worker,starter,demo-service}.log, target/e2e/screenshots");

  static Path e2eDir;
  static Path logs;
  static Path screenshots;
  static Path postmortems;
  static KubernetesMockServer kubernetes;
  static KubernetesClient kube;
  static RecordingStub stub;
  static Processes processes;
  static StarterApi starter;
  static final List<String> kubeRequests = new ArrayList<>();
  static WebDriver browser;
  static int screenshot;

  @BeforeAll
  static void startEverythingOfOurs() throws Exception {
    e2eDir = E2e.dir();
    logs = E2e.logs();
    screenshots = Files.createDirectories(e2eDir.resolve("screenshots"));
    postmortems = e2eDir.resolve("postmortems");
    E2e.deleteTree(postmortems);
    Files.createDirectories(postmortems);
    Files.deleteIfExists(e2eDir.resolve("steps.log"));
    processes = new Processes(logs);
    starter = new StarterApi(STARTER_PORT, E2e.alertmanagerToken());

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

    stub = new RecordingStub(20).start();

    processes.start(
        "demo-service",
        Processes.javaJar("demo-service", "128m"),
        Map.of("PORT", "" + DEMO_PORT, "FAILURE_RATE", "0"));
    processes.start("worker", workerCommand(), workerEnv());
    processes.start("starter", starterCommand(), starterEnv());
    E2e.waitFor(
        "demo service", () -> E2e.status("http://127.0.0.1:" + DEMO_PORT + "/metrics") == 200);
    E2e.waitFor("worker", () -> E2e.health(WORKER_PORT));
    E2e.waitFor("starter", starter::healthy);
    E2e.step("setup", "mock cluster at " + kubernetes.url("/") + ", stub at " + stub.url("/"));
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
    if (processes != null) {
      processes.close();
    }
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
        E2e.waitFor(
            "the incident to open (alert -> Alertmanager -> starter)",
            Duration.ofMinutes(4),
            () -> firstRow("open=true&service=checkout"));
    String id = row.get("incidentId").asText();
    E2e.step("1 alert fired, incident opened", id);

    // 2. Severity, diagnosis, proposed rollback waiting for approval; Slack received its part.
    JsonNode state =
        E2e.waitFor(
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
    E2e.waitFor("the approval request in Slack", () -> stub.slack("chat.postMessage").size() >= 2);
    assertThat(stub.slack("conversations.create")).hasSize(1);
    assertThat(String.join("\n", stub.slack("chat.postMessage"))).contains("approve");
    assertThat(deploymentWrites()).isZero();
    E2e.step(
        "2 P1, diagnosis and rollback " + actionId + " awaiting approval", diagnosisLine(state));

    // 5a. kill -9 the worker while the rollback waits; restart it.
    processes.kill("worker");
    processes.start("worker", workerCommand(), workerEnv());
    E2e.waitFor("worker after kill -9", () -> E2e.health(WORKER_PORT));
    E2e.step("5a worker killed with SIGKILL and restarted", "");

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
    E2e.waitFor("the rollback on the mock cluster", () -> image().endsWith(":1.4.1"));
    JsonNode afterApproval = state(id);
    assertThat(afterApproval.get("actions").toString()).contains("SUCCEEDED");
    assertThat(deploymentWrites()).isEqualTo(1);
    E2e.step("3 approved in the Web UI; deployment image " + image(), "");
    assertThat(timeline(afterApproval))
        .anyMatch(e -> e.startsWith("Approved " + actionId + " (asserted: a name typed into"));

    // 3c. A responder asks for a restart; the approver approves it with Slack's button.
    approveInSlack(id);
    assertThat(deploymentWrites()).isEqualTo(2);

    // 5b. kill -9 the Temporal server, restart it.
    E2e.stack("kill9", "temporal");
    E2e.stack("up", "temporal");
    E2e.waitFor("state after the Temporal restart", Duration.ofMinutes(2), () -> state(id));
    E2e.step("5b Temporal killed with SIGKILL and restarted", "");

    // 6 (open). The REST list shows it through visibility while open.
    assertThat(firstRow("open=true&service=checkout").get("incidentId").asText()).isEqualTo(id);
    E2e.step("6a listed while open", "");

    // 4. Lower the failure rate: resolved, monitoring, closure, postmortem.
    failureRate(0.0);
    E2e.waitFor(
        "monitoring or later",
        Duration.ofMinutes(4),
        () -> List.of("MONITORING", "RESOLVED", "CLOSED").contains(phase(id)) ? true : null);
    E2e.step("4a alert resolved; monitoring", state(id).get("monitoringEndsAt").asText());
    E2e.waitFor(
        "resolved",
        Duration.ofMinutes(12),
        () -> List.of("RESOLVED", "CLOSED").contains(phase(id)) ? true : null);
    post(
        "/api/incidents/" + id + "/signals/recordImpact",
        "{\"by\":\"" + APPROVER + "\",\"usersAffected\":120,\"note\":\"e2e drill\"}");
    JsonNode closedRow =
        E2e.waitFor(
            "closed in the list",
            Duration.ofMinutes(3),
            // by service: other e2e classes on this server leave incidents of their own services
            () -> firstRow("open=false&service=checkout"));
    assertThat(closedRow.get("incidentId").asText()).isEqualTo(id);
    E2e.step("4b resolved and closed; 6b listed after closing", "");
    Path postmortem =
        E2e.waitFor(
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
    E2e.step("4c postmortem " + postmortem.getFileName(), "");

    // 5. No side effect twice.
    assertThat(stub.slack("conversations.create")).hasSize(1);
    assertThat(deploymentWrites()).isEqualTo(2);
    // checkout is user-facing with a status-page component and a P1's impact (HIGH) is above the
    // policy's minimum: the page is opened, once, however often the worker and Temporal restart.
    assertThat(
            stub.lines().stream()
                .filter(r -> r.startsWith("POST /statuspage "))
                .filter(r -> r.contains("\"event\":\"opened\""))
                .toList())
        .as("status-page openings")
        .hasSize(1)
        .allMatch(r -> r.contains("\"incidentId\":" + E2e.JSON.valueToTree(id)));
    E2e.step(
        "5 one channel, one rollback and one restart, exactly one status-page opening",
        stub.summary());
  }

  // ------------------------------------------------------------------------------ Slack

  /**
   * {@link #REQUESTER} asks for a restart through the REST API; the approval request reaches Slack
   * with its buttons; the approver clicks Approve, sent to the starter signed the way Slack signs
   * (v0 HMAC-SHA256 of the timestamp and the raw body); the restart runs once, the timeline says
   * the identity was verified by Slack, and Slack's message is replaced with the outcome.
   */
  static void approveInSlack(String id) throws IOException, InterruptedException {
    HttpResponse<String> asked =
        E2e.HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + STARTER_PORT
                            + "/api/incidents/"
                            + URLEncoder.encode(id, StandardCharsets.UTF_8)
                            + "/signals/requestAction"))
                .header("Content-Type", "application/json")
                .header("X-API-Key", REQUESTER_KEY)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"RESTART\",\"target\":\"checkout\",\"reason\":\"e2e\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
    JsonNode restart =
        E2e.waitFor(
            "the restart awaiting approval",
            Duration.ofMinutes(2),
            () -> {
              for (JsonNode action : state(id).path("actions")) {
                if (action.path("id").asText().startsWith("restart-")
                    && action.path("status").asText().equals("AWAITING_APPROVAL")) {
                  return action;
                }
              }
              return null;
            });
    String actionId = restart.get("id").asText();
    assertThat(restart.get("proposedBy").asText()).isEqualTo(REQUESTER);
    E2e.waitFor(
        "the approval request for " + actionId + " with its buttons",
        () ->
            stub.slack("chat.postMessage").stream()
                .anyMatch(m -> m.contains(actionId) && m.contains("incident-approve")));
    E2e.step("3c " + REQUESTER + " asked for " + actionId + "; Slack got Approve/Reject", "");

    String value = E2e.JSON.writeValueAsString(Map.of("incidentId", id, "actionId", actionId));
    HttpResponse<String> answer =
        clickButton(
            STARTER_PORT,
            stub,
            SLACK_APPROVER_ID,
            "alice",
            "C0E2E",
            "incident-approve",
            "incident-approval",
            value);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

    E2e.waitFor(
        actionId + " run after the Slack approval",
        Duration.ofMinutes(2),
        () -> {
          for (JsonNode action : state(id).path("actions")) {
            if (action.path("id").asText().equals(actionId)
                && action.path("status").asText().equals("SUCCEEDED")) {
              return true;
            }
          }
          return null;
        });
    assertThat(timeline(state(id)))
        .anyMatch(e -> e.startsWith("Approved " + actionId + " (verified: Slack)"));
    String reply =
        E2e.waitFor(
            "Slack's message replaced with the outcome",
            Duration.ofMinutes(1),
            () ->
                stub.lines().stream()
                    .filter(r -> r.startsWith("POST /slack-responses/"))
                    .filter(r -> r.contains("verified: Slack"))
                    .findFirst()
                    .orElse(null));
    E2e.step("3c approved in Slack (signed); " + actionId + " ran", reply);
  }

  /**
   * Clicks a button of a bot message as Slack would: a signed {@code block_actions} interaction
   * posted to the starter on {@code port}, by Slack user {@code user} in {@code channel}; the
   * click's response URL is on {@code stub}.
   */
  static HttpResponse<String> clickButton(
      int port,
      RecordingStub stub,
      String user,
      String username,
      String channel,
      String actionId,
      String blockId,
      String value)
      throws IOException, InterruptedException {
    Map<String, Object> click = new LinkedHashMap<>();
    click.put("type", "block_actions");
    click.put("user", Map.of("id", user, "username", username, "team_id", "T0E2E"));
    click.put("team", Map.of("id", "T0E2E", "domain", "e2e"));
    click.put("container", Map.of("type", "message", "message_ts", "1.2", "channel_id", channel));
    click.put("channel", Map.of("id", channel, "name", "incident"));
    click.put("message", Map.of("type", "message", "ts", "1.2", "text", "a message with buttons"));
    click.put("response_url", stub.url("/slack-responses/T0E2E/1/e2e"));
    click.put(
        "actions",
        List.of(
            Map.of(
                "type", "button",
                "action_id", actionId,
                "block_id", blockId,
                "value", value,
                "action_ts", "1.3")));
    String body =
        "payload=" + URLEncoder.encode(E2e.JSON.writeValueAsString(click), StandardCharsets.UTF_8);
    String timestamp = Long.toString(System.currentTimeMillis() / 1000);
    return E2e.HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/slack/interactions"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Slack-Request-Timestamp", timestamp)
            .header("X-Slack-Signature", "v0=" + slackSignature(timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String slackSignature(String timestamp, String body) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              SLACK_SIGNING_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return java.util.HexFormat.of()
          .formatHex(
              mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> timeline(JsonNode state) {
    List<String> events = new ArrayList<>();
    state.path("timeline").forEach(e -> events.add(e.path("event").asText()));
    return events;
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
    String ui = E2e.env("E2E_TEMPORAL_UI_URL");
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
    String page = link.getAttribute("href");
    link.click();
    wait.until(
        ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=timeline-tab]")));
    shot("workflow-page");

    // UI 2.54 shows the summary, the details and the current details on the User Metadata tab,
    // each rendered from Markdown in an iframe of its own.
    clickDisplayed(wait, By.cssSelector("a[data-testid=user-metadata-tab]"));
    String summary = frameText(wait, "user-metadata-summary", By.tagName("main"));
    assertThat(summary).contains("P1 · checkout");
    String details = frameText(wait, "user-metadata-details", By.tagName("main"));
    assertThat(details).contains("approve").contains("\"approver\":\"YOUR_NAME\"");
    String json =
        frameText(
            wait,
            "user-metadata-current-details",
            By.xpath("//code[normalize-space()='approve']/following::code[1]"));
    shot("user-metadata");
    E2e.step("3a summary, details and current details show", summary + " | " + json);
    String data =
        E2e.JSON.writeValueAsString(E2e.JSON.readTree(json.replace("YOUR_NAME", APPROVER)));
    assertThat(data).contains(APPROVER);

    // Back to the first tab: the metadata tab's keyboard shortcut (R) would eat typed letters.
    browser.get(page);
    By signalItem = By.cssSelector("li[role=menuitem][data-testid=signal-button]");
    wait.until(
        d -> {
          if (displayed(d, signalItem) == null) {
            WebElement more =
                displayed(d, By.cssSelector("button[aria-controls=workflow-actions]"));
            if (more != null) {
              more.click();
              E2e.pause(Duration.ofSeconds(2)); // let the menu open before looking again
            }
            return null;
          }
          return true;
        });
    displayed(browser, signalItem).click();
    chooseSignal(wait, "approve");
    WebElement editor =
        clickDisplayed(
            wait,
            By.cssSelector(
                "dialog[data-testid=signal-confirmation-modal]"
                    + " [role=textbox][contenteditable=true][data-language=json]"));
    editor.sendKeys(data);
    ((JavascriptExecutor) browser).executeScript("document.activeElement.blur()");
    shot("signal-form");
    clickDisplayed(
        wait,
        By.cssSelector(
            "dialog[data-testid=signal-confirmation-modal] button[data-testid=confirm-modal-button]"));
    wait.until(
        d -> displayed(d, By.cssSelector("dialog[data-testid=signal-confirmation-modal]")) == null);
    shot("signal-sent");
    E2e.step("3b approve signal sent through the Web UI", data);
  }

  /**
   * Picks {@code name} in the Send a Signal dialog: from the list of the workflow's signals when
   * the UI got them from the worker (the workflow metadata query), else typed as a custom name.
   */
  static void chooseSignal(WebDriverWait wait, String name) {
    By select =
        By.cssSelector(
            "dialog[data-testid=signal-confirmation-modal] [data-testid=signal-select-button]");
    By typed =
        By.cssSelector(
            "dialog[data-testid=signal-confirmation-modal] input[data-testid=signal-name]");
    WebElement field =
        wait.until(d -> displayed(d, select) != null ? displayed(d, select) : displayed(d, typed));
    if (field.getTagName().equals("input")) {
      field.sendKeys(name);
      return;
    }
    field.click();
    clickDisplayed(
        wait,
        By.xpath(
            "//*[@role='option'][normalize-space(.)='"
                + name
                + "' or .//*[normalize-space(text())='"
                + name
                + "']]"));
  }

  /**
   * The text of {@code what} inside the iframe with id {@code frameId}, once it is there. Looked
   * for afresh each time: the UI replaces a frame when its content arrives (the current details
   * come from a query), so a frame entered too early never shows it.
   */
  static String frameText(WebDriverWait wait, String frameId, By what) {
    return wait.until(
        d -> {
          try {
            d.switchTo().defaultContent();
            d.switchTo().frame(d.findElement(By.id(frameId)));
            String text =
                d.findElements(what).stream().findFirst().map(WebElement::getText).orElse("");
            return text.isBlank() ? null : text.strip();
          } catch (org.openqa.selenium.WebDriverException notYet) {
            return null;
          } finally {
            d.switchTo().defaultContent();
          }
        });
  }

  static WebElement clickDisplayed(WebDriverWait wait, By by) {
    WebElement element = wait.until(d -> displayed(d, by));
    element.click();
    return element;
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

  // ------------------------------------------------------------------------------ processes

  static List<String> workerCommand() throws IOException {
    // The worker reads the error ratio over the alert rule's 1-minute window (its default is 5
    // minutes, which kept verification failing for minutes after the alert had resolved).
    return Processes.javaJar(
        "worker",
        "512m",
        "--incident.prometheus.queries.errorRatio="
            + "sum(rate(http_requests_total{job=\"{service}\",status=~\"5..\"}[1m]))"
            + " / sum(rate(http_requests_total{job=\"{service}\"}[1m]))");
  }

  static List<String> starterCommand() throws IOException {
    List<String> command = new ArrayList<>(Processes.javaJar("starter", "384m"));
    command.addAll(E2e.apiKeySettings(APPROVER));
    command.addAll(
        List.of(
            "--incident.security.api-keys[2].person=" + REQUESTER,
            "--incident.security.api-keys[2].roles=responder",
            "--incident.security.api-keys[2].sha256=" + E2e.sha256Hex(REQUESTER_KEY),
            "--incident.slack.interactions.signing-secrets[0]=" + SLACK_SIGNING_SECRET,
            "--incident.slack.interactions.users." + SLACK_APPROVER_ID + "=" + APPROVER,
            "--incident.slack.interactions.response-url-base=" + stub.url("/slack-responses")));
    command.addAll(
        List.of(
            "--incident.policy.approvers.HIGH=" + APPROVER,
            "--incident.policy.approvers.MEDIUM=" + APPROVER,
            "--incident.policy.minimum-monitoring-window=30s",
            "--incident.policy.verification-interval=15s",
            "--incident.policy.services.checkout.user-facing=true",
            "--incident.policy.services.checkout.status-page-component=Checkout"));
    return command;
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
    env.putAll(stub.workerSettings());
    env.putAll(E2e.historyStore());
    env.put("INCIDENT_POSTMORTEM_DIRECTORY", postmortems.toString());
    env.put("INCIDENT_REPORT_DIRECTORY", e2eDir.resolve("reports").toString());
    env.put("INCIDENT_IDENTITY_PROOF_KEY", PROOF_KEY);
    return env;
  }

  static Map<String, String> starterEnv() throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PORT", "" + STARTER_PORT);
    env.put("INCIDENT_WEBHOOKS_ALERTMANAGER_TYPE", "BEARER");
    env.put("INCIDENT_WEBHOOKS_ALERTMANAGER_TOKEN", E2e.alertmanagerToken());
    env.put("INCIDENT_IDENTITY_PROOF_KEY", PROOF_KEY);
    return env;
  }

  // ------------------------------------------------------------------------------ HTTP

  static void post(String path, String body) throws IOException, InterruptedException {
    StarterApi.Answer answer = starter.post(path, StarterApi.JSON_TYPE, body);
    assertThat(answer.status()).as(path + ": " + answer).isBetween(200, 299);
  }

  static void failureRate(double rate) throws IOException, InterruptedException {
    HttpResponse<String> response =
        E2e.HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + DEMO_PORT + "/admin/failure-rate"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"rate\":" + rate + "}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    E2e.step("failure rate " + rate, response.body());
  }

  static JsonNode firstRow(String filter) {
    return starter.firstRow(filter);
  }

  static JsonNode state(String id) {
    return starter.state(id);
  }

  static String phase(String id) {
    return starter.phase(id);
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
}
