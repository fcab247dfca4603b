package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.incidentresponse.workflows.drill.DrillState;
import io.incidentresponse.workflows.drill.DrillWorkflow;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Drills through the REST API: a real Drill workflow on the test server, the service stood in. */
class DrillIT extends StarterIT {
  @Autowired StandInActivities standIns;

  private StandInDrills drills;

  @org.junit.jupiter.api.BeforeEach
  void drilledService() {
    drills = standIns.drills;
  }

  private HttpResponse<String> run(String body) {
    return http.post("/api/drills", body);
  }

  private static String body(String service, String duration) {
    return "{\"scenario\":\"failure-rate\",\"service\":\""
        + service
        + "\",\"namespace\":\"shop\",\"duration\":\""
        + duration
        + "\",\"parameters\":{\"rate\":\"0.3\"},\"reason\":\"game day\"}";
  }

  private String refused(String body) {
    return problem(run(body), 422).get("field").asString();
  }

  private JsonNode awaitDrill(String service, Predicate<JsonNode> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> shown = http.get("/api/drills/" + service);
      if (shown.statusCode() == 200) {
        last = json.readTree(shown.body());
        if (condition.test(last)) {
          return last;
        }
      }
      sleep(25);
    }
    return fail("drill on %s never matched; last %s", service, last);
  }

  @Test
  void aDrillRunsIsShownRefusesASecondAndIsRevertedOnAbort() {
    HttpResponse<String> started = run(body("drill-a", "30m"));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    assertThat(started.headers().firstValue("Location")).hasValue("/api/drills/drill-a");
    assertThat(json.readTree(started.body()).get("drillId").asString()).isEqualTo("drill-drill-a");

    JsonNode running = awaitDrill("drill-a", d -> "RUNNING".equals(d.get("status").asString()));
    assertThat(running.get("startedBy").asString()).isEqualTo("alice");
    assertThat(drills.log).contains("inject drill-a {rate=0.3}");

    assertThat(problem(run(body("drill-a", "10m")), 409).get("field").asString())
        .isEqualTo("service");

    HttpResponse<String> aborted =
        http.post("/api/drills/drill-a/abort", "{\"reason\":\"real traffic\"}");
    assertThat(aborted.statusCode()).as(aborted.body()).isEqualTo(202);
    JsonNode ended = awaitDrill("drill-a", d -> "ENDED".equals(d.get("status").asString()));
    assertThat(ended.get("endReason").asString()).isEqualTo(DrillState.EndReason.ABORTED.name());
    assertThat(ended.get("endedBy").asString()).isEqualTo("alice");
    assertThat(ended.get("endDetail").asString()).isEqualTo("real traffic");
    assertThat(drills.log).contains("revert drill-a {value=(absent)}");
    assertThat(ended.get("reportPath").asString()).isEqualTo("/reports/drill-drill-a.md");
  }

  @Test
  void badBodies_areRefusedNamingTheField_andStartNothing() {
    assertThat(
            refused(
                "{\"scenario\":\"unplug-datacenter\",\"service\":\"drill-b\",\"duration\":\"1h\"}"))
        .isEqualTo("scenario");
    assertThat(refused("{\"service\":\"drill-b\",\"duration\":\"1h\"}")).isEqualTo("scenario");
    assertThat(refused(body("drill-b", "5h"))).isEqualTo("duration");
    assertThat(refused(body("drill-b", "soon"))).isEqualTo("duration");
    assertThat(refused(body("a b", "1h"))).isEqualTo("service");
    assertThat(
            refused(
                "{\"scenario\":\"scale-down\",\"service\":\"drill-b\",\"duration\":\"1h\","
                    + "\"stopConditions\":[{\"query\":\"errorRatio\"}]}"))
        .isEqualTo("stopConditions[0].above");
    assertThat(
            refused(
                "{\"scenario\":\"scale-down\",\"service\":\"drill-b\",\"duration\":\"1h\","
                    + "\"checkInterval\":\"1s\"}"))
        .isEqualTo("checkInterval");
    assertThat(
            refused(
                "{\"scenario\":\"scale-down\",\"service\":\"drill-b\",\"duration\":\"1h\","
                    + "\"durration\":\"2h\"}"))
        .isEqualTo("durration");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 21; i++) {
      many.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":\"1\"");
    }
    assertThat(
            refused(
                "{\"scenario\":\"scale-down\",\"service\":\"drill-b\",\"duration\":\"1h\","
                    + "\"parameters\":{"
                    + many
                    + "}}"))
        .isEqualTo("parameters");
    assertThat(
            refused(
                "{\"scenario\":\"scale-down\",\"service\":\"drill-b\",\"duration\":\"1h\","
                    + "\"parameters\":{\"replicas\":null}}"))
        .isEqualTo("parameters.replicas");
    assertThat(refused("{\"scenario\":\"scale-down\",\"service\":\"../x\",\"duration\":\"1h\"}"))
        .isEqualTo("service");
    assertThat(exists(DrillWorkflow.workflowId("drill-b"))).isFalse();
  }

  @Test
  void onlyACommanderRunsOrAbortsOne() {
    Http bob = http.as(TestKeys.apiKey(TestKeys.BOB));

    assertThat(
            problem(bob.post("/api/drills", body("drill-c", "1h")), 403).get("detail").asString())
        .contains("commander");
    assertThat(problem(bob.post("/api/drills/drill-c/abort", "{}"), 403)).isNotNull();
    assertThat(exists(DrillWorkflow.workflowId("drill-c"))).isFalse();
  }

  @Test
  void aServiceWithoutDrills_is404() {
    assertThat(problem(http.get("/api/drills/drill-none"), 404).get("field").asString())
        .isEqualTo("service");
    assertThat(problem(http.post("/api/drills/drill-none/abort", "{}"), 404)).isNotNull();
  }

  @Test
  void incidentctl_runsShowsAndAbortsADrill() {
    String url = "http://127.0.0.1:" + port;
    Incidentctl.Run on =
        Incidentctl.run(
            url,
            TestKeys.ALICE,
            "drill",
            "run",
            "scale-down",
            "--service",
            "drill-ctl",
            "--namespace",
            "shop",
            "--for",
            "1h",
            "--param",
            "replicas=1",
            "--stop",
            "errorRatio=0.4",
            "--reason",
            "game day");
    assertThat(on.exit()).as(on.err()).isZero();
    assertThat(on.out()).startsWith("drill drill-drill-ctl running, reverted by ");
    awaitDrill("drill-ctl", d -> "RUNNING".equals(d.get("status").asString()));
    assertThat(drills.log).contains("inject drill-ctl {replicas=1}");

    Incidentctl.Run unknown =
        Incidentctl.run(
            url, TestKeys.ALICE, "drill", "run", "unplug", "--service", "drill-cty", "--for", "1h");
    assertThat(unknown.exit()).isEqualTo(3);
    assertThat(unknown.err()).contains("scenario");

    Incidentctl.Run abort =
        Incidentctl.run(url, TestKeys.ALICE, "drill", "abort", "drill-ctl", "--reason", "done");
    assertThat(abort.exit()).as(abort.err()).isZero();
    assertThat(abort.out()).isEqualTo("sent abort to drill-drill-ctl\n");
    awaitDrill("drill-ctl", d -> "ENDED".equals(d.get("status").asString()));

    Incidentctl.Run show = Incidentctl.run(url, TestKeys.ALICE, "drill", "show", "drill-ctl");
    assertThat(show.exit()).as(show.err()).isZero();
    assertThat(show.out())
        .startsWith("drill-drill-ctl  scale-down ENDED  ABORTED  injected ")
        .contains("score: NOT DETECTED")
        .contains("report: /reports/drill-drill-ctl.md")
        .contains("Fault reverted");
  }
}
