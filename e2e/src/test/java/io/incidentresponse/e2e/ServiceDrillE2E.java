package io.incidentresponse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A drill on the real stack: the {@code demo-errors} scenario raises the demo service's failure
 * rate through its admin API, the stack's Prometheus rule fires, Alertmanager posts to the starter,
 * and the incident opens marked as the drill's; the worker is killed with SIGKILL mid-drill and
 * restarted, and the fault is still reverted at the drill's planned end, then the drill is scored.
 * Runs after MaintenanceE2E (alphabetical), with IncidentE2E's demo and starter ports, which the
 * stack's Prometheus scrapes and Alertmanager posts to; its own worker port.
 */
class ServiceDrillE2E {
  static final int WORKER_PORT = E2e.intEnv("E2E_DRILL_WORKER_PORT", 18086);
  static final Duration DRILL = Duration.ofMinutes(4);

  /** After its planned end, the revert is on time within this (a check interval, a worker). */
  static final Duration ON_TIME = Duration.ofSeconds(45);

  static Processes processes;
  static StarterApi starter;
  static Path dir;

  @BeforeAll
  static void startTheDemoAWorkerAndTheStarter() throws Exception {
    dir = E2e.dir().resolve("drill");
    E2e.deleteTree(dir);
    Files.createDirectories(dir);
    processes = new Processes(E2e.logs());
    processes.start(
        "drill-demo",
        Processes.javaJar("demo-service", "128m"),
        Map.of("PORT", "" + IncidentE2E.DEMO_PORT, "FAILURE_RATE", "0"));
    processes.start("drill-worker", workerCommand(), workerEnv());
    List<String> starterCommand = new ArrayList<>(Processes.javaJar("starter", "384m"));
    starterCommand.addAll(E2e.apiKeySettings("e2e"));
    processes.start(
        "drill-starter",
        starterCommand,
        Map.of(
            "PORT",
            "" + IncidentE2E.STARTER_PORT,
            "INCIDENT_WEBHOOKS_ALERTMANAGER_TYPE",
            "BEARER",
            "INCIDENT_WEBHOOKS_ALERTMANAGER_TOKEN",
            E2e.alertmanagerToken()));
    starter = new StarterApi(IncidentE2E.STARTER_PORT, E2e.alertmanagerToken());
    E2e.waitFor("the drill's demo service", () -> failureRate() != null);
    E2e.waitFor("the drill worker", () -> E2e.health(WORKER_PORT));
    E2e.waitFor("the drill starter", starter::healthy);
  }

  static List<String> workerCommand() throws IOException {
    return IncidentE2E.workerCommand();
  }

  /** The stack's Prometheus for the stop condition, the demo service for the fault. */
  static Map<String, String> workerEnv() {
    Map<String, String> env = E2e.ownWorkerEnv(WORKER_PORT, dir);
    env.put("PROMETHEUS_URL", E2e.env("PROMETHEUS_URL"));
    env.put("INCIDENT_DRILL_DEMO_URL", "http://127.0.0.1:" + IncidentE2E.DEMO_PORT);
    env.put("INCIDENT_DRILL_REPORT_DIRECTORY", dir.resolve("drills").toString());
    return env;
  }

  @AfterAll
  static void stopOurs() {
    if (processes != null) {
      processes.close();
    }
  }

  @Test
  void aDrillOpensAMarkedIncident_andItsFaultIsRevertedOnTimeAfterAKilledWorker() throws Exception {
    StarterApi.Answer started =
        starter.post(
            "/api/drills",
            StarterApi.JSON_TYPE,
            "{\"scenario\":\"demo-errors\",\"service\":\"checkout\",\"namespace\":\"shop\","
                + "\"duration\":\""
                + DRILL.toMinutes()
                + "m\",\"parameters\":{\"rate\":\"0.3\"},"
                + "\"stopConditions\":[{\"query\":\"errorRatio\",\"above\":0.9}],"
                + "\"reason\":\"e2e drill\"}");
    assertThat(started.status()).as(started.toString()).isEqualTo(201);
    Instant plannedEnd = Instant.parse(started.json().get("plannedEndAt").asText());
    E2e.waitFor("the fault in the demo service", Duration.ofSeconds(60), () -> rateIs(0.3));
    E2e.step("D1 drill started: demo failure rate 0.3 until " + plannedEnd, started.toString());

    JsonNode incident =
        E2e.waitFor(
            "the drill's incident (alert -> Alertmanager -> starter, marked as the drill's)",
            Duration.ofMinutes(3),
            () -> {
              JsonNode drill = starter.get("/api/drills/checkout");
              return drill != null && drill.hasNonNull("drillIncidentId") ? drill : null;
            });
    String incidentId = incident.get("drillIncidentId").asText();
    JsonNode incidentState = starter.get("/api/incidents/" + incidentId);
    assertThat(incidentState.get("drillId").asText()).isEqualTo("drill-checkout");
    assertThat(incidentState.toString()).contains("DRILL");
    E2e.step("D2 the alert opened " + incidentId + ", marked as the drill's", "");

    processes.kill("drill-worker");
    E2e.step("D3 worker killed with SIGKILL mid-drill", "");
    E2e.pause(Duration.ofSeconds(20));
    assertThat(rateIs(0.3)).as("nothing reverted while no worker runs").isNotNull();
    processes.start("drill-worker", workerCommand(), workerEnv());
    E2e.waitFor("the drill worker after kill -9", () -> E2e.health(WORKER_PORT));

    Double reverted =
        E2e.waitFor(
            "the fault reverted at the planned end",
            Duration.between(Instant.now(), plannedEnd.plus(ON_TIME).plusSeconds(60)),
            () -> rateIs(0.0));
    Instant revertedSeen = Instant.now();
    assertThat(reverted).isZero();
    assertThat(revertedSeen).as("not before its planned end").isAfter(plannedEnd);
    assertThat(Duration.between(plannedEnd, revertedSeen)).isLessThan(ON_TIME);
    JsonNode ended =
        E2e.waitFor(
            "the drill ended and scored",
            Duration.ofSeconds(60),
            () -> {
              JsonNode drill = starter.get("/api/drills/checkout");
              return drill != null && "ENDED".equals(drill.path("status").asText()) ? drill : null;
            });
    assertThat(ended.get("endReason").asText()).isEqualTo("PLANNED_END");
    assertThat(ended.at("/score/detected").asBoolean()).isTrue();
    assertThat(ended.at("/score/incidentId").asText()).isEqualTo(incidentId);
    assertThat(Path.of(ended.get("reportPath").asText())).exists();
    E2e.step(
        "D4 reverted "
            + Duration.between(plannedEnd, revertedSeen).toSeconds()
            + " s after the planned end despite the kill; scored, report "
            + ended.get("reportPath").asText(),
        ended.get("score").toString());
  }

  private static Double rateIs(double expected) {
    Double rate = failureRate();
    return rate != null && Math.abs(rate - expected) < 1e-9 ? rate : null;
  }

  private static Double failureRate() {
    try {
      HttpResponse<String> response =
          E2e.HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + IncidentE2E.DEMO_PORT + "/admin/failure-rate"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? E2e.JSON.readTree(response.body()).get("rate").asDouble()
          : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
