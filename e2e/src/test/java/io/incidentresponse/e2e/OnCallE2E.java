package io.incidentresponse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On call on the real stack, without PagerDuty: a roster whose daily rotation hands over from alice
 * to bob a few minutes after the test starts. A declared P1 pages the person on call (the roster
 * resolved by the worker at that moment) by Slack DM with an Acknowledge button; a signed click on
 * it acknowledges the incident as that person; the hand-off reminder schedule on the real Temporal
 * server (visibility, schedules) then tells both alice and bob that alice holds the incident; and
 * {@code GET /api/oncall} names bob after the hand-off. Slack is the recording stub. Own worker and
 * starter ports; runs after MaintenanceE2E (alphabetical).
 */
class OnCallE2E {
  static final int STARTER_PORT = E2e.intEnv("E2E_ONCALL_STARTER_PORT", 18087);
  static final int WORKER_PORT = E2e.intEnv("E2E_ONCALL_WORKER_PORT", 18088);
  static final String ALICE_SLACK = "U0E2EONCA";
  static final String BOB_SLACK = "U0E2EONCB";

  static Processes processes;
  static RecordingStub stub;
  static StarterApi starter;
  static Instant handoff;

  @BeforeAll
  static void startAWorkerAndAStarterWithARoster() throws Exception {
    Path dir = E2e.dir().resolve("oncall");
    E2e.deleteTree(dir);
    Files.createDirectories(dir);
    stub = new RecordingStub(20).start();
    // the hand-off far enough ahead for the page and its acknowledgement, on a whole minute
    handoff = Instant.now().plus(Duration.ofMinutes(4)).truncatedTo(ChronoUnit.MINUTES);
    processes = new Processes(E2e.logs());
    processes.start("oncall-worker", IncidentE2E.workerCommand(), workerEnv(dir));
    List<String> starterCommand = new ArrayList<>(Processes.javaJar("starter", "384m"));
    starterCommand.addAll(E2e.apiKeySettings("e2e"));
    starterCommand.addAll(
        List.of(
            "--incident.slack.interactions.signing-secrets[0]=" + IncidentE2E.SLACK_SIGNING_SECRET,
            "--incident.slack.interactions.response-url-base=" + stub.url("/slack-responses"),
            "--incident.oncall.handoff-reminders.enabled=true",
            "--incident.oncall.handoff-reminders.interval=1m",
            "--incident.oncall.handoff-reminders.lead=1m"));
    processes.start("oncall-starter", starterCommand, Map.of("PORT", "" + STARTER_PORT));
    starter = new StarterApi(STARTER_PORT, E2e.alertmanagerToken());
    E2e.waitFor("the on-call worker", () -> E2e.health(WORKER_PORT));
    E2e.waitFor("the on-call starter", starter::healthy);
    E2e.step("O0 roster: payments-primary alice until " + handoff + ", then bob", "");
  }

  /** The stub's Slack without PagerDuty, and the roster as the worker's configuration. */
  static Map<String, String> workerEnv(Path dir) throws Exception {
    Map<String, String> env = E2e.ownWorkerEnv(WORKER_PORT, dir);
    env.putAll(stub.workerSettings());
    env.put("PAGERDUTY_ROUTING_KEY", null);
    String start =
        DateTimeFormatter.ISO_LOCAL_DATE.format(
            handoff.minus(Duration.ofDays(1)).atZone(ZoneOffset.UTC));
    String time = DateTimeFormatter.ofPattern("HH:mm").format(handoff.atZone(ZoneOffset.UTC));
    Map<String, Object> rotation = new LinkedHashMap<>();
    rotation.put("name", "payments-primary");
    rotation.put("hand-off", "DAILY");
    rotation.put("hand-off-time", time);
    rotation.put("zone", "UTC");
    rotation.put("start", start);
    rotation.put("members", List.of("alice", "bob"));
    Map<String, Object> oncall = new LinkedHashMap<>();
    oncall.put(
        "people",
        Map.of(
            "alice", Map.of("name", "Alice Oncall", "slack-user-id", ALICE_SLACK),
            "bob", Map.of("name", "Bob Oncall", "slack-user-id", BOB_SLACK)));
    oncall.put(
        "teams",
        Map.of(
            "payments", Map.of("services", List.of("checkout"), "rotations", List.of(rotation))));
    env.put(
        "SPRING_APPLICATION_JSON",
        E2e.JSON.writeValueAsString(Map.of("incident", Map.of("oncall", oncall))));
    return env;
  }

  @AfterAll
  static void stopOurs() {
    if (processes != null) {
      processes.close();
    }
    if (stub != null) {
      stub.close();
    }
  }

  @Test
  void theOnCallPersonIsPagedByDm_acknowledgesFromSlack_andTheHandoffRemindsBoth()
      throws Exception {
    StarterApi.Answer declared =
        starter.post(
            "/api/incidents",
            StarterApi.JSON_TYPE,
            "{\"title\":\"Payments failing for card checkout\",\"service\":\"checkout\","
                + "\"severity\":\"P1\",\"namespace\":\"shop\"}");
    assertThat(declared.status()).as(declared.toString()).isBetween(200, 299);
    String id = declared.json().at("/incidents/0/incidentId").asText();

    String page =
        E2e.waitFor(
            "the page to alice by Slack DM",
            Duration.ofMinutes(2),
            () ->
                dms(ALICE_SLACK).stream()
                    .filter(m -> m.contains("you are paged") && m.contains(id))
                    .findFirst()
                    .orElse(null));
    assertThat(page).contains("incident-page-acknowledge").contains("Alice Oncall");
    assertThat(dms(BOB_SLACK)).as("bob is not on call yet").isEmpty();
    JsonNode paged =
        E2e.waitFor(
            "the page on the incident's state",
            Duration.ofMinutes(1),
            () -> {
              JsonNode state = starter.state(id);
              return state != null && state.path("pages").size() > 0 ? state : null;
            });
    JsonNode first = paged.path("pages").get(0);
    assertThat(first.path("person").asText()).isEqualTo("Alice Oncall");
    assertThat(first.path("via").toString()).contains("Slack DM");
    E2e.step("O1 declared " + id + "; the roster named alice; paged by Slack DM", first.toString());

    HttpResponse<String> click = clickAcknowledge(id, ALICE_SLACK, "alice");
    assertThat(click.statusCode()).as(click.body()).isEqualTo(200);
    JsonNode acknowledged =
        E2e.waitFor(
            "the acknowledgement from Slack",
            Duration.ofMinutes(1),
            () -> {
              JsonNode state = starter.state(id);
              return state != null && state.hasNonNull("acknowledgedAt") ? state : null;
            });
    assertThat(acknowledged.path("acknowledgedBy").asText()).isEqualTo("alice");
    assertThat(IncidentE2E.timeline(acknowledged))
        .anyMatch(e -> e.startsWith("Acknowledged after"));
    E2e.step("O2 alice acknowledged with the DM's button (signed click)", "");

    String toAlice =
        E2e.waitFor(
            "the hand-off reminder to alice",
            Duration.between(Instant.now(), handoff.plus(Duration.ofMinutes(3))),
            () ->
                dms(ALICE_SLACK).stream()
                    .filter(m -> m.contains("On-call hand-off of payments-primary"))
                    .findFirst()
                    .orElse(null));
    assertThat(toAlice).contains("you hand over to Bob Oncall").contains(id);
    String toBob =
        E2e.waitFor(
            "the hand-off reminder to bob",
            Duration.ofMinutes(1),
            () ->
                dms(BOB_SLACK).stream()
                    .filter(m -> m.contains("On-call hand-off of payments-primary"))
                    .findFirst()
                    .orElse(null));
    assertThat(toBob).contains("you take over from Alice Oncall").contains(id);
    assertThat(
            dms(ALICE_SLACK).stream()
                .filter(m -> m.contains("On-call hand-off of payments-primary"))
                .count())
        .as("one reminder per hand-off and direction")
        .isEqualTo(1);
    E2e.step("O3 hand-off reminders to alice and bob list " + id, "");

    JsonNode onCall =
        E2e.waitFor(
            "bob on call after the hand-off",
            Duration.between(Instant.now(), handoff.plus(Duration.ofMinutes(2))),
            () -> {
              JsonNode answer = starter.get("/api/oncall?team=payments");
              return answer != null && "bob".equals(answer.at("/shifts/0/person/id").asText())
                  ? answer
                  : null;
            });
    assertThat(Instant.parse(onCall.at("/shifts/0/from").asText())).isEqualTo(handoff);
    E2e.step("O4 GET /api/oncall names bob from " + handoff, onCall.at("/shifts/0").toString());
  }

  /** The stub's chat.postMessage bodies to a user's direct conversation, decoded. */
  static List<String> dms(String user) {
    return stub.slack("chat.postMessage").stream()
        .map(line -> URLDecoder.decode(line, StandardCharsets.UTF_8))
        .filter(line -> line.contains("channel=D" + user))
        .toList();
  }

  static HttpResponse<String> clickAcknowledge(String incidentId, String user, String person)
      throws Exception {
    String value =
        E2e.JSON.writeValueAsString(
            Map.of("incidentId", incidentId, "level", 0, "person", person, "slackUserId", user));
    return IncidentE2E.clickButton(
        STARTER_PORT,
        stub,
        user,
        person,
        "D" + user,
        "incident-page-acknowledge",
        "incident-page-e2e",
        value);
  }
}
