package io.incidentresponse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.e2e.StarterApi.Answer;
import io.incidentresponse.e2e.StressE2E.Stats;
import io.incidentresponse.e2e.TemporalHttp.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
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
 * Issue 18's scale-out on the real stack: two workers and two starters against the one Temporal
 * server {@code scripts/e2e.sh} started, the incident history store on its PostgreSQL (in a schema
 * of this class's own, empty when the workers start), and one recording stub for Slack, PagerDuty
 * and the status page. In order: the four processes start at the same moment (the history store's
 * migrations and the starters' Temporal Schedules are made once, without an error); a burst over
 * both starters is worked by both workers (the histories name the worker of each task); a storm
 * that sends every alert to both starters at once, with one worker killed by SIGKILL halfway, loses
 * nothing and duplicates no incident, channel or page; then the same burst on one worker and one
 * starter. Throughput of the pair and of one is measured and written to {@code
 * target/e2e/scale.log}, never asserted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutE2E {
  static final int WORKER_A_PORT = E2e.intEnv("E2E_SCALE_WORKER_A_PORT", 27401);
  static final int WORKER_B_PORT = E2e.intEnv("E2E_SCALE_WORKER_B_PORT", 27402);
  static final int STARTER_A_PORT = E2e.intEnv("E2E_SCALE_STARTER_A_PORT", 27411);
  static final int STARTER_B_PORT = E2e.intEnv("E2E_SCALE_STARTER_B_PORT", 27412);

  /** The history store's schema: dropped and made empty before the workers start. */
  static final String SCHEMA = "scale_out";

  /** New incidents per throughput burst, and the callers that send them. */
  static final int BURST = 40;

  static final int CALLERS = 8;

  /** Incidents of the storm; each gets two alerts, one to each starter at the same moment. */
  static final int STORM = 30;

  /** The storm incident after whose alerts worker A is killed. */
  static final int KILL_AFTER = STORM / 2;

  static final Duration STARTING_WITHIN = Duration.ofMinutes(10);

  /** Slack's pace is StressE2E's business: here channel creation is not the bottleneck. */
  static final int SLACK_CREATES_PER_MINUTE = 600;

  static final String OPEN_PAGE = "OpenPage";
  static final String OPEN_CHANNEL = StressE2E.OPEN_CHANNEL;

  /** The starters' schedules made at start-up (report: on by default; hand-off: switched on). */
  static final Map<String, String> SCHEDULES =
      Map.of(
          "monthly-incident-report",
          "monthly report schedule 'monthly-incident-report': ",
          "oncall-handoff-reminders",
          "hand-off reminder schedule 'oncall-handoff-reminders': ");

  static final String WHERE =
      "target/e2e/scale.log, target/e2e/logs/scale-worker-a.log, scale-worker-b.log,"
          + " scale-starter-a.log, scale-starter-b.log";

  @RegisterExtension static final FailureNotes FAILURES = new FailureNotes(WHERE);

  static Processes processes;
  static RecordingStub stub;
  static StarterApi starterA;
  static StarterApi starterB;
  static TemporalHttp temporal;
  static Path scaleLog;

  /** PID@host of each worker: the identity the Temporal SDK reports by default. */
  static final Map<String, String> workers = new LinkedHashMap<>();

  static final Map<String, Burst> bursts = new LinkedHashMap<>();

  @BeforeAll
  static void startTwoWorkersAndTwoStartersAtOnce() throws Exception {
    Path dir = E2e.dir();
    scaleLog = dir.resolve("scale.log");
    Files.deleteIfExists(scaleLog);
    Path scaleDir = dir.resolve("scale");
    E2e.deleteTree(scaleDir);
    processes = new Processes(E2e.logs());
    for (String name : List.of("scale-worker-a", "scale-worker-b", "scale-starter-a")) {
      Files.deleteIfExists(processes.log(name));
    }
    Files.deleteIfExists(processes.log("scale-starter-b"));
    stub = new RecordingStub(SLACK_CREATES_PER_MINUTE).start();
    temporal = new TemporalHttp(E2e.env("E2E_TEMPORAL_HTTP_URL"), "default");
    starterA = new StarterApi(STARTER_A_PORT, E2e.alertmanagerToken());
    starterB = new StarterApi(STARTER_B_PORT, E2e.alertmanagerToken());

    // The incidents earlier classes (or runs) left open would be this class's workers' to replay:
    // ended, so both measured bursts start from the same nothing.
    int ended = endOpenIncidents("before ScaleOutE2E");
    // An empty history store and no schedule: both workers migrate it, both starters create them.
    psql("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE; CREATE SCHEMA " + SCHEMA);
    for (String id : SCHEDULES.keySet()) {
      temporal.deleteSchedule(id);
    }

    Instant launched = Instant.now();
    processes.start(
        "scale-worker-a",
        Processes.javaJar("worker", "512m"),
        workerEnv(WORKER_A_PORT, scaleDir.resolve("a")));
    processes.start(
        "scale-worker-b",
        Processes.javaJar("worker", "512m"),
        workerEnv(WORKER_B_PORT, scaleDir.resolve("b")));
    processes.start("scale-starter-a", starterCommand(), starterEnv(STARTER_A_PORT));
    processes.start("scale-starter-b", starterCommand(), starterEnv(STARTER_B_PORT));
    String host = java.net.InetAddress.getLocalHost().getHostName();
    workers.put("a", processes.pid("scale-worker-a") + "@" + host);
    workers.put("b", processes.pid("scale-worker-b") + "@" + host);
    // Four JVMs starting at once on 2 shared cores: about a minute alone, up to 5 under load.
    for (int port : List.of(WORKER_A_PORT, WORKER_B_PORT, STARTER_A_PORT, STARTER_B_PORT)) {
      E2e.waitFor("the scale process on :" + port, STARTING_WITHIN, () -> health(port));
    }
    note(
        "setup",
        "workers "
            + workers
            + " on :"
            + WORKER_A_PORT
            + "/:"
            + WORKER_B_PORT
            + ", starters :"
            + STARTER_A_PORT
            + "/:"
            + STARTER_B_PORT
            + ", all healthy "
            + StressE2E.seconds(Duration.between(launched, Instant.now()))
            + " after they were launched together; "
            + ended
            + " incidents left open before were terminated; load average "
            + StressE2E.loadAverage());
  }

  /**
   * "version:true" for every history-store migration the worker ships (the activities module's
   * db/incidents), in version order: what one successful migration of an empty store records.
   */
  static List<String> shippedMigrations() {
    try (Stream<Path> files =
        Files.list(E2e.repo().resolve("activities/src/main/resources/db/incidents"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(name -> name.matches("V\\d+__.+\\.sql"))
          .map(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
          .sorted()
          .map(version -> version + ":true")
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Terminates every running Incident and Postmortem workflow; answers how many. */
  static int endOpenIncidents(String reason) {
    int ended = 0;
    for (String id :
        temporal.ids(
            "ExecutionStatus = 'Running' AND WorkflowType IN ('Incident', 'Postmortem')")) {
      if (temporal.terminate(id, reason)) {
        ended++;
      }
    }
    return ended;
  }

  static Boolean health(int port) {
    return E2e.health(port) ? true : null;
  }

  static Map<String, String> workerEnv(int port, Path dir) {
    Map<String, String> env = E2e.ownWorkerEnv(port, dir);
    env.put("INCIDENT_HISTORY_URL", E2e.env("INCIDENT_DATABASE_URL") + "?currentSchema=" + SCHEMA);
    env.putAll(stub.workerSettings());
    env.put("INCIDENT_SLACK_CHANNELCREATESPERMINUTE", "" + SLACK_CREATES_PER_MINUTE);
    return env;
  }

  static List<String> starterCommand() throws IOException {
    List<String> command = new ArrayList<>(Processes.javaJar("starter", "384m"));
    command.addAll(E2e.apiKeySettings("e2e"));
    return command;
  }

  static Map<String, String> starterEnv(int port) throws IOException {
    return Map.of(
        "PORT",
        "" + port,
        "INCIDENT_WEBHOOKS_ALERTMANAGER_TYPE",
        "BEARER",
        "INCIDENT_WEBHOOKS_ALERTMANAGER_TOKEN",
        E2e.alertmanagerToken(),
        "INCIDENT_ONCALL_HANDOFFREMINDERS_ENABLED",
        "true");
  }

  @AfterAll
  static void stopOurs() {
    try {
      if (temporal != null) {
        note("end", endOpenIncidents("after ScaleOutE2E") + " open incidents terminated");
      }
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
  }

  // ------------------------------------------------------------------------------ 1. start-up

  @Test
  @Order(1)
  void startedTogether_migrateTheEmptyHistoryStoreOnce_andEachScheduleIsMadeWithoutAFight() {
    List<String> migrations =
        E2e.waitFor(
            "the history store's migrations in schema " + SCHEMA,
            Duration.ofMinutes(1),
            () -> {
              List<String> rows =
                  psql(
                      "SELECT version || ':' || success FROM "
                          + SCHEMA
                          + ".incident_history_migrations ORDER BY installed_rank");
              return rows.isEmpty() ? null : rows;
            });
    Map<String, List<String>> ready = new LinkedHashMap<>();
    for (String worker : List.of("scale-worker-a", "scale-worker-b")) {
      ready.put(worker, lines(worker, "Incident history ready at", "migrations failed"));
    }
    Map<String, List<String>> scheduleLines = new LinkedHashMap<>();
    for (String starter : List.of("scale-starter-a", "scale-starter-b")) {
      List<String> said =
          E2e.waitFor(
              starter + " saying what it did to each schedule",
              Duration.ofMinutes(1),
              () -> {
                List<String> found = new ArrayList<>();
                for (String prefix : SCHEDULES.values()) {
                  List<String> matching = lines(starter, prefix);
                  if (matching.isEmpty()) {
                    return null;
                  }
                  found.addAll(matching);
                }
                return found;
              });
      List<String> errors = lines(starter, "could not be created, updated or checked");
      said.addAll(errors);
      scheduleLines.put(starter, said);
    }
    Map<String, Boolean> described = new LinkedHashMap<>();
    SCHEDULES.keySet().forEach(id -> described.put(id, temporal.schedule(id) != null));
    note("start-up", "migrations " + migrations + "; workers: " + ready);
    scheduleLines.forEach((starter, said) -> note("start-up", starter + ": " + said));

    List<String> shipped = shippedMigrations();
    SoftAssertions.assertSoftly(
        softly -> {
          softly
              .assertThat(migrations)
              .as("migrations applied, once each")
              .containsExactlyElementsOf(shipped);
          ready.forEach(
              (worker, said) ->
                  softly
                      .assertThat(said)
                      .as(worker + ": history store ready, no failed migration")
                      .hasSize(1)
                      .allMatch(line -> line.contains("Incident history ready at")));
          scheduleLines.forEach(
              (starter, said) ->
                  softly
                      .assertThat(said)
                      .as(starter + ": one outcome per schedule and no error")
                      .hasSize(SCHEDULES.size())
                      .noneMatch(line -> line.contains("could not be created")));
          softly
              .assertThat(described)
              .as("the schedules on the server")
              .allSatisfy((id, there) -> assertThat(there).as(id).isTrue());
        });
    E2e.step(
        "scale 1 start-up: 2 workers on an empty history store, 2 starters making schedules",
        "migrations " + migrations + ", schedules " + described.keySet() + " made once, no error");
  }

  // ------------------------------------------------------------------------------ 2. the pair

  @Test
  @Order(2)
  void burstOverBothStarters_isWorkedByBothWorkers_oneIncidentAndOnePageEach() throws Exception {
    Burst burst = burst("pair", List.of(starterA, starterB));
    Map<String, Long> tasks = tasksByWorker(burst.ids());
    note("pair", "tasks of the burst's incidents by kind and worker: " + tasks);
    SoftAssertions.assertSoftly(
        softly -> {
          for (String worker : workers.keySet()) {
            softly
                .assertThat(tasks.getOrDefault("workflow task " + worker, 0L))
                .as("workflow tasks worker " + worker + " ran: " + tasks)
                .isPositive();
            softly
                .assertThat(tasks.getOrDefault("activity " + worker, 0L))
                .as("activities worker " + worker + " ran: " + tasks)
                .isPositive();
          }
          softly
              .assertThat(tasks)
              .as("tasks by an unknown worker")
              .allSatisfy((key, count) -> assertThat(key).doesNotEndWith(" ?"));
        });
    E2e.step(
        "scale 2 pair: " + BURST + " incidents over 2 starters and 2 workers",
        burst + "; " + tasks);
  }

  /** How many workflow tasks and activities of these incidents each worker started. */
  static Map<String, Long> tasksByWorker(List<String> ids) {
    Map<String, Long> tasks = new java.util.TreeMap<>();
    for (String id : ids) {
      for (Event event : temporal.events(id)) {
        if (event.workerIdentity() != null) {
          tasks.merge(kind(event) + " " + workerName(event.workerIdentity()), 1L, Long::sum);
        }
      }
    }
    return tasks;
  }

  static String kind(Event event) {
    return event.type().contains("WORKFLOW_TASK") ? "workflow task" : "activity";
  }

  static String workerName(String identity) {
    return workers.entrySet().stream()
        .filter(e -> e.getValue().equals(identity))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse("?");
  }

  // ------------------------------------------------------------------------------ 3. the storm

  @Test
  @Order(3)
  void stormToBothStartersAtOnce_withAWorkerKilled_losesNothingAndDuplicatesNothing()
      throws Exception {
    Instant stormStart = Instant.now();
    List<CompletableFuture<Answer[]>> keys = new ArrayList<>();
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    Instant killedAt = null;
    try {
      for (int i = 0; i < STORM; i++) {
        String service = String.format("scale-storm-%03d", i);
        // the same incident key (service + alertname), two alerts: one to each starter, together
        CompletableFuture<Answer> toA =
            CompletableFuture.supplyAsync(() -> post(starterA, storm(service, "a")), callers);
        CompletableFuture<Answer> toB =
            CompletableFuture.supplyAsync(() -> post(starterB, storm(service, "b")), callers);
        keys.add(toA.thenCombine(toB, (a, b) -> new Answer[] {a, b}));
        if (i + 1 == KILL_AFTER) {
          CompletableFuture.allOf(keys.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
          processes.kill("scale-worker-a");
          killedAt = Instant.now();
        }
      }
      CompletableFuture.allOf(keys.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    } finally {
      callers.shutdownNow();
    }
    List<String> refused = new ArrayList<>();
    List<String> split = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < STORM; i++) {
      Answer[] pair = keys.get(i).join();
      String a = incidentId(pair[0]);
      String b = incidentId(pair[1]);
      if (a == null || b == null) {
        refused.add(i + ": " + pair[0] + " / " + pair[1]);
      } else if (!a.equals(b)) {
        split.add(a + " / " + b);
      }
      ids.add(a != null ? a : b);
    }
    assertThat(refused).as("storm alerts not answered 202 with an incident").isEmpty();
    assertThat(split).as("one key answered with two incidents").isEmpty();

    // Everything the killed worker held is finished by the other: both alerts, the page, the
    // channel, the diagnosis.
    Map<String, JsonNode> states = new LinkedHashMap<>();
    boolean finished =
        E2e.waitUntil(
            Instant.now().plus(Duration.ofMinutes(2)),
            Duration.ofSeconds(2),
            () -> {
              for (String id : ids) {
                if (states.containsKey(id)) {
                  continue;
                }
                JsonNode state = starterB.state(id);
                if (state == null
                    || state.path("alerts").size() != 2
                    || state.path("channel").isNull()
                    || !state.has("channel")
                    || state.path("phase").asText().equals("TRIGGERED")
                    || state.path("phase").asText().equals("INVESTIGATING")
                    || createdFor(id).isEmpty()
                    || triggers(id) == 0) {
                  return false;
                }
                states.put(id, state);
              }
              return true;
            });
    Instant done = Instant.now();
    note("storm", unavailable.getAndSet(0) + " answers 503 (retried) during the storm");
    List<String> unfinished = ids.stream().filter(id -> !states.containsKey(id)).toList();
    E2e.pause(Duration.ofSeconds(3)); // visibility is written shortly after a start
    List<String> listed =
        temporal.ids("WorkflowType = 'Incident' AND StartTime >= '" + stormStart + "'").stream()
            .filter(id -> id.contains("scale-storm-"))
            .toList();
    Map<String, Long> runsPerId =
        listed.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    List<String> channels = new ArrayList<>();
    List<String> scheduledTwice = new ArrayList<>();
    Map<String, Integer> triggersPerIncident = new LinkedHashMap<>();
    for (String id : ids) {
      List<RecordingStub.Create> created = createdFor(id);
      if (created.size() != 1) {
        channels.add(id + ": " + created);
      }
      List<Event> events = temporal.events(id);
      for (String activity : List.of(OPEN_PAGE, OPEN_CHANNEL)) {
        long scheduled = events.stream().filter(e -> e.scheduled(activity)).count();
        if (scheduled != 1) {
          scheduledTwice.add(id + ": " + activity + " scheduled " + scheduled + " times");
        }
      }
      triggersPerIncident.put(id, triggers(id));
    }
    long repeatedTriggers = triggersPerIncident.values().stream().filter(n -> n > 1).count();
    Map<String, Long> tasks = tasksByWorker(ids);
    long nameTaken =
        stub.creates().stream()
            .filter(c -> c.outcome() == RecordingStub.CreateOutcome.NAME_TAKEN)
            .count();
    List<String> historyRows =
        psql(
            "SELECT incident_id || ' x' || count(*) FROM "
                + SCHEMA
                + ".incidents WHERE incident_id LIKE '%scale-storm-%' GROUP BY incident_id"
                + " HAVING count(*) > 1");
    note(
        "storm",
        String.format(
            "%d incidents, 2 alerts each to both starters at once; worker a killed after %d (%s"
                + " after the first POST); all finished by worker b %s after the kill%s; runs per"
                + " id in visibility: %d ids, max %d; channels created: %d; pages: triggers per"
                + " incident max %d (%d incidents triggered more than once, same dedup key);"
                + " creates answered name_taken (an attempt after one that made the channel:"
                + " worker a killed, or a timeout under load; adopted): %d (all stages); tasks of"
                + " the storm's incidents by worker %s; load"
                + " average %s",
            STORM,
            KILL_AFTER,
            StressE2E.seconds(Duration.between(stormStart, killedAt)),
            StressE2E.seconds(Duration.between(killedAt, done)),
            finished ? "" : " (NOT finished: " + unfinished + ")",
            runsPerId.size(),
            runsPerId.values().stream().max(Comparator.naturalOrder()).orElse(0L),
            ids.stream().mapToInt(id -> createdFor(id).size()).sum(),
            triggersPerIncident.values().stream().max(Comparator.naturalOrder()).orElse(0),
            repeatedTriggers,
            nameTaken,
            tasks,
            StressE2E.loadAverage()));
    SoftAssertions.assertSoftly(
        softly -> {
          softly.assertThat(unfinished).as("incidents not finished after the kill").isEmpty();
          softly
              .assertThat(runsPerId)
              .as("Incident workflows of the storm (visibility)")
              .hasSize(STORM)
              .allSatisfy((id, runs) -> assertThat(runs).as(id).isEqualTo(1L));
          softly.assertThat(channels).as("incidents without exactly one channel").isEmpty();
          softly.assertThat(scheduledTwice).as("page or channel asked for twice").isEmpty();
          softly
              .assertThat(triggersPerIncident)
              .as("pages (Events API triggers) per incident")
              .allSatisfy((id, n) -> assertThat(n).as(id).isPositive());
          softly.assertThat(historyRows).as("history store rows twice per incident").isEmpty();
          softly
              .assertThat(tasks.keySet())
              .as("the killed worker had taken part in the storm before it died")
              .anyMatch(key -> key.endsWith(" a"));
        });
    E2e.step(
        "scale 3 storm: "
            + STORM
            + " incidents, each alert to both starters, worker a killed halfway",
        "one incident, channel and page each; finished by worker b "
            + StressE2E.seconds(Duration.between(killedAt, done))
            + " after the kill");
  }

  static String storm(String service, String pod) {
    ObjectNode alert = StressE2E.alert(service, "ScaleStorm", "P1", "firing");
    ((ObjectNode) alert.get("labels")).put("pod", service + "-" + pod);
    alert.put("fingerprint", Integer.toHexString(Objects.hash(service, pod)));
    return StressE2E.delivery("firing", List.of(alert));
  }

  static int triggers(String id) {
    return (int)
        stub.pages().stream()
            .filter(p -> p.action().equals("trigger") && p.dedupKey().equals(id))
            .count();
  }

  /** The channels Slack created for incident {@code id} (its name ends with a hash of the id). */
  static List<RecordingStub.Create> createdFor(String id) {
    String service = id.replaceAll("^incident-", "").replaceAll("-scalestorm.*$", "");
    return stub.creates().stream()
        .filter(RecordingStub.Create::created)
        .filter(c -> c.name().contains("-" + service + "-"))
        .toList();
  }

  // ------------------------------------------------------------------------------ 4. one of each

  @Test
  @Order(4)
  void sameBurstOnOneWorkerAndOneStarter_measuredBesideThePair() throws Exception {
    assertThat(bursts).as("the pair's burst ran (stage 2)").containsKey("pair");
    Burst one = burst("one", List.of(starterA));
    Burst pair = bursts.get("pair");
    Map<String, Long> tasks = tasksByWorker(one.ids());
    note("one", "tasks of the burst's incidents by kind and worker: " + tasks);
    assertThat(tasks.keySet())
        .as("tasks of the one-worker burst (worker a is dead)")
        .isNotEmpty()
        .allMatch(key -> key.endsWith(" b"));
    note(
        "throughput",
        String.format(
            "%d new incidents, %d callers, 1 alert per request: pair (2 starters, 2 workers) %.1f"
                + " alerts/s, %.1f incidents opened/s; one (1 starter, 1 worker) %.1f alerts/s,"
                + " %.1f incidents opened/s; ratio pair/one %.2f and %.2f (measured, not"
                + " asserted); load average %s",
            BURST,
            CALLERS,
            pair.alertsPerSecond(),
            pair.openedPerSecond(),
            one.alertsPerSecond(),
            one.openedPerSecond(),
            pair.alertsPerSecond() / one.alertsPerSecond(),
            pair.openedPerSecond() / one.openedPerSecond(),
            StressE2E.loadAverage()));
    E2e.step("scale 4 one worker and one starter: the same burst", "pair " + pair + "; one " + one);
  }

  // ------------------------------------------------------------------------------ bursts

  /**
   * {@link #BURST} alerts of new keys from {@link #CALLERS} callers, spread over {@code starters}
   * in turn; waits until each incident is paged and asserts one incident and one page trigger each.
   */
  static Burst burst(String name, List<StarterApi> starters) throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    AtomicInteger next = new AtomicInteger();
    Map<Integer, Answer> answers = new java.util.concurrent.ConcurrentHashMap<>();
    Instant start = Instant.now();
    try {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int c = 0; c < CALLERS; c++) {
        all.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int i = next.getAndIncrement(); i < BURST; i = next.getAndIncrement()) {
                    String service = String.format("scale-%s-%03d", name, i);
                    answers.put(
                        i,
                        post(
                            starters.get(i % starters.size()),
                            StressE2E.firing(service, "ScaleBurst", "P" + (1 + i % 2))));
                  }
                },
                callers));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
    } finally {
      callers.shutdownNow();
    }
    Instant answered = Instant.now();
    List<String> refused = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      String id = incidentId(answers.get(i));
      if (id == null) {
        refused.add(i + ": " + answers.get(i));
      } else {
        ids.add(id);
      }
    }
    assertThat(refused).as(name + ": alerts not answered 202 with an incident").isEmpty();
    assertThat(ids).as(name + ": one incident per key").doesNotHaveDuplicates();
    E2e.waitUntil(
        Instant.now().plus(Duration.ofMinutes(1)),
        Duration.ofMillis(250),
        () -> ids.stream().allMatch(id -> triggers(id) > 0));
    Map<String, Instant> pagedAt = new LinkedHashMap<>();
    for (String id : ids) {
      stub.pages().stream()
          .filter(p -> p.action().equals("trigger") && p.dedupKey().equals(id))
          .map(RecordingStub.Page::at)
          .findFirst()
          .ifPresent(at -> pagedAt.put(id, at));
    }
    assertThat(ids).as(name + ": incidents paged within a minute").allMatch(pagedAt::containsKey);
    Instant lastPage = pagedAt.values().stream().max(Comparator.naturalOrder()).orElseThrow();
    List<Duration> webhook = answers.values().stream().map(Answer::took).toList();
    note(name, unavailable.getAndSet(0) + " answers 503 (retried) during the burst");
    Burst burst =
        new Burst(
            ids,
            Duration.between(start, answered),
            Duration.between(start, lastPage),
            Stats.of(webhook));
    bursts.put(name, burst);
    note(name, burst.toString());
    return burst;
  }

  /** One burst: its incidents, the time to the last answer and to the last page. */
  record Burst(List<String> ids, Duration posting, Duration toLastPage, Stats webhook) {
    double alertsPerSecond() {
      return ids.size() / (posting.toMillis() / 1000.0);
    }

    double openedPerSecond() {
      return ids.size() / (toLastPage.toMillis() / 1000.0);
    }

    @Override
    public String toString() {
      return String.format(
          "%d alerts answered in %s (%.1f alerts/s), all paged %s after the first POST (%.1f"
              + " incidents opened/s); webhook %s",
          ids.size(),
          StressE2E.seconds(posting),
          alertsPerSecond(),
          StressE2E.seconds(toLastPage),
          openedPerSecond(),
          webhook);
    }
  }

  // ------------------------------------------------------------------------------ helpers

  /** 503 answers the bursts and the storm retried, as Alertmanager does. */
  static final AtomicInteger unavailable = new AtomicInteger();

  /**
   * One delivery, sent again (up to 5 times, 2 s apart) while the starter answers 503: a sender's
   * retry, which the 503 invites ("a retry is safe"); each 503 is counted in {@link #unavailable}.
   */
  static Answer post(StarterApi starter, String body) {
    Answer answer = postOnce(starter, body);
    for (int attempt = 1; attempt < 5 && answer.status() == 503; attempt++) {
      unavailable.incrementAndGet();
      E2e.pause(Duration.ofSeconds(2));
      answer = postOnce(starter, body);
    }
    return answer;
  }

  static Answer postOnce(StarterApi starter, String body) {
    try {
      return starter.alertmanager(body);
    } catch (IOException e) {
      return new Answer(-1, null, null, e.toString(), Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(-1, null, null, "interrupted", Duration.ZERO);
    }
  }

  static String incidentId(Answer answer) {
    if (answer == null || answer.status() != 202) {
      return null;
    }
    String id = answer.json().path("incidents").path(0).path("incidentId").asText();
    return id.isBlank() ? null : id;
  }

  /** Lines of a process's log containing any of {@code texts}. */
  static List<String> lines(String process, String... texts) {
    try {
      return Files.readAllLines(processes.log(process), StandardCharsets.ISO_8859_1).stream()
          .filter(line -> List.of(texts).stream().anyMatch(line::contains))
          .map(line -> line.length() > 300 ? line.substring(0, 300) + "..." : line)
          .collect(Collectors.toCollection(ArrayList::new));
    } catch (IOException e) {
      throw new AssertionError(processes.log(process) + ": " + e, e);
    }
  }

  /** {@code psql -qAt} on the stack's PostgreSQL as the history store's user; its output lines. */
  static List<String> psql(String sql) {
    URI url = URI.create(E2e.env("INCIDENT_DATABASE_URL").substring("jdbc:".length()));
    ProcessBuilder builder =
        new ProcessBuilder(
                "psql",
                "host="
                    + url.getHost()
                    + " port="
                    + url.getPort()
                    + " dbname="
                    + url.getPath().substring(1)
                    + " user="
                    + E2e.env("INCIDENT_DATABASE_USERNAME"),
                "-v",
                "ON_ERROR_STOP=1",
                "-qAtc",
                sql)
            .redirectErrorStream(true);
    builder.environment().put("PGPASSWORD", E2e.env("INCIDENT_DATABASE_PASSWORD"));
    try {
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("psql " + sql).isTrue();
      assertThat(process.exitValue()).as("psql " + sql + ": " + out).isZero();
      return out.lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new AssertionError("psql: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: psql");
    }
  }

  static void note(String stage, String text) {
    String line = Instant.now() + " " + stage + ": " + text;
    System.out.println(line);
    E2e.append(scaleLog, line);
  }
}
