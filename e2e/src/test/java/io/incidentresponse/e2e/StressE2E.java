package io.incidentresponse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.e2e.RecordingStub.Create;
import io.incidentresponse.e2e.RecordingStub.CreateOutcome;
import io.incidentresponse.e2e.StarterApi.Answer;
import io.incidentresponse.e2e.TemporalHttp.Event;
import io.incidentresponse.e2e.TemporalHttp.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11 on the real stack: the Temporal dev server that {@code scripts/e2e.sh} started (after
 * {@link IncidentE2E}), with a worker and a starter of its own on their own ports and a recording
 * stub that paces Slack's {@code conversations.create} as Slack does (20 a minute, 429 with
 * Retry-After). The worker has no verification configured (no Prometheus, Kubernetes or health
 * URL), so recovery cannot be verified. The stages run in order on one stack; the storm's channels
 * are checked after the shorter stages, which run while Slack's pace lets the channels through;
 * Temporal is stopped last. Measured numbers go to {@code target/e2e/stress.log}, each stage's
 * outcome to {@code target/e2e/steps.log}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StressE2E {
  static final int STARTER_PORT = E2e.intEnv("E2E_STRESS_STARTER_PORT", 18082);
  static final int WORKER_PORT = E2e.intEnv("E2E_STRESS_WORKER_PORT", 18083);

  /** The storm: this many incidents, one POST every {@link #STORM_EVERY}: all within a minute. */
  static final int STORM = 100;

  static final Duration STORM_EVERY = Duration.ofMillis(500);
  static final Duration PAGED_WITHIN = Duration.ofSeconds(10);
  static final Duration DIAGNOSING_WITHIN = Duration.ofSeconds(30);

  /** Slack's Tier 2: what the stub allows and what the worker's default pace is. */
  static final int SLACK_CREATES_PER_MINUTE = 20;

  /** Above what Slack's pace needs for the storm: the other stages' channels, a 429's pause. */
  static final Duration CHANNEL_MARGIN = Duration.ofSeconds(90);

  /**
   * A P0/P1 whose channel activity started this long before a P2's channel was created was waiting
   * for Slack's pace by then, so it must have had its channel first.
   */
  static final Duration WAITING_AFTER = Duration.ofSeconds(1);

  /** The activity that opens the incident channel (ChatActivities#openIncidentChannel). */
  static final String OPEN_CHANNEL = "OpenIncidentChannel";

  static final Duration MONITORING_WINDOW = Duration.ofSeconds(30);
  static final Duration VERIFICATION_INTERVAL = Duration.ofSeconds(10);
  static final Duration WATCH = Duration.ofSeconds(30);
  static final int FEW_HUNDRED_EVENTS = 300;
  static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

  /** The activity that verifies recovery (MitigationActivities#verifyRecovery). */
  static final String VERIFY = "VerifyRecovery";

  /** When every alert of this class began: one time, so a resolved delivery is the same alert. */
  static final Instant STARTS_AT = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  static final String WHERE =
      "target/e2e/stress.log, target/e2e/logs/stress-worker.log, target/e2e/logs/stress-starter.log";

  @RegisterExtension static final FailureNotes FAILURES = new FailureNotes(WHERE);

  static Processes processes;
  static RecordingStub stub;
  static StarterApi starter;
  static TemporalHttp temporal;
  static Path stressLog;

  /** The storm's incidents, in the order they were POSTed. */
  static final List<Storm> storm = new ArrayList<>();

  static Instant stormStart;

  /** The incident stage 4 leaves in MONITORING; stage 6 signals it while Temporal is down. */
  static String heldInMonitoring;

  /** One incident of the storm. */
  static final class Storm {
    final String severity;
    final String service;
    volatile Instant postedAt;
    volatile Answer answer;
    volatile String incidentId;

    Storm(int index) {
      this.severity = "P" + (index % 3);
      this.service = String.format("storm-%03d", index);
    }

    /** What only this incident's channel name contains. */
    String channelMark() {
      return "-" + service + "-";
    }

    boolean urgent() {
      return !severity.equals("P2");
    }

    @Override
    public String toString() {
      return service + " (" + severity + ", " + incidentId + ")";
    }
  }

  @BeforeAll
  static void startOurWorkerStarterAndStub() throws Exception {
    Path dir = E2e.dir();
    stressLog = dir.resolve("stress.log");
    Files.deleteIfExists(stressLog);
    Path stressDir = dir.resolve("stress");
    E2e.deleteTree(stressDir);
    Files.createDirectories(stressDir);
    processes = new Processes(E2e.logs());
    Files.deleteIfExists(processes.log("stress-worker")); // this run's numbers only
    Files.deleteIfExists(processes.log("stress-starter"));
    stub = new RecordingStub(SLACK_CREATES_PER_MINUTE).start();
    // One create of the storm is answered into a closed connection: Slack made the channel, the
    // worker never heard. The next attempt must adopt it, not make a "-2".
    stub.loseTheAnswerToTheFirstCreateOf(new Storm(1).channelMark());
    starter = new StarterApi(STARTER_PORT, E2e.alertmanagerToken());
    temporal = new TemporalHttp(E2e.env("E2E_TEMPORAL_HTTP_URL"), "default");

    processes.start("stress-worker", Processes.javaJar("worker", "768m"), workerEnv(stressDir));
    List<String> starterCommand =
        new ArrayList<>(
            Processes.javaJar(
                "starter",
                "384m",
                "--incident.policy.minimum-monitoring-window="
                    + MONITORING_WINDOW.toSeconds()
                    + "s",
                "--incident.policy.verification-interval="
                    + VERIFICATION_INTERVAL.toSeconds()
                    + "s"));
    starterCommand.addAll(E2e.apiKeySettings("e2e"));
    processes.start(
        "stress-starter",
        starterCommand,
        Map.of(
            "PORT",
            "" + STARTER_PORT,
            "INCIDENT_WEBHOOKS_ALERTMANAGER_TYPE",
            "BEARER",
            "INCIDENT_WEBHOOKS_ALERTMANAGER_TOKEN",
            E2e.alertmanagerToken()));
    E2e.waitFor(
        "the stress worker (" + processes.log("stress-worker") + ")",
        () -> E2e.health(WORKER_PORT));
    E2e.waitFor("the stress starter (" + processes.log("stress-starter") + ")", starter::healthy);
    note(
        "setup",
        "worker :" + WORKER_PORT + ", starter :" + STARTER_PORT + ", stub " + stub.url("/"));
  }

  /** Slack, PagerDuty and the status page at the stub; nothing that could verify recovery. */
  static Map<String, String> workerEnv(Path stressDir) {
    Map<String, String> env = E2e.ownWorkerEnv(WORKER_PORT, stressDir);
    env.putAll(stub.workerSettings());
    return env;
  }

  @AfterAll
  static void stopOurs() {
    try {
      if (stub != null) {
        note("stub", "requests " + stub.summary());
      }
    } finally {
      if (processes != null) {
        processes.close();
      }
      if (stub != null) {
        stub.close();
      }
    }
    noteTheWorkerLog();
  }

  /** How much the worker logged: the issue's "logs that drown the signal", measured only. */
  static void noteTheWorkerLog() {
    Path log = processes == null ? null : processes.log("stress-worker");
    if (log == null || !Files.exists(log)) {
      return;
    }
    try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
      long warnings = lines.filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).count();
      note(
          "logs",
          "stress worker log "
              + Files.size(log) / 1024
              + " KB, "
              + warnings
              + " WARN/ERROR lines (measured, not asserted)");
    } catch (IOException | java.io.UncheckedIOException e) {
      note("logs", "stress worker log unreadable: " + e);
    }
  }

  // ------------------------------------------------------------------------------ 1. the storm

  @Test
  @Order(1)
  void storm_hundredIncidentsInAMinute_eachPagedWithin10sAndDiagnosingWithin30s() throws Exception {
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    List<CompletableFuture<Void>> answers = new ArrayList<>();
    try {
      stormStart = Instant.now();
      for (int i = 0; i < STORM; i++) {
        Storm incident = new Storm(i);
        storm.add(incident);
        CompletableFuture<Void> answered = new CompletableFuture<>();
        answers.add(answered);
        clock.schedule(
            () -> {
              incident.postedAt = Instant.now();
              starter
                  .alertmanagerAsync(firing(incident.service, "StormAlert", incident.severity))
                  .whenComplete(
                      (answer, error) -> {
                        incident.answer = answer;
                        if (answer != null && answer.status() == 202) {
                          incident.incidentId =
                              answer.json().path("incidents").path(0).path("incidentId").asText();
                        }
                        answered.complete(null);
                      });
            },
            STORM_EVERY.toMillis() * i,
            TimeUnit.MILLISECONDS);
      }
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
    } finally {
      clock.shutdownNow();
    }
    Instant lastPost = storm.stream().map(s -> s.postedAt).max(Comparator.naturalOrder()).get();
    note(
        "storm",
        STORM
            + " alerts POSTed in "
            + seconds(Duration.between(stormStart, lastPost))
            + " (P0 "
            + count("P0")
            + ", P1 "
            + count("P1")
            + ", P2 "
            + count("P2")
            + "), load average "
            + loadAverage()
            + "; webhook answers "
            + Stats.of(
                storm.stream().filter(s -> s.answer != null).map(s -> s.answer.took()).toList()));
    List<String> refused =
        storm.stream()
            .filter(s -> s.incidentId == null || s.incidentId.isBlank())
            .map(s -> s.service + ": " + s.answer)
            .toList();
    assertThat(refused).as("storm alerts not answered 202 with an incident").isEmpty();

    // Paged: the Events API trigger with the incident id as dedup key.
    E2e.waitUntil(
        lastPost.plus(PAGED_WITHIN).plusSeconds(5),
        Duration.ofMillis(500),
        () -> storm.stream().allMatch(s -> pagedAt(s) != null));
    Map<Storm, Duration> paged = new LinkedHashMap<>();
    storm.forEach(s -> paged.put(s, latency(s.postedAt, pagedAt(s))));
    note("storm", "page latency (POST to Events API trigger) " + Stats.of(paged.values()));
    noteWherePagesWaited();

    // Diagnosing: the diagnosis started (or the phase moved on) within 30 s of the POST.
    E2e.pause(Duration.between(Instant.now(), lastPost.plus(DIAGNOSING_WITHIN)));
    Map<Storm, Duration> diagnosing = new LinkedHashMap<>();
    for (Storm s : storm) {
      diagnosing.put(s, latency(s.postedAt, diagnosingAt(s.incidentId)));
    }
    note("storm", "diagnosis latency (POST to diagnosis started) " + Stats.of(diagnosing.values()));

    SoftAssertions.assertSoftly(
        softly -> {
          softly
              .assertThat(late(paged, PAGED_WITHIN))
              .as("incidents not paged within " + PAGED_WITHIN.toSeconds() + " s of their POST")
              .isEmpty();
          softly
              .assertThat(late(diagnosing, DIAGNOSING_WITHIN))
              .as(
                  "incidents not diagnosing within "
                      + DIAGNOSING_WITHIN.toSeconds()
                      + " s of their POST")
              .isEmpty();
        });
    E2e.step(
        "stress 1 storm: " + STORM + " incidents paged and diagnosing",
        "page " + Stats.of(paged.values()) + "; diagnosis " + Stats.of(diagnosing.values()));
  }

  /**
   * Where the pages spent their time, from the histories: from the POST to the OpenPage activity
   * being scheduled (the starter and the first workflow task), then waiting for a worker to take it
   * (the task queue), then the call itself.
   */
  static void noteWherePagesWaited() {
    List<Duration> toScheduled = new ArrayList<>();
    List<Duration> queued = new ArrayList<>();
    List<Duration> calling = new ArrayList<>();
    for (Storm s : storm) {
      Instant[] page = temporal.firstActivity(s.incidentId, "OpenPage");
      toScheduled.add(latency(s.postedAt, page[0]));
      queued.add(latency(page[0], page[1]));
      calling.add(latency(page[1], page[2]));
    }
    note(
        "storm",
        "paging, from the histories: POST to OpenPage scheduled "
            + Stats.of(toScheduled)
            + "; scheduled to started (waiting for a worker) "
            + Stats.of(queued)
            + "; started to closed "
            + Stats.of(calling)
            + "; load average "
            + loadAverage());
  }

  /** The machine's 1, 5 and 15 minute load averages: the storm shares 2 cores with everything. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  static long count(String severity) {
    return storm.stream().filter(s -> s.severity.equals(severity)).count();
  }

  static Instant pagedAt(Storm s) {
    return stub.pages().stream()
        .filter(p -> p.action().equals("trigger") && p.dedupKey().equals(s.incidentId))
        .map(RecordingStub.Page::at)
        .findFirst()
        .orElse(null);
  }

  /** When the incident's diagnosis started: its report's start, else its timeline, else null. */
  static Instant diagnosingAt(String id) {
    JsonNode state = stateOf(id);
    if (state == null) {
      return null;
    }
    Instant started = E2e.instant(state.path("diagnosis").path("startedAt"));
    if (started != null) {
      return started;
    }
    for (JsonNode entry : state.path("timeline")) {
      if (entry.path("event").asText().startsWith("Investigation started")) {
        return E2e.instant(entry.path("at"));
      }
    }
    return null;
  }

  /** The incident's state, asked a few times (the worker is busy); null when it never answered. */
  static JsonNode stateOf(String id) {
    for (int attempt = 0; attempt < 5; attempt++) {
      JsonNode state = starter.state(id);
      if (state != null) {
        return state;
      }
      E2e.pause(Duration.ofSeconds(1));
    }
    return null;
  }

  /** Incidents over {@code limit} (or that never got there), with their latency. */
  static List<String> late(Map<Storm, Duration> latencies, Duration limit) {
    List<String> late = new ArrayList<>();
    latencies.forEach(
        (s, d) -> {
          if (d == null || d.compareTo(limit) > 0) {
            late.add(s + ": " + (d == null ? "never" : seconds(d)));
          }
        });
    return late;
  }

  // ------------------------------------------------------------------------------ 2. the door

  @Test
  @Order(2)
  void door_nullBodyLongLabelPlainTextAndSeverityZero_get4xxProblemsAndStartNothing()
      throws Exception {
    Instant doorOpened = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    E2e.pause(Duration.ofSeconds(1));
    Map<String, Answer> answers = new LinkedHashMap<>();
    answers.put("JSON null to the Alertmanager webhook", starter.alertmanager("null"));
    answers.put("JSON null declared", starter.post("/api/incidents", StarterApi.JSON_TYPE, "null"));
    answers.put(
        "a 5,000-character service label",
        starter.alertmanager(firing("door-" + "x".repeat(4995), "DoorLongLabel", "P1")));
    answers.put(
        "text/plain",
        starter.post(
            StarterApi.ALERTMANAGER, "text/plain", firing("door-plain", "DoorPlainText", "P1")));
    answers.put(
        "severity 0 declared",
        starter.post(
            "/api/incidents",
            StarterApi.JSON_TYPE,
            "{\"title\":\"Door zero\",\"service\":\"door-zero\",\"severity\":0}"));
    answers.forEach((what, answer) -> note("door", what + ": " + answer));
    answers.forEach(
        (what, answer) -> {
          assertThat(answer.status()).as(what + ": " + answer).isBetween(400, 499);
          assertThat(answer.problem()).as(what + " is problem+json: " + answer).isTrue();
        });
    // Refused for what they are, not for credentials or routing (a 401 would pass as "4xx").
    assertThat(answers.get("text/plain").status()).as("text/plain").isEqualTo(415);
    answers.forEach(
        (what, answer) -> assertThat(answer.status()).as(what + ": " + answer).isIn(400, 415, 422));
    assertThat(answers.get("a 5,000-character service label").json().path("field").asText())
        .isEqualTo("alerts[0].labels.service");
    assertThat(answers.get("severity 0 declared").json().path("field").asText())
        .isEqualTo("severity");

    E2e.pause(Duration.ofSeconds(3)); // visibility is written shortly after a start
    List<String> started =
        temporal.ids("WorkflowType = 'Incident' AND StartTime >= '" + doorOpened + "'");
    note("door", "incidents started since the door stage began: " + started);
    assertThat(started).as("incidents started by refused requests (Temporal visibility)").isEmpty();
    for (String service : List.of("door-plain", "door-zero")) {
      JsonNode rows = starter.get("/api/incidents?service=" + service);
      assertThat(rows).as("the REST list answers for " + service).isNotNull();
      assertThat(rows).as("REST list of incidents for " + service).isEmpty();
    }
    E2e.step(
        "stress 2 door: null, 5,000-character label, text/plain, severity 0",
        answers.values().stream().map(a -> a.status() + "").toList() + ", nothing started");
  }

  // ------------------------------------------------------------------------------ 3. redeliveries

  @Test
  @Order(3)
  void redeliveries_ofA200AlertBody_areDuplicatesAndDoNotGrowTheHistory() throws Exception {
    String body = redeliveryBody();
    Answer first = starter.alertmanager(body);
    assertThat(first.status()).as("first delivery: " + first).isEqualTo(202);
    assertThat(first.json().path("duplicate").asBoolean()).as("first delivery: " + first).isFalse();
    String id = first.json().path("incidents").path(0).path("incidentId").asText();
    E2e.waitFor(
        "200 alerts on " + id,
        Duration.ofMinutes(1),
        () -> {
          JsonNode state = starter.state(id);
          return state != null && state.path("alerts").size() == 200 ? true : null;
        });
    Run before = settled(id);
    long signalsBefore = temporal.count(id, "WORKFLOW_EXECUTION_SIGNALED");
    List<Answer> repeats = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      repeats.add(starter.alertmanager(body));
    }
    E2e.pause(Duration.ofSeconds(2));
    Run after = temporal.describe(id);
    long signalsAfter = temporal.count(id, "WORKFLOW_EXECUTION_SIGNALED");
    double growth = 100.0 * (after.bytes() - before.bytes()) / before.bytes();
    note(
        "redeliveries",
        String.format(
            "%s: %d bytes (%s) of body; history before the 3 repeats %s, %d signal(s); after %s,"
                + " %d signal(s): %+.2f %%; repeat answers %s",
            id,
            body.length(),
            first.took().toMillis() + " ms",
            before,
            signalsBefore,
            after,
            signalsAfter,
            growth,
            repeats.stream().map(a -> a.status() + " in " + a.took().toMillis() + " ms").toList()));
    for (Answer repeat : repeats) {
      assertThat(repeat.status()).as("repeat: " + repeat).isEqualTo(202);
      assertThat(repeat.json().path("duplicate").asBoolean()).as("repeat: " + repeat).isTrue();
      assertThat(repeat.json().path("incidents").path(0).path("incidentId").asText())
          .as("repeat: " + repeat)
          .isEqualTo(id);
    }
    assertThat(signalsAfter)
        .as("signals in the history after the repeats")
        .isEqualTo(signalsBefore);
    assertThat(growth).as("history growth from 3 redeliveries, in %").isLessThan(5.0);
    E2e.step(
        "stress 3 redeliveries: 3 repeats of a 200-alert body answered duplicate",
        "history " + before.bytes() + " -> " + after.bytes() + " bytes, signals " + signalsAfter);
  }

  static String redeliveryBody() {
    List<ObjectNode> alerts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ObjectNode alert = alert("redelivery", "RedeliveryBurst", "P2", "firing");
      ((ObjectNode) alert.get("labels")).put("pod", String.format("redelivery-pod-%03d", i));
      alert.put("fingerprint", String.format("redelivery%03d", i));
      alerts.add(alert);
    }
    return delivery("firing", alerts);
  }

  // ------------------------------------------------------------------------------ 4. monitoring

  @Test
  @Order(4)
  void monitoringWithNothingToVerify_resolvesOrWaitsAtTheWindowsEndAndNeverSpins()
      throws Exception {
    String resolving = openedBy(firing("monitor-resolves", "MonitorResolves", "P0"));
    String held = openedBy(firing("monitor-held", "MonitorHeld", "P0"));
    heldInMonitoring = held;
    for (String id : List.of(resolving, held)) {
      E2e.waitFor(
          id + " diagnosed (MITIGATING)",
          Duration.ofMinutes(1),
          () -> "MITIGATING".equals(starter.phase(id)) ? true : null);
    }
    Answer resolved =
        starter.alertmanager(
            delivery(
                "resolved",
                List.of(alert("monitor-resolves", "MonitorResolves", "P0", "resolved"))));
    assertThat(resolved.status()).as("the resolved alert: " + resolved).isEqualTo(202);
    Answer marked =
        starter.post(
            "/api/incidents/" + held + "/signals/markMitigated",
            StarterApi.JSON_TYPE,
            "{\"by\":\"e2e\",\"note\":\"alert still firing, nothing to verify with\"}");
    assertThat(marked.status()).as("markMitigated: " + marked).isEqualTo(202);

    JsonNode resolvingState =
        E2e.waitFor(
            resolving + " resolved with recovery not verified",
            MONITORING_WINDOW.plusMinutes(2),
            () -> withEvent(resolving, "recovery not verified"));
    assertThat(resolvingState.path("phase").asText()).isIn("RESOLVED", "CLOSED");
    JsonNode heldState =
        E2e.waitFor(
            held + " told the responders recovery cannot be verified",
            MONITORING_WINDOW.plusMinutes(2),
            () -> withEvent(held, "recovery cannot be verified"));
    assertThat(heldState.path("phase").asText()).isEqualTo("MONITORING");
    note("monitoring", resolving + ": " + event(resolvingState, "recovery not verified"));
    note("monitoring", held + ": " + event(heldState, "recovery cannot be verified"));

    // Watch both once the window's end is behind them (their channels open, notices sent).
    for (String id : List.of(resolving, held)) {
      E2e.waitFor(
          "the channel of " + id,
          Duration.ofMinutes(3),
          () -> {
            JsonNode state = starter.state(id);
            return state != null && !state.path("channel").isNull() && state.has("channel")
                ? true
                : null;
          });
    }
    Run resolvingStart = settled(resolving);
    Run heldStart = settled(held);
    E2e.pause(WATCH);
    Run resolvingEnd = temporal.describe(resolving);
    Run heldEnd = temporal.describe(held);
    note(
        "monitoring",
        "history of "
            + resolving
            + " (resolved, waiting for its impact): "
            + resolvingStart
            + " -> "
            + resolvingEnd
            + " after "
            + WATCH.toSeconds()
            + " s; of "
            + held
            + " (still monitoring): "
            + heldStart
            + " -> "
            + heldEnd);
    List<Event> heldEvents = temporal.events(held);
    List<Instant> checks =
        heldEvents.stream().filter(e -> e.scheduled(VERIFY)).map(Event::at).toList();
    Instant windowEnd = E2e.instant(heldState.path("monitoringEndsAt"));
    List<Duration> gapsAfterWindow = new ArrayList<>();
    for (int i = 1; i < checks.size(); i++) {
      if (!checks.get(i - 1).isBefore(windowEnd)) {
        gapsAfterWindow.add(Duration.between(checks.get(i - 1), checks.get(i)));
      }
    }
    List<String> scheduledWhileWatched =
        heldEvents.stream()
            .filter(e -> e.id() > heldStart.events() && e.activityType() != null)
            .map(e -> e.at() + " " + e.activityType())
            .toList();
    note(
        "monitoring",
        held
            + ": "
            + checks.size()
            + " recovery checks in all, the gaps between those after the window "
            + gapsAfterWindow.stream().map(StressE2E::seconds).toList()
            + "; activities while watched "
            + scheduledWhileWatched);
    SoftAssertions.assertSoftly(
        softly -> {
          softly
              .assertThat(resolvingEnd.events())
              .as(resolving + " history events")
              .isLessThan(FEW_HUNDRED_EVENTS);
          softly
              .assertThat(heldEnd.events())
              .as(held + " history events")
              .isLessThan(FEW_HUNDRED_EVENTS);
          softly
              .assertThat(resolvingEnd.events())
              .as(
                  resolving
                      + " (resolved) history grew while watched for "
                      + WATCH.toSeconds()
                      + " s")
              .isEqualTo(resolvingStart.events());
          // Still monitoring, it checks again on its back-off: at most one check while watched,
          // and nothing else; the gaps after the window never shrink below the interval.
          softly
              .assertThat(scheduledWhileWatched)
              .as(held + " (monitoring) activities while watched for " + WATCH.toSeconds() + " s")
              .hasSizeLessThanOrEqualTo(1)
              .allMatch(a -> a.endsWith(" " + VERIFY));
          softly
              .assertThat(gapsAfterWindow)
              .as(held + " gaps between recovery checks after the window")
              .allMatch(gap -> gap.compareTo(VERIFICATION_INTERVAL) >= 0);
        });
    E2e.step(
        "stress 4 monitoring without verification: resolved 'recovery not verified' / held, no spin",
        resolvingEnd.events()
            + " events, unchanged over "
            + WATCH.toSeconds()
            + " s; "
            + heldEnd.events()
            + " events, checks after the window "
            + gapsAfterWindow.stream().map(StressE2E::seconds).toList()
            + " apart");
  }

  static String openedBy(String body) throws IOException, InterruptedException {
    Answer answer = starter.alertmanager(body);
    assertThat(answer.status()).as("alert: " + answer).isEqualTo(202);
    return answer.json().path("incidents").path(0).path("incidentId").asText();
  }

  /** The state when its timeline has an event containing {@code text}, else null. */
  static JsonNode withEvent(String id, String text) {
    JsonNode state = starter.state(id);
    return state != null && event(state, text) != null ? state : null;
  }

  static String event(JsonNode state, String text) {
    for (JsonNode entry : state.path("timeline")) {
      if (entry.path("event").asText().contains(text)) {
        return entry.path("at").asText() + " " + entry.path("event").asText();
      }
    }
    return null;
  }

  /** The history once it stopped changing for 5 s (what was running has finished). */
  static Run settled(String id) {
    Run[] last = {temporal.describe(id)};
    Instant[] since = {Instant.now()};
    return E2e.waitFor(
        "the history of " + id + " to settle",
        Duration.ofMinutes(1),
        () -> {
          Run now = temporal.describe(id);
          if (now.events() != last[0].events()) {
            last[0] = now;
            since[0] = Instant.now();
            return null;
          }
          return Duration.between(since[0], Instant.now()).toSeconds() >= 5 ? now : null;
        });
  }

  // ------------------------------------------------------------------------------ 5. channels

  @Test
  @Order(5)
  void stormChannels_eachCreatedOnceWithinSlacksPace_P0AndP1First() {
    assertThat(stormStart).as("the storm ran (stage 1)").isNotNull();
    Duration paceNeeds = Duration.ofSeconds(60L * STORM / SLACK_CREATES_PER_MINUTE);
    Instant allowedUntil = stormStart.plus(paceNeeds).plus(CHANNEL_MARGIN);
    E2e.waitUntil(
        allowedUntil,
        Duration.ofSeconds(2),
        () -> storm.stream().allMatch(s -> !createdFor(s).isEmpty()));
    List<Storm> without = storm.stream().filter(s -> createdFor(s).isEmpty()).toList();
    assertThat(without)
        .as(
            "storm incidents without a channel "
                + seconds(paceNeeds.plus(CHANNEL_MARGIN))
                + " after the first POST")
        .isEmpty();
    List<Create> creates = stub.creates();
    Map<Storm, Instant> createdAt = new LinkedHashMap<>();
    List<String> wrong = new ArrayList<>();
    for (Storm s : storm) {
      List<Create> made = createdFor(s);
      JsonNode state = stateOf(s.incidentId);
      JsonNode channel = state == null ? null : state.get("channel");
      if (channel == null || channel.isNull()) {
        wrong.add(s + ": no channel on its state (" + (state == null ? "no state" : "null") + ")");
        continue;
      }
      String name = channel.path("name").asText();
      if (made.size() != 1 || !made.get(0).name().equals(name)) {
        wrong.add(s + ": state says #" + name + ", Slack created " + made);
      }
      createdAt.put(s, made.get(0).at());
    }
    Instant last = createdAt.values().stream().max(Comparator.naturalOrder()).get();
    long created = creates.stream().filter(Create::created).count();
    long rateLimited =
        creates.stream().filter(c -> c.outcome() == CreateOutcome.RATE_LIMITED).count();
    long taken = creates.stream().filter(c -> c.outcome() == CreateOutcome.NAME_TAKEN).count();
    List<Create> lost =
        creates.stream().filter(c -> c.outcome() == CreateOutcome.CREATED_ANSWER_LOST).toList();
    note(
        "channels",
        String.format(
            "last storm channel %s after the first POST (Slack's %d/min needs %s for %d; allowed"
                + " %s); conversations.create: %d created (all stages), %d answered 429, %d"
                + " name_taken; answer lost for %s",
            seconds(Duration.between(stormStart, last)),
            SLACK_CREATES_PER_MINUTE,
            seconds(paceNeeds),
            STORM,
            seconds(paceNeeds.plus(CHANNEL_MARGIN)),
            created,
            rateLimited,
            taken,
            lost.stream().map(Create::name).toList()));
    Map<Storm, Instant> activityStarted = new LinkedHashMap<>();
    Map<Storm, Instant> posted = new LinkedHashMap<>();
    for (Storm s : storm) {
      activityStarted.put(s, temporal.firstActivity(s.incidentId, OPEN_CHANNEL)[1]);
      posted.put(s, s.postedAt.plusSeconds(10));
    }
    List<String> overtaken = overtaken(createdAt, activityStarted);
    overtaken.stream().limit(20).forEach(o -> note("channels", "P2 before a waiting P0/P1: " + o));
    note(
        "channels",
        "P2 channels created while a P0/P1's channel activity waited for Slack's pace: "
            + overtaken.size()
            + "; while a P0/P1 POSTed over 10 s earlier had no channel (its activity may still"
            + " have waited for a worker): "
            + overtaken(createdAt, posted).size());

    Duration toLast = Duration.between(stormStart, last);
    SoftAssertions.assertSoftly(
        softly -> {
          softly
              .assertThat(wrong)
              .as("storm incidents without exactly one channel of their own")
              .isEmpty();
          softly
              .assertThat(lost)
              .as("creates whose answer the stub lost (the adoption case)")
              .hasSize(1);
          softly
              .assertThat(overtaken.stream().limit(3).toList())
              .as(
                  "P2 channels created while a P0/P1 waited ("
                      + overtaken.size()
                      + " pairs; the first 3 here, 20 in stress.log)")
              .isEmpty();
          softly
              .assertThat(toLast)
              .as("time to the last storm channel")
              .isLessThanOrEqualTo(paceNeeds.plus(CHANNEL_MARGIN));
        });
    E2e.step(
        "stress 5 channels: one per incident, P0/P1 first, within Slack's pace",
        "last after "
            + seconds(Duration.between(stormStart, last))
            + ", "
            + rateLimited
            + " x 429");
  }

  /** The storm incident's channels Slack created (normally one). */
  static List<Create> createdFor(Storm s) {
    return stub.creates().stream()
        .filter(Create::created)
        .filter(c -> c.name().contains(s.channelMark()))
        .toList();
  }

  /**
   * Pairs where a P2 got its channel while a P0/P1 that was already waiting for one had none yet.
   * {@code waitingSince}: when that incident's channel activity started (or its POST, to count the
   * time its activity also waited for a worker).
   */
  static List<String> overtaken(Map<Storm, Instant> createdAt, Map<Storm, Instant> waitingSince) {
    List<String> overtaken = new ArrayList<>();
    createdAt.forEach(
        (low, lowAt) -> {
          if (low.urgent()) {
            return;
          }
          createdAt.forEach(
              (high, highAt) -> {
                Instant waiting = waitingSince.get(high);
                if (high.urgent()
                    && waiting != null
                    && waiting.plus(WAITING_AFTER).isBefore(lowAt)
                    && highAt.isAfter(lowAt)) {
                  overtaken.add(
                      low
                          + " at "
                          + lowAt
                          + " before "
                          + high
                          + " (waiting since "
                          + waiting
                          + ", channel "
                          + highAt
                          + ")");
                }
              });
        });
    return overtaken;
  }

  // ------------------------------------------------------------------------------ 6. Temporal down

  @Test
  @Order(6)
  void temporalDown_alertsAndSignalsAnswer503WithinFiveSeconds_andTheAlertIsAcceptedAfter()
      throws Exception {
    String target = heldInMonitoring != null ? heldInMonitoring : storm.get(0).incidentId;
    String body = firing("after-outage", "AfterOutage", "P1");
    E2e.stack("kill9", "temporal");
    Answer alert;
    Answer signal;
    Instant back;
    try {
      alert = starter.alertmanager(body);
      signal =
          starter.post(
              "/api/incidents/" + target + "/signals/addNote",
              StarterApi.JSON_TYPE,
              "{\"by\":\"e2e\",\"text\":\"sent while Temporal is down\"}");
    } finally {
      E2e.stack("up", "temporal");
      back = Instant.now();
    }
    note("temporal down", "alert: " + alert);
    note("temporal down", "signal: " + signal);
    for (Answer answer : List.of(alert, signal)) {
      assertThat(answer.status()).as("while Temporal is down: " + answer).isEqualTo(503);
      assertThat(answer.retryAfter()).as("Retry-After: " + answer).isNotBlank();
      assertThat(answer.problem()).as("problem+json: " + answer).isTrue();
      assertThat(answer.took())
          .as("answered within 5 s: " + answer)
          .isLessThanOrEqualTo(ANSWER_WITHIN);
    }
    Answer accepted =
        E2e.waitFor(
            "the same alert accepted after Temporal is back",
            Duration.ofMinutes(3),
            Duration.ofSeconds(2),
            () -> {
              try {
                Answer again = starter.alertmanager(body);
                return again.status() == 202 ? again : null;
              } catch (IOException e) {
                return null;
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
              }
            });
    Duration toAccept = Duration.between(back, Instant.now());
    assertThat(accepted.json().path("duplicate").asBoolean()).as("after: " + accepted).isFalse();
    String id = accepted.json().path("incidents").path(0).path("incidentId").asText();
    E2e.waitFor(
        "the page of " + id + " after Temporal came back",
        Duration.ofMinutes(2),
        () -> stub.pages().stream().anyMatch(p -> p.dedupKey().equals(id)) ? true : null);
    note(
        "temporal down",
        "after `up temporal`: the same alert accepted in "
            + seconds(toAccept)
            + " ("
            + accepted
            + "), "
            + id
            + " paged");
    E2e.step(
        "stress 6 Temporal down: 503 + Retry-After",
        "alert in "
            + alert.took().toMillis()
            + " ms, signal in "
            + signal.took().toMillis()
            + " ms; accepted "
            + seconds(toAccept)
            + " after the restart");
  }

  // ------------------------------------------------------------------------------ bodies

  static String firing(String service, String alertname, String priority) {
    return delivery("firing", List.of(alert(service, alertname, priority, "firing")));
  }

  static ObjectNode alert(String service, String alertname, String priority, String status) {
    ObjectNode alert = E2e.JSON.createObjectNode().put("status", status);
    alert
        .putObject("labels")
        .put("alertname", alertname)
        .put("service", service)
        .put("namespace", "stress")
        .put("priority", priority);
    alert.putObject("annotations").put("summary", alertname + " on " + service);
    alert.put("startsAt", STARTS_AT.toString());
    alert.put(
        "endsAt", "resolved".equals(status) ? Instant.now().toString() : "0001-01-01T00:00:00Z");
    alert.put("generatorURL", "http://127.0.0.1:19090/graph");
    alert.put("fingerprint", Integer.toHexString(Objects.hash(service, alertname)));
    return alert;
  }

  static String delivery(String status, List<ObjectNode> alerts) {
    ObjectNode first = alerts.get(0);
    ObjectNode body =
        E2e.JSON
            .createObjectNode()
            .put("version", "4")
            .put(
                "groupKey",
                "{}:{alertname=\"" + first.path("labels").path("alertname").asText() + "\"}")
            .put("truncatedAlerts", 0)
            .put("status", status)
            .put("receiver", "incident-response");
    body.putObject("groupLabels").put("alertname", first.path("labels").path("alertname").asText());
    body.putObject("commonLabels")
        .put("alertname", first.path("labels").path("alertname").asText());
    body.putObject("commonAnnotations");
    body.put("externalURL", "http://127.0.0.1:19093");
    ArrayNode list = body.putArray("alerts");
    alerts.forEach(list::add);
    return body.toString();
  }

  // ------------------------------------------------------------------------------ numbers

  static Duration latency(Instant from, Instant to) {
    return from == null || to == null ? null : Duration.between(from, to);
  }

  static String seconds(Duration d) {
    return d == null ? "never" : String.format("%.1f s", d.toMillis() / 1000.0);
  }

  static void note(String stage, String text) {
    String line = Instant.now() + " " + stage + ": " + text;
    System.out.println(line);
    E2e.append(stressLog, line);
  }

  /** p50, p99 and max of latencies (nearest rank); a missing one counts as "never". */
  record Stats(int n, int missing, Duration p50, Duration p99, Duration max) {
    static Stats of(java.util.Collection<Duration> values) {
      List<Duration> sorted = values.stream().filter(Objects::nonNull).sorted().toList();
      int missing = values.size() - sorted.size();
      if (sorted.isEmpty()) {
        return new Stats(values.size(), missing, null, null, null);
      }
      return new Stats(
          values.size(),
          missing,
          rank(sorted, 0.50),
          rank(sorted, 0.99),
          sorted.get(sorted.size() - 1));
    }

    private static Duration rank(List<Duration> sorted, double p) {
      int index = (int) Math.ceil(p * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    @Override
    public String toString() {
      return "p50 "
          + seconds(p50)
          + ", p99 "
          + seconds(p99)
          + ", max "
          + seconds(max)
          + " (n="
          + n
          + (missing > 0 ? ", " + missing + " never" : "")
          + ")";
    }
  }
}
