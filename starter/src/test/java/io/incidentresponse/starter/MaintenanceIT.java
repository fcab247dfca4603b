package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.incidentresponse.workflows.maintenance.MaintenanceState;
import io.incidentresponse.workflows.maintenance.MaintenanceWorkflow;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Maintenance windows through the REST API, and the door holding alerts for a service under
 * maintenance: real Maintenance and Incident workflows on the test server, Alertmanager stood in.
 */
class MaintenanceIT extends StarterIT {
  private static final String AM = "/webhooks/alertmanager";

  @Autowired StandInActivities standIns;

  private HttpResponse<String> start(String service, String duration) {
    return http.post(
        "/api/maintenance",
        "{\"service\":\""
            + service
            + "\",\"duration\":\""
            + duration
            + "\",\"reason\":\"upgrade\"}");
  }

  private JsonNode fire(String service, String alertname, String extraLabels) {
    HttpResponse<String> response =
        http.post(
            AM,
            firingAlert(service, alertname, extraLabels, ",\"startsAt\":\"" + Instant.now() + "\""),
            AUTHORIZATION,
            BEARER);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return json.readTree(response.body()).get("incidents").get(0);
  }

  private MaintenanceState awaitMaintenance(String service, Predicate<MaintenanceState> condition) {
    MaintenanceWorkflow maintenance =
        client.newWorkflowStub(MaintenanceWorkflow.class, MaintenanceWorkflow.workflowId(service));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    MaintenanceState last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = maintenance.state();
        if (condition.test(last)) {
          return last;
        }
      } catch (RuntimeException notYet) {
        // not started yet
      }
      sleep(25);
    }
    return fail(
        "maintenance of %s never matched; last %s", service, last == null ? null : last.status);
  }

  @Test
  void alertsForAServiceUnderMaintenance_areHeld_notOpenedAsIncidents() {
    HttpResponse<String> started = start("maint-a", "2h");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    assertThat(started.headers().firstValue("Location")).hasValue("/api/maintenance/maint-a");
    awaitMaintenance("maint-a", m -> m.silenceId != null);

    JsonNode held = fire("maint-a", "MaintDiskSlow", ",\"priority\":\"P2\"");

    assertThat(held.get("heldBy").asString()).isEqualTo("maintenance-maint-a");
    assertThat(held.has("incidentId")).isFalse();
    assertThat(exists(incidentId("maint-a", "MaintDiskSlow"))).isFalse();
    MaintenanceState state = awaitMaintenance("maint-a", m -> m.alertsHeld == 1);
    assertThat(state.startedBy).isEqualTo("alice");
    assertThat(state.timeline)
        .anyMatch(e -> e.event().equals("Held 1 alert(s) from ALERTMANAGER: MaintDiskSlow"));
    assertThat(standIns.silenceLog).anyMatch(line -> line.startsWith("silence maint-a until "));

    JsonNode page = fire("maint-a", "MaintDown", ",\"priority\":\"P0\"");
    assertThat(page.has("heldBy")).as("a P0 is never held").isFalse();
    assertThat(page.get("incidentId").asString()).isEqualTo(incidentId("maint-a", "MaintDown"));

    HttpResponse<String> again = start("maint-a", "1h");
    assertThat(problem(again, 409).get("field").asString()).isEqualTo("service");

    HttpResponse<String> ended = http.post("/api/maintenance/maint-a/end", "{\"reason\":\"done\"}");
    assertThat(ended.statusCode()).as(ended.body()).isEqualTo(202);
    MaintenanceState over =
        awaitMaintenance("maint-a", m -> m.status == MaintenanceState.Status.ENDED);
    assertThat(over.endedBy).isEqualTo("alice");
    awaitSilenceLog("expire silence-maint-a");
    awaitClosed("maint-a");

    JsonNode after = fire("maint-a", "MaintDiskSlow", ",\"priority\":\"P2\"");
    assertThat(after.has("heldBy")).as("after the end, alerts open incidents again").isFalse();
    assertThat(after.get("incidentId").asString())
        .isEqualTo(incidentId("maint-a", "MaintDiskSlow"));
  }

  @Test
  void anIncidentOpenBeforeTheMaintenance_keepsReceivingItsAlerts() {
    JsonNode first = fire("maint-b", "MaintLatency", ",\"priority\":\"P2\"");
    String incident = first.get("incidentId").asString();
    assertThat(start("maint-b", "30m").statusCode()).isEqualTo(201);
    try {
      JsonNode second = fire("maint-b", "MaintLatency", ",\"priority\":\"P2\",\"pod\":\"p-2\"");

      assertThat(second.has("heldBy")).isFalse();
      assertThat(second.get("incidentId").asString()).isEqualTo(incident);
    } finally {
      http.post("/api/maintenance/maint-b/end", "{}");
    }
  }

  @Test
  void everyService_holdsAlertsOfAnyService_untilItEnds() {
    assertThat(start("all", "1h").statusCode()).isEqualTo(201);
    try {
      awaitMaintenance("all", m -> m.silenceId != null);

      JsonNode held = fire("maint-c", "MaintQueue", ",\"priority\":\"P3\"");

      assertThat(held.get("heldBy").asString()).isEqualTo("maintenance-all");
    } finally {
      assertThat(http.post("/api/maintenance/all/end", "{}").statusCode()).isEqualTo(202);
      awaitMaintenance("all", m -> m.status == MaintenanceState.Status.ENDED);
      awaitClosed("all");
    }
  }

  @Test
  void incidentctl_enablesShowsExtendsAndDisablesAMaintenance() {
    String url = "http://127.0.0.1:" + port;
    Incidentctl.Run on =
        Incidentctl.run(
            url,
            TestKeys.ALICE,
            "maintenance",
            "enable",
            "--for",
            "2h",
            "--service",
            "maint-ctl",
            "--reason",
            "db upgrade");
    assertThat(on.exit()).as(on.err()).isZero();
    assertThat(on.out()).startsWith("maintenance maintenance-maint-ctl until ");
    awaitMaintenance("maint-ctl", m -> m.silenceId != null);

    Incidentctl.Run show = Incidentctl.run(url, TestKeys.ALICE, "maintenance", "show", "maint-ctl");
    assertThat(show.exit()).as(show.err()).isZero();
    assertThat(show.out())
        .startsWith("maintenance-maint-ctl  ACTIVE  ")
        .contains("silence silence-maint-ctl, alerts held 0")
        .contains("Maintenance of maint-ctl started");

    Incidentctl.Run twice =
        Incidentctl.run(
            url, TestKeys.ALICE, "maintenance", "enable", "--for", "1h", "--service", "maint-ctl");
    assertThat(twice.exit()).isEqualTo(3);
    assertThat(twice.err()).contains("maint-ctl is under maintenance already");
    Incidentctl.Run tooLong =
        Incidentctl.run(
            url, TestKeys.ALICE, "maintenance", "enable", "--for", "9d", "--service", "maint-ctx");
    assertThat(tooLong.exit()).isEqualTo(3);
    assertThat(tooLong.err()).contains("duration");
    Incidentctl.Run notCommander =
        Incidentctl.run(url, TestKeys.BOB, "maintenance", "disable", "--service", "maint-ctl");
    assertThat(notCommander.exit()).isEqualTo(1);

    Incidentctl.Run extended =
        Incidentctl.run(
            url, TestKeys.ALICE, "maintenance", "extend", "--for", "3h", "--service", "maint-ctl");
    assertThat(extended.exit()).as(extended.err()).isZero();
    assertThat(extended.out()).isEqualTo("sent extend to maintenance-maint-ctl\n");
    awaitMaintenance(
        "maint-ctl",
        m -> m.timeline.stream().anyMatch(e -> e.event().startsWith("Maintenance extended")));

    Incidentctl.Run off =
        Incidentctl.run(url, TestKeys.ALICE, "maintenance", "disable", "--service", "maint-ctl");
    assertThat(off.exit()).as(off.err()).isZero();
    MaintenanceState ended =
        awaitMaintenance("maint-ctl", m -> m.status == MaintenanceState.Status.ENDED);
    assertThat(ended.endedBy).isEqualTo("alice");
    awaitClosed("maint-ctl");
  }

  @Test
  void onlyACommanderStartsOrEndsOne_andBadBodiesChangeNothing() {
    Http bob = http.as(TestKeys.apiKey(TestKeys.BOB));
    assertThat(
            problem(
                    bob.post("/api/maintenance", "{\"service\":\"maint-d\",\"duration\":\"1h\"}"),
                    403)
                .get("detail")
                .asString())
        .contains("commander");

    assertThat(refused("{\"service\":\"maint-d\",\"duration\":\"8d\"}")).isEqualTo("duration");
    assertThat(refused("{\"service\":\"maint-d\",\"duration\":\"soon\"}")).isEqualTo("duration");
    assertThat(refused("{\"service\":\"maint-d\",\"duration\":\"-1h\"}")).isEqualTo("duration");
    assertThat(refused("{\"service\":\"maint-d\"}")).isEqualTo("duration");
    assertThat(refused("{\"duration\":\"1h\"}")).isEqualTo("service");
    assertThat(refused("{\"service\":\"a b\",\"duration\":\"1h\"}")).isEqualTo("service");
    assertThat(refused("{\"service\":\"" + "x".repeat(5000) + "\",\"duration\":\"1h\"}"))
        .isEqualTo("service");
    assertThat(refused("{\"service\":\"maint-d\",\"duration\":\"1h\",\"for\":\"2h\"}"))
        .isEqualTo("for");
    assertThat(
            problem(
                    http.post(
                        "/api/maintenance",
                        "{\"service\":\"maint-d\",\"duration\":\"1h\",\"by\":\"carol\"}"),
                    403)
                .get("field")
                .asString())
        .isEqualTo("by");
    assertThat(problem(http.post("/api/maintenance", "null"), 422)).isNotNull();
    assertThat(exists(MaintenanceWorkflow.workflowId("maint-d"))).isFalse();

    assertThat(
            problem(http.post("/api/maintenance/maint-zz/end", "{}"), 404).get("detail").asString())
        .contains("maint-zz is not under maintenance");
  }

  @Test
  void announcedWithABackend_thePageAndTheTrafficAreUndoneAtTheEnd() {
    HttpResponse<String> started =
        http.post(
            "/api/maintenance",
            "{\"service\":\"maint-web\",\"duration\":\"1h\",\"statusPage\":true,"
                + "\"backend\":\"app=maintenance-page\",\"namespace\":\"shop\"}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    awaitSilenceLog("redirect maint-web to app=maintenance-page");
    MaintenanceState during =
        awaitMaintenance("maint-web", m -> m.statusPage != null && m.ownSelector != null);
    assertThat(during.ownSelector).isEqualTo("app=maint-web");
    assertThat(during.options.namespace()).isEqualTo("shop");

    assertThat(http.post("/api/maintenance/maint-web/end", "{}").statusCode()).isEqualTo(202);
    awaitClosed("maint-web");

    assertThat(standIns.silenceLog)
        .containsSubsequence("announce maint-web []", "complete sp-maint-web")
        .containsSubsequence(
            "redirect maint-web to app=maintenance-page", "redirect maint-web to app=maint-web");
  }

  @Test
  void aBackendForEveryServiceOrAMalformedOne_is422AndStartsNothing() {
    assertThat(refused("{\"service\":\"all\",\"duration\":\"1h\",\"backend\":\"app=m\"}"))
        .isEqualTo("backend");
    assertThat(refused("{\"service\":\"maint-e\",\"duration\":\"1h\",\"backend\":\"app m\"}"))
        .isEqualTo("backend");
    assertThat(
            refused(
                "{\"service\":\"maint-e\",\"duration\":\"1h\",\"backend\":\""
                    + "a=".repeat(3000)
                    + "\"}"))
        .isEqualTo("backend");
    assertThat(
            refused(
                "{\"service\":\"maint-e\",\"duration\":\"1h\",\"backend\":\"app=m\","
                    + "\"namespace\":\"a/b\"}"))
        .isEqualTo("namespace");
    assertThat(refused("{\"service\":\"maint-e\",\"duration\":\"1h\",\"statusPage\":\"y\"}"))
        .isEqualTo("statusPage");
    assertThat(exists(MaintenanceWorkflow.workflowId("maint-e"))).isFalse();
  }

  private String refused(String body) {
    return problem(http.post("/api/maintenance", body), 422).get("field").asString();
  }

  private void awaitSilenceLog(String line) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!standIns.silenceLog.contains(line)) {
      if (System.nanoTime() > deadline) {
        fail("no '%s' in %s", line, standIns.silenceLog);
      }
      sleep(25);
    }
  }

  /** Waits until the maintenance workflow itself has completed, not only said ENDED. */
  private void awaitClosed(String service) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        client
            .newUntypedWorkflowStub(MaintenanceWorkflow.workflowId(service))
            .getResult(1, java.util.concurrent.TimeUnit.SECONDS, MaintenanceState.class);
        return;
      } catch (java.util.concurrent.TimeoutException e) {
        if (System.nanoTime() > deadline) {
          fail("maintenance of %s never completed", service);
        }
      }
    }
  }
}
