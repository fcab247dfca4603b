package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Rollback and scale outside an incident through the REST API: real Operation workflows on the test
 * server, production stood in. The policy names alice the HIGH-risk approver; carol holds the
 * approver-high role, bob only responder.
 */
class OperationIT extends StarterIT {
  private static final String PATH = "/api/operations";

  private String started(Http as, String body) {
    HttpResponse<String> response = as.post(PATH, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    String id = json.readTree(response.body()).get("operationId").asString();
    assertThat(response.headers().firstValue("Location")).hasValue(PATH + "/" + id);
    return id;
  }

  private JsonNode awaitStatus(String id, String status) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = http.get(PATH + "/" + id);
      if (response.statusCode() == 200) {
        last = json.readTree(response.body());
        if (status.equals(last.path("status").asString())) {
          return last;
        }
      }
      sleep(50);
    }
    return fail("operation %s never became %s; last %s", id, status, last);
  }

  private void refused(String body, String field) {
    JsonNode problem = problem(http.post(PATH, body), 422);
    assertThat(problem.path("field").asString()).isEqualTo(field);
  }

  @Test
  void rollback_isRefusedForItsRequester_runsAfterAnotherApprover_thenIsOver() {
    Http carol = http.as(TestKeys.apiKey(TestKeys.CAROL));
    String id =
        started(carol, "{\"type\":\"rollback\",\"service\":\"checkout\",\"revision\":\"41\"}");
    assertThat(id).startsWith("operation-checkout-");
    JsonNode waiting = awaitStatus(id, "AWAITING_APPROVAL");
    assertThat(waiting.path("action").path("proposedBy").asString()).isEqualTo("carol");

    HttpResponse<String> own = carol.post(PATH + "/" + id + "/approve", "{\"comment\":\"mine\"}");
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    JsonNode refused = json.readTree(own.body());
    assertThat(refused.get("accepted").asBoolean()).isFalse();
    assertThat(refused.get("reason").asString())
        .contains("the requester of an action may not approve it");

    HttpResponse<String> approved = http.post(PATH + "/" + id + "/approve", "{}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(json.readTree(approved.body()).get("accepted").asBoolean()).isTrue();
    JsonNode done = awaitStatus(id, "SUCCEEDED");
    assertThat(done.path("action").path("decidedBy").asString()).isEqualTo("alice");

    problem(http.post(PATH + "/" + id + "/approve", "{}"), 409);
  }

  @Test
  void approve_byAResponderWithoutAnApproverRole_is403() {
    String id = started(http, "{\"type\":\"scale\",\"service\":\"search\",\"replicas\":4}");
    Http bob = http.as(TestKeys.apiKey(TestKeys.BOB));

    problem(bob.post(PATH + "/" + id + "/approve", "{}"), 403);
  }

  @Test
  void approve_namingSomebodyElse_is403() {
    String id = started(http, "{\"type\":\"scale\",\"service\":\"search\",\"replicas\":4}");

    problem(http.post(PATH + "/" + id + "/approve", "{\"approver\":\"carol\"}"), 403);
  }

  @Test
  void unknownOperation_is404() {
    problem(http.get(PATH + "/operation-nothing-000000"), 404);
    problem(http.post(PATH + "/operation-nothing-000000/approve", "{}"), 404);
    problem(http.get(PATH + "/not-an-operation"), 404);
  }

  @Test
  void badBodies_are422NamingTheField_andStartNothing() {
    refused("{\"service\":\"checkout\"}", "type");
    refused("{\"type\":\"restart\",\"service\":\"checkout\"}", "type");
    refused("{\"type\":\"scale\",\"service\":\"checkout\"}", "replicas");
    refused("{\"type\":\"scale\",\"service\":\"checkout\",\"replicas\":0}", "replicas");
    refused("{\"type\":\"scale\",\"service\":\"checkout\",\"replicas\":\"six\"}", "replicas");
    refused("{\"type\":\"rollback\",\"service\":\"checkout\",\"replicas\":3}", "replicas");
    refused("{\"type\":\"rollback\",\"service\":\"checkout\",\"revision\":\"-1\"}", "revision");
    refused("{\"type\":\"rollback\",\"service\":\"Check Out\"}", "service");
    refused("{\"type\":\"rollback\",\"service\":\"checkout\",\"namespace\":\"a/b\"}", "namespace");
    refused("{\"type\":\"rollback\",\"service\":\"checkout\",\"revison\":\"4\"}", "revison");
  }

  @Test
  void approve_withABodyOfItsOwnProof_is400() {
    String id = started(http, "{\"type\":\"scale\",\"service\":\"search\",\"replicas\":4}");

    problem(http.post(PATH + "/" + id + "/approve", "{\"proof\":{}}"), 400);
  }
}
