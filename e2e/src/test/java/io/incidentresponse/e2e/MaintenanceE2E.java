package io.incidentresponse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Maintenance windows on the real stack: the stack's Alertmanager silences the service and
 * suppresses a real alert, the starter holds the webhook's alerts, an early end expires the silence
 * in Alertmanager; and a maintenance whose deadline passes while its worker is killed with SIGKILL
 * ends, and expires its silence, once a worker is back, while an alert that arrived meanwhile
 * opened its incident rather than wait for the worker.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MaintenanceE2E {
  static final int STARTER_PORT = E2e.intEnv("E2E_MAINT_STARTER_PORT", 18084);
  static final int WORKER_PORT = E2e.intEnv("E2E_MAINT_WORKER_PORT", 18085);
  static final String ALERTMANAGER =
      "http://127.0.0.1:" + E2e.intEnv("E2E_ALERTMANAGER_PORT", 19093);

  static Processes processes;
  static StarterApi starter;

  @BeforeAll
  static void startOurWorkerAndStarter() throws Exception {
    Path dir = E2e.dir().resolve("maintenance");
    E2e.deleteTree(dir);
    processes = new Processes(E2e.logs());
    starter =
        processes.workerAndStarter(
            "maint",
            workerEnv(dir),
            WORKER_PORT,
            STARTER_PORT,
            Map.of(
                "INCIDENT_WEBHOOKS_ALERTMANAGER_TYPE",
                "BEARER",
                "INCIDENT_WEBHOOKS_ALERTMANAGER_TOKEN",
                E2e.alertmanagerToken()));
  }

  /** Alertmanager is the stack's; nothing else is configured. */
  static Map<String, String> workerEnv(Path dir) {
    Map<String, String> env = E2e.ownWorkerEnv(WORKER_PORT, dir);
    env.put("INCIDENT_ALERTMANAGER_URL", ALERTMANAGER);
    return env;
  }

  @AfterAll
  static void stopOurs() {
    if (processes != null) {
      processes.close();
    }
  }

  @Test
  @Order(1)
  void aMaintenanceSilencesAlertmanager_holdsAlerts_andItsEndExpiresTheSilence() throws Exception {
    String service = "maint-e2e-" + Long.toString(System.currentTimeMillis(), 36);
    StarterApi.Answer started = start(service, "10m");
    assertThat(started.status()).as(started.toString()).isEqualTo(201);
    String silenceId = silenceOf(service);
    JsonNode silence = alertmanager("/api/v2/silence/" + silenceId);
    assertThat(silence.at("/status/state").asText()).isEqualTo("active");
    assertThat(silence.at("/matchers/0/name").asText()).isEqualTo("service");
    assertThat(silence.at("/matchers/0/value").asText()).isEqualTo(service);
    assertThat(silence.get("createdBy").asText()).isEqualTo("e2e");
    E2e.step("M1 maintenance started; Alertmanager silence " + silenceId, service);

    postAlertToAlertmanager(service, "MaintE2EDiskSlow");
    JsonNode suppressed =
        E2e.waitFor(
            "the real alert suppressed by the silence",
            Duration.ofSeconds(30),
            () -> {
              JsonNode alert = alertOf(service);
              return alert != null && "suppressed".equals(alert.at("/status/state").asText())
                  ? alert
                  : null;
            });
    assertThat(suppressed.at("/status/silencedBy/0").asText()).isEqualTo(silenceId);

    StarterApi.Answer held =
        starter.alertmanager(StressE2E.firing(service, "MaintE2EDiskSlow", "P2"));
    assertThat(held.status()).as(held.toString()).isEqualTo(202);
    assertThat(held.json().at("/incidents/0/heldBy").asText()).isEqualTo("maintenance-" + service);
    E2e.step("M2 alert suppressed in Alertmanager and held at the door", held.toString());

    StarterApi.Answer ended =
        starter.post(
            "/api/maintenance/" + service + "/end",
            StarterApi.JSON_TYPE,
            "{\"reason\":\"e2e done\"}");
    assertThat(ended.status()).as(ended.toString()).isEqualTo(202);
    E2e.waitFor(
        "the silence expired in Alertmanager",
        Duration.ofSeconds(30),
        () -> {
          JsonNode now = alertmanager("/api/v2/silence/" + silenceId);
          return now != null && "expired".equals(now.at("/status/state").asText()) ? now : null;
        });
    E2e.waitFor(
        "the real alert active again",
        Duration.ofSeconds(30),
        () -> {
          JsonNode alert = alertOf(service);
          return alert != null && "active".equals(alert.at("/status/state").asText())
              ? alert
              : null;
        });
    JsonNode state = starter.get("/api/maintenance/" + service);
    assertThat(state.get("status").asText()).isEqualTo("ENDED");
    assertThat(state.get("endedBy").asText()).isEqualTo("e2e");
    assertThat(state.get("alertsHeld").asInt()).isEqualTo(1);
    E2e.step("M3 ended early: silence expired, the alert flows again", "");
  }

  @Test
  @Order(2)
  void aDeadlinePassedWhileTheWorkerWasKilled_endsOnceAWorkerIsBack() throws Exception {
    String service = "maint-e2e-k-" + Long.toString(System.currentTimeMillis(), 36);
    assertThat(start(service, "40s").status()).isEqualTo(201);
    String silenceId = silenceOf(service);
    Instant deadline = Instant.now().plusSeconds(40);

    processes.kill("maint-worker");
    E2e.step("M4 worker killed with SIGKILL during the maintenance", service);
    StarterApi.Answer meanwhile =
        starter.alertmanager(StressE2E.firing(service, "MaintE2ENoWorker", "P2"));
    assertThat(meanwhile.status()).as(meanwhile.toString()).isEqualTo(202);
    assertThat(meanwhile.json().at("/incidents/0/incidentId").asText())
        .as("no worker to answer for the maintenance: the incident opens, nothing waits or is lost")
        .startsWith("incident-" + service);
    E2e.pause(Duration.between(Instant.now(), deadline.plusSeconds(5)));

    processes.start(
        "maint-worker",
        Processes.javaJar("worker", "512m"),
        workerEnv(E2e.dir().resolve("maintenance")));
    Instant restarted = Instant.now();
    JsonNode ended =
        E2e.waitFor(
            "the maintenance ended after the restart",
            Duration.ofSeconds(120),
            () -> {
              JsonNode state = starter.get("/api/maintenance/" + service);
              return state != null && "ENDED".equals(state.path("status").asText()) ? state : null;
            });
    assertThat(ended.get("endedBy").asText()).isEqualTo("system");
    assertThat(ended.toString()).contains("reached its deadline");
    assertThat(alertmanager("/api/v2/silence/" + silenceId).at("/status/state").asText())
        .isEqualTo("expired");
    E2e.step(
        "M5 deadline passed while no worker ran: ended "
            + Duration.between(restarted, Instant.now()).toSeconds()
            + " s after the restart, silence expired",
        "");
  }

  private StarterApi.Answer start(String service, String duration)
      throws IOException, InterruptedException {
    return starter.post(
        "/api/maintenance",
        StarterApi.JSON_TYPE,
        "{\"service\":\"" + service + "\",\"duration\":\"" + duration + "\",\"reason\":\"e2e\"}");
  }

  private String silenceOf(String service) {
    JsonNode state =
        E2e.waitFor(
            "the maintenance's silence",
            Duration.ofSeconds(60),
            () -> {
              JsonNode now = starter.get("/api/maintenance/" + service);
              return now != null && now.hasNonNull("silenceId") ? now : null;
            });
    return state.get("silenceId").asText();
  }

  private static void postAlertToAlertmanager(String service, String alertname) throws Exception {
    String body =
        "[{\"labels\":{\"alertname\":\""
            + alertname
            + "\",\"service\":\""
            + service
            + "\"},\"startsAt\":\""
            + Instant.now()
            + "\"}]";
    HttpResponse<String> response =
        E2e.HTTP.send(
            HttpRequest.newBuilder(URI.create(ALERTMANAGER + "/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private static JsonNode alertOf(String service) {
    JsonNode alerts =
        alertmanager(
            "/api/v2/alerts?filter="
                + URLEncoder.encode("service=\"" + service + "\"", StandardCharsets.UTF_8));
    return alerts != null && alerts.isArray() && alerts.size() > 0 ? alerts.get(0) : null;
  }

  private static JsonNode alertmanager(String path) {
    try {
      HttpResponse<String> response =
          E2e.HTTP.send(
              HttpRequest.newBuilder(URI.create(ALERTMANAGER + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? E2e.JSON.readTree(response.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
