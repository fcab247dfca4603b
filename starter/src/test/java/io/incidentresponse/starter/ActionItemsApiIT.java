package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.incidentresponse.cli.ExitCode;
import io.incidentresponse.workflows.actionitems.ActionItemFilter;
import io.incidentresponse.workflows.postmortem.ActionItem;
import io.incidentresponse.workflows.postmortem.ActionItemKind;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import io.incidentresponse.workflows.postmortem.PostmortemWorkflow;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Action item fields through {@code POST /api/incidents/{id}/postmortem/action-items} (a real
 * postmortem workflow, its update validator), then {@code GET /api/action-items} and {@code
 * incidentctl items list} through a real ActionItemList workflow. The history store is stood in
 * ({@link StandInActivities}: what the postmortem recorded comes back unfiltered); its filtering
 * runs on real databases in the activities module.
 */
class ActionItemsApiIT extends StarterIT {
  private static final String LIST = "/api/action-items";

  @Autowired StandInActivities standIns;

  private static String items(String id) {
    return "/api/incidents/" + id + "/postmortem/action-items";
  }

  private PostmortemWorkflow postmortemOf(String id) {
    return client.newWorkflowStub(
        PostmortemWorkflow.class, incident(id).state().postmortemWorkflowId);
  }

  private JsonNode accepted(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = json.readTree(response.body());
    assertThat(answer.get("accepted").asBoolean()).as(response.body()).isTrue();
    return answer.get("item");
  }

  /** The listing's rows of {@code id} once they satisfy {@code done} (items are recorded after). */
  private List<JsonNode> listedOnce(String id, String query, Predicate<List<JsonNode>> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    List<JsonNode> rows = List.of();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = http.get(LIST + query);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      rows =
          json.readTree(response.body())
              .get("items")
              .valueStream()
              .filter(row -> row.get("incidentId").asString().equals(id))
              .toList();
      if (done.test(rows)) {
        return rows;
      }
      sleep(200);
    }
    return fail("the listing never showed the items of %s: %s", id, rows);
  }

  @Test
  void itemFields_addedAndUpdatedThroughThePostmortem_areListedAcrossIncidents() {
    String id = closedWithPostmortem("items-listed");
    Http bob = http.as(TestKeys.apiKey(TestKeys.BOB));

    JsonNode runbook =
        accepted(
            bob.post(
                items(id),
                "{\"action\":\"Add the pool saturation step\",\"kind\":\"RUNBOOK_UPDATE\","
                    + "\"runbookSection\":\"Mitigation / Database\",\"owner\":\"carol\","
                    + "\"dueDate\":\"2099-12-10\","
                    + "\"link\":\"https://github.com/acme/runbook/pull/7\"}"));
    accepted(
        bob.post(
            items(id),
            "{\"action\":\"Load test checkout\",\"kind\":\"TESTING\",\"owner\":\"bob\","
                + "\"dueDate\":\"2099-12-20\"}"));
    JsonNode dropped =
        accepted(
            bob.post(
                items(id),
                "{\"id\":\"AI-2\",\"status\":\"WONT_DO\","
                    + "\"reason\":\"covered by the nightly load test\"}"));

    assertThat(runbook.get("id").asString()).isEqualTo("AI-1");
    assertThat(dropped.get("reason").asString()).isEqualTo("covered by the nightly load test");
    List<JsonNode> rows =
        listedOnce(
            id,
            "?status=any",
            r -> r.size() == 2 && r.get(1).get("status").asString().equals("WONT_DO"));
    JsonNode first = rows.get(0);
    assertThat(first.get("itemId").asString()).isEqualTo("AI-1");
    assertThat(first.get("service").asString()).isEqualTo("items-listed");
    assertThat(first.get("title").asString()).isEqualTo("items-listed degraded");
    assertThat(first.get("action").asString()).isEqualTo("Add the pool saturation step");
    assertThat(first.get("kind").asString()).isEqualTo("RUNBOOK_UPDATE");
    assertThat(first.get("owner").asString()).isEqualTo("carol");
    assertThat(first.get("dueDate").asString()).isEqualTo("2099-12-10");
    assertThat(first.get("status").asString()).isEqualTo("OPEN");
    assertThat(first.get("link").asString()).isEqualTo("https://github.com/acme/runbook/pull/7");
    assertThat(first.get("runbookSection").asString()).isEqualTo("Mitigation / Database");
    assertThat(first.get("updatedBy").asString()).isEqualTo("bob");
    JsonNode second = rows.get(1);
    assertThat(second.get("kind").asString()).isEqualTo("TESTING");
    assertThat(second.get("reason").asString()).isEqualTo("covered by the nightly load test");
    // the workflow asked the store with the filter as parsed
    assertThat(standIns.listings)
        .contains(new ActionItemFilter(null, false, null, List.of(), List.of(), 50, 0));
  }

  @Test
  void badItemFields_are422NamingTheField_andNothingChanges() {
    String id = closedWithPostmortem("items-refused");
    String path = items(id);

    JsonNode ftp =
        problem(http.post(path, "{\"action\":\"a\",\"link\":\"ftp://example.com/x\"}"), 422);
    JsonNode noReason = problem(http.post(path, "{\"action\":\"a\",\"status\":\"WONT_DO\"}"), 422);
    JsonNode sectionOnMonitoring =
        problem(
            http.post(
                path,
                "{\"action\":\"a\",\"kind\":\"MONITORING\",\"runbookSection\":\"Detection\"}"),
            422);
    JsonNode longTitle = problem(http.post(path, "{\"action\":\"" + "x".repeat(5000) + "\"}"), 422);
    JsonNode badKind = problem(http.post(path, "{\"action\":\"a\",\"kind\":\"CLEANUP\"}"), 422);

    assertThat(ftp.get("field").asString()).isEqualTo("link");
    assertThat(ftp.get("detail").asString()).contains("http(s)");
    assertThat(noReason.get("field").asString()).isEqualTo("reason");
    assertThat(sectionOnMonitoring.get("field").asString()).isEqualTo("runbookSection");
    assertThat(sectionOnMonitoring.get("detail").asString()).contains("RUNBOOK_UPDATE");
    assertThat(longTitle.get("field").asString()).isEqualTo("action");
    assertThat(longTitle.get("detail").asString()).doesNotContain("xxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    assertThat(badKind.get("field").asString()).isEqualTo("kind");
    assertThat(postmortemOf(id).status().actionItems()).isEmpty();
    assertThat(standIns.actionItemUpdates)
        .noneMatch(u -> u.incidentId().equals(id) && !u.items().isEmpty());
  }

  @Test
  void anUpdateThatWouldBreakAnItem_is422_andTheItemStaysAsItWas() {
    String id = closedWithPostmortem("items-kept");
    accepted(
        http.post(
            items(id),
            "{\"action\":\"Fix the retry storm\",\"kind\":\"CODE_CHANGE\",\"owner\":\"dave\"}"));

    JsonNode section =
        problem(http.post(items(id), "{\"id\":\"AI-1\",\"runbookSection\":\"Mitigation\"}"), 422);
    JsonNode drop = problem(http.post(items(id), "{\"id\":\"AI-1\",\"status\":\"WONT_DO\"}"), 422);

    assertThat(section.get("field").asString()).isEqualTo("runbookSection");
    assertThat(drop.get("field").asString()).isEqualTo("reason");
    ActionItem item = postmortemOf(id).status().actionItems().get(0);
    assertThat(item.kind()).isEqualTo(ActionItemKind.CODE_CHANGE);
    assertThat(item.status()).isEqualTo(ActionItemStatus.OPEN);
    assertThat(item.runbookSection()).isNull();
  }

  @Test
  void listing_parsesEveryFilter_andMineIsTheCaller() {
    HttpResponse<String> response =
        http.as(TestKeys.apiKey(TestKeys.CAROL))
            .get(
                LIST
                    + "?mine=true&overdue=true&service=checkout&status=open,in_progress"
                    + "&kind=process&limit=10&offset=20");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = json.readTree(response.body());
    assertThat(answer.get("listId").asString()).startsWith("action-items-");
    ActionItemFilter asked =
        new ActionItemFilter(
            "carol",
            true,
            "checkout",
            List.of(ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS),
            List.of(
                ActionItemKind.RUNBOOK_UPDATE,
                ActionItemKind.TRAINING,
                ActionItemKind.TOOL_IMPROVEMENT,
                ActionItemKind.COMMUNICATION),
            10,
            20);
    assertThat(standIns.listings).contains(asked);
    assertThat(answer.get("filter").get("owner").asString()).isEqualTo("carol");
    assertThat(answer.get("filter").get("kinds")).hasSize(4);
  }

  @Test
  void badFilters_are400NamingTheParameter_andStartNothing() {
    int before = writes.count();

    JsonNode kind = problem(http.get(LIST + "?kind=cleanup"), 400);
    JsonNode status = problem(http.get(LIST + "?status=open,closed"), 400);
    JsonNode overdue = problem(http.get(LIST + "?overdue=yes"), 400);
    JsonNode limit = problem(http.get(LIST + "?limit=100000"), 400);
    JsonNode offset = problem(http.get(LIST + "?offset=-1"), 400);
    JsonNode misspelt = problem(http.get(LIST + "?ownr=carol"), 400);
    JsonNode both = problem(http.get(LIST + "?mine=true&owner=carol"), 400);
    JsonNode longOwner = problem(http.get(LIST + "?owner=" + "o".repeat(5000)), 400);
    JsonNode twice = problem(http.get(LIST + "?service=a&service=b"), 400);

    assertThat(kind.get("field").asString()).isEqualTo("kind");
    assertThat(kind.get("detail").asString()).contains("RUNBOOK_UPDATE").contains("\"cleanup\"");
    assertThat(status.get("field").asString()).isEqualTo("status");
    assertThat(overdue.get("field").asString()).isEqualTo("overdue");
    assertThat(limit.get("field").asString()).isEqualTo("limit");
    assertThat(offset.get("field").asString()).isEqualTo("offset");
    assertThat(misspelt.get("field").asString()).isEqualTo("ownr");
    assertThat(both.get("field").asString()).isEqualTo("mine");
    assertThat(longOwner.get("field").asString()).isEqualTo("owner");
    assertThat(longOwner.get("detail").asString()).doesNotContain("ooooooooooooooooooooooooo");
    assertThat(twice.get("field").asString()).isEqualTo("service");
    assertThat(writes.count()).isEqualTo(before);
  }

  /** A dashboard polling hard: each listing is its own short workflow, and every one answers. */
  @Test
  void hundredListingsFromTenClientsAtOnce_allAnswer_withinAMinute() throws Exception {
    java.util.concurrent.ExecutorService clients =
        java.util.concurrent.Executors.newFixedThreadPool(10);
    long start = System.nanoTime();
    try {
      List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 100; i++) {
        answers.add(clients.submit(() -> http.get(LIST + "?kind=technical").statusCode()));
      }
      for (java.util.concurrent.Future<Integer> answer : answers) {
        assertThat(answer.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
      }
    } finally {
      clients.shutdownNow();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(1));
  }

  @Test
  void listing_withoutCredentials_is401() {
    assertThat(new Http(port).get(LIST).statusCode()).isEqualTo(401);
  }

  @Test
  void storeDown_is503AfterTheRetries_withTheStoresReason() {
    JsonNode problem = problem(http.get(LIST + "?owner=" + StandInActivities.STORE_DOWN), 503);

    assertThat(problem.get("title").asString()).isEqualTo("Incident history unavailable");
    assertThat(problem.get("detail").asString()).contains("connection refused");
  }

  @Test
  void incidentctlItemsList_printsTheRows_andJsonIsTheAnswer() {
    String id = closedWithPostmortem("items-ctl");
    accepted(
        http.post(
            items(id),
            "{\"action\":\"Page payments on-call directly\",\"kind\":\"COMMUNICATION\","
                + "\"owner\":\"alice\",\"dueDate\":\"2099-01-31\"}"));
    listedOnce(id, "", r -> r.size() == 1);

    Incidentctl.Run table =
        Incidentctl.run(
            "http://127.0.0.1:" + port, TestKeys.ALICE, "items", "list", "--mine", "--overdue");
    Incidentctl.Run asJson =
        Incidentctl.run(
            "http://127.0.0.1:" + port, TestKeys.ALICE, "--json", "items", "list", "--kind", "x");

    assertThat(table.exit()).as(table.err()).isZero();
    assertThat(table.out())
        .containsPattern(
            "(?m)^" + id + " +items-ctl +AI-1 +COMMUNICATION +OPEN +alice +2099-01-31 .*Page");
    assertThat(standIns.listings)
        .contains(
            new ActionItemFilter(
                "alice",
                true,
                null,
                List.of(ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS),
                List.of(),
                0,
                0));
    assertThat(asJson.exit()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(asJson.err()).contains("(field: kind)");
  }
}
