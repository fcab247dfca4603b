package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Role;
import io.incidentresponse.workflows.incident.Severity;
import io.temporal.client.WorkflowOptions;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Real-shaped webhook payloads over HTTP into the starter, real incident workflows on Temporal's
 * in-process test server, outcomes read back through the workflows' queries.
 */
class WebhookIngestionIT extends StarterIT {
  static final String AM_TOKEN = AUTHORIZATION;

  // ------------------------------------------------------------ Alertmanager

  @Test
  void alertmanagerFiring_opensOneIncidentHoldingBothAlerts() {
    String body = alertmanager("alertmanager-firing.json", "CheckoutErrorsA");
    HttpResponse<String> response = http.post("/webhooks/alertmanager", body, AM_TOKEN, BEARER);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    String id = incidentId("checkout", "CheckoutErrorsA");
    JsonNode accepted = json.readTree(response.body());
    assertThat(accepted.get("alerts").asInt()).isEqualTo(2);
    assertThat(accepted.get("incidents").get(0).get("incidentId").asString()).isEqualTo(id);
    IncidentState state = await(id, s -> s.phase == Phase.MITIGATING);
    assertThat(state.alerts).hasSize(2);
    assertThat(state.alertDeliveries).isEqualTo(2);
    assertThat(state.severity).isEqualTo(Severity.P1);
    assertThat(state.namespace).isEqualTo("shop");
    Alert first = state.alerts.get("c0ffee0001");
    assertThat(first.source()).isEqualTo(AlertSource.ALERTMANAGER);
    assertThat(first.endsAt()).as("0001-01-01 means still firing").isNull();
    assertThat(first.annotations()).containsEntry("runbook_url", "https://runbooks/checkout");
  }

  @Test
  void alertmanagerAnswer_isJsonOfItsDeclaredLength_notChunked() {
    String body = alertmanager("alertmanager-firing.json", "CheckoutErrorsAnswer");
    HttpResponse<String> response = http.post("/webhooks/alertmanager", body, AM_TOKEN, BEARER);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.headers().firstValue("Transfer-Encoding")).isEmpty();
    assertThat(response.headers().firstValueAsLong("Content-Length"))
        .hasValue(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    JsonNode accepted = json.readTree(response.body());
    assertThat(accepted.get("duplicate").asBoolean()).isFalse();
    assertThat(accepted.get("incidents").get(0).get("incidentId").asString())
        .isEqualTo(incidentId("checkout", "CheckoutErrorsAnswer"));
  }

  @Test
  void alertmanagerFiring_startsTheIncidentWithASummaryAndTheSignalsForTheWebUi() {
    String body = alertmanager("alertmanager-firing.json", "CheckoutErrorsMeta");

    assertThat(http.post("/webhooks/alertmanager", body, AM_TOKEN, BEARER).statusCode())
        .isEqualTo(202);

    WorkflowOptions started = writes.startOptions(incidentId("checkout", "CheckoutErrorsMeta"));
    assertThat(started.getStaticSummary()).isEqualTo("P1 · checkout · Checkout 5xx ratio above 5%");
    assertThat(started.getStaticDetails())
        .contains("**checkout** (shop), opened as P1")
        .contains(
            "`approve` `{\"actionId\":\"ACTION_ID\",\"approver\":\"YOUR_NAME\",\"comment\":\"go\"}`")
        .contains("`acknowledge`", "`reject`", "`resolve`");
  }

  @Test
  void alertmanagerResolvedForEveryAlert_startsMonitoring() {
    String id = incidentId("checkout", "CheckoutErrorsB");
    http.post(
        "/webhooks/alertmanager",
        alertmanager("alertmanager-firing.json", "CheckoutErrorsB"),
        AM_TOKEN,
        BEARER);
    await(id, s -> s.phase == Phase.MITIGATING);

    HttpResponse<String> resolved =
        http.post(
            "/webhooks/alertmanager",
            alertmanager("alertmanager-resolved.json", "CheckoutErrorsB"),
            AM_TOKEN,
            BEARER);

    assertThat(resolved.statusCode()).isEqualTo(202);
    IncidentState state = await(id, s -> s.phase == Phase.MONITORING);
    assertThat(state.alerts.values()).noneMatch(Alert::firing);
  }

  @Test
  void sameDeliveryTwice_isCountedOnce() {
    String id = incidentId("checkout", "CheckoutErrorsC");
    String body =
        alertmanager("alertmanager-firing.json", "CheckoutErrorsC").replace("c0ffee", "d00d");
    http.post("/webhooks/alertmanager", body, AM_TOKEN, BEARER);
    await(id, s -> s.alerts.containsKey("d00d0001"));
    long before = client.newWorkflowStub(IncidentWorkflow.class, id).state().alertDeliveries;

    assertThat(http.post("/webhooks/alertmanager", body, AM_TOKEN, BEARER).statusCode())
        .isEqualTo(202);

    sleep(500);
    assertThat(client.newWorkflowStub(IncidentWorkflow.class, id).state().alertDeliveries)
        .isEqualTo(before);
  }

  // ------------------------------------------------------------ Grafana, PagerDuty, declaration

  @Test
  void grafanaFiring_opensAnIncidentWithItsLinks() {
    HttpResponse<String> response =
        http.post(
            "/webhooks/grafana",
            Http.payload("grafana-firing.json"),
            "Authorization",
            Http.basic("grafana", "gf-secret"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    IncidentState state =
        await(incidentId("search", "SearchLatencyHigh"), s -> s.alerts.size() == 1);
    Alert alert = state.alerts.get("57c6d9296de2ad39");
    assertThat(alert.source()).isEqualTo(AlertSource.GRAFANA);
    assertThat(alert.endsAt()).isNull();
    assertThat(alert.annotations())
        .containsEntry("dashboard_url", "http://grafana:3000/d/search-overview");
    assertThat(state.severity).isEqualTo(Severity.P2);
  }

  @Test
  void pagerDuty_validAndRotatedSignaturesAreAcceptedAndAReplayIsANoOp() {
    String body = Http.payload("pagerduty-triggered.json");
    String id = incidentId("payments", "Payments API returning 503");

    HttpResponse<String> signedWithNewSecret =
        http.post(
            "/webhooks/pagerduty",
            body,
            "X-PagerDuty-Signature",
            Http.pagerDutySignature("new-secret", body),
            "X-Webhook-Id",
            "wh-1");
    assertThat(signedWithNewSecret.statusCode()).as(signedWithNewSecret.body()).isEqualTo(202);
    IncidentState state = await(id, s -> s.alerts.size() == 1);
    assertThat(state.severity).isEqualTo(Severity.P1);
    assertThat(state.alerts.get("pagerduty:PGR0VU2").externalId()).isEqualTo("PGR0VU2");

    // the same delivery again, signed with both secrets during a rotation: accepted, no change
    HttpResponse<String> replay =
        http.post(
            "/webhooks/pagerduty",
            body,
            "X-PagerDuty-Signature",
            Http.pagerDutySignature("wrong", body)
                + ","
                + Http.pagerDutySignature("old-secret", body),
            "X-Webhook-Id",
            "wh-1");
    assertThat(replay.statusCode()).isEqualTo(202);
    sleep(500);
    assertThat(client.newWorkflowStub(IncidentWorkflow.class, id).state().alertDeliveries)
        .isEqualTo(1);

    String ack = Http.payload("pagerduty-acknowledged.json");
    HttpResponse<String> acknowledged =
        http.post(
            "/webhooks/pagerduty",
            ack,
            "X-PagerDuty-Signature",
            Http.pagerDutySignature("old-secret", ack));
    assertThat(acknowledged.statusCode()).isEqualTo(202);
    assertThat(await(id, IncidentState::acknowledged).acknowledgedBy).isEqualTo("Tenex Engineer");
  }

  @Test
  void pagerDutyWithAnInvalidSignature_is401AndStartsNothing() {
    String body = Http.payload("pagerduty-triggered.json").replace("PGR0VU2", "PBADSIG");
    String signedOtherBody = Http.pagerDutySignature("new-secret", body + " ");

    JsonNode problem =
        problem(
            http.post("/webhooks/pagerduty", body, "X-PagerDuty-Signature", signedOtherBody), 401);
    JsonNode missing = problem(http.post("/webhooks/pagerduty", body), 401);

    assertThat(problem.get("detail").asString()).contains("invalid X-PagerDuty-Signature");
    assertThat(missing.get("detail").asString()).contains("missing X-PagerDuty-Signature");
    sleep(300);
    assertThat(exists(incidentId("payments", "Payments API returning 503 "))).isFalse();
  }

  @Test
  void declaredIncident_opensWithItsSeverityTitleAndCommander() {
    HttpResponse<String> response =
        http.post(
            "/api/incidents",
            "{\"title\":\"Refunds stuck\",\"service\":\"refunds\",\"severity\":\"P1\","
                + "\"commander\":\"alice\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    String id = incidentId("refunds", "Declared");
    assertThat(response.headers().firstValue("Location")).contains("/api/incidents/" + id);
    IncidentState state = await(id, s -> s.phase == Phase.MITIGATING);
    assertThat(state.title).isEqualTo("Refunds stuck");
    assertThat(state.severity).isEqualTo(Severity.P1);
    assertThat(state.roles).containsEntry(Role.INCIDENT_COMMANDER, "alice");
  }

  @Test
  void alertmanagerDelivery_isTimedAsAnHttpRequestAndNoSecurityFilterIsObserved() {
    String body = alertmanager("alertmanager-firing.json", "CheckoutErrorsTimed");
    assertThat(http.post("/webhooks/alertmanager", body, AM_TOKEN, BEARER).statusCode())
        .isEqualTo(202);

    String metrics = http.get("/actuator/prometheus").body();

    // what an SRE reads per endpoint stays; Spring Security's per-filter timers (a cost on every
    // alert delivered) are off
    assertThat(metrics.lines())
        .anyMatch(
            line ->
                line.startsWith("http_server_requests_seconds_count{")
                    && line.contains("uri=\"/webhooks/alertmanager\""));
    assertThat(metrics).doesNotContain("spring_security_");
  }

  // ------------------------------------------------------------ refusals

  @Test
  void alertmanagerWithoutOrWithAWrongToken_is401AndStartsNothing() {
    String body =
        Http.payload("alertmanager-firing.json").replace("CheckoutHighErrorRate", "NoAuth");

    HttpResponse<String> none = http.post("/webhooks/alertmanager", body);
    HttpResponse<String> wrong = http.post("/webhooks/alertmanager", body, AM_TOKEN, "Bearer nope");

    problem(none, 401);
    problem(wrong, 401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(exists(incidentId("checkout", "NoAuth"))).isFalse();
  }

  @Test
  void malformedJson_is400() {
    JsonNode problem =
        problem(http.post("/webhooks/alertmanager", "{\"version\":", AM_TOKEN, BEARER), 400);

    assertThat(problem.get("detail").asString()).startsWith("malformed JSON");
  }

  @Test
  void wrongTypeOrMissingField_is422NamingTheFieldAndStartsNothing() {
    String base =
        Http.payload("alertmanager-firing.json").replace("CheckoutHighErrorRate", "BadInput");
    String wrongType =
        base.replace("\"startsAt\": \"" + Http.DAY + "T14:00:30.000Z\"", "\"startsAt\": [1]");
    String noLabels = base.replaceFirst("\"labels\": \\{[^}]*\\}", "\"labels\": {}");
    String oldVersion = base.replace("\"version\": \"4\"", "\"version\": \"3\"");
    String noAlerts = "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[]}";

    assertThat(
            problem(http.post("/webhooks/alertmanager", wrongType, AM_TOKEN, BEARER), 422)
                .get("field")
                .asString())
        .isEqualTo("alerts[1].startsAt");
    assertThat(
            problem(http.post("/webhooks/alertmanager", noLabels, AM_TOKEN, BEARER), 422)
                .get("field")
                .asString())
        .isEqualTo("alerts[0].labels");
    assertThat(
            problem(http.post("/webhooks/alertmanager", oldVersion, AM_TOKEN, BEARER), 422)
                .get("field")
                .asString())
        .isEqualTo("version");
    assertThat(
            problem(http.post("/webhooks/alertmanager", noAlerts, AM_TOKEN, BEARER), 422)
                .get("field")
                .asString())
        .isEqualTo("alerts");
    assertThat(
            problem(
                    http.post(
                        "/api/incidents",
                        "{\"title\":\"x\",\"service\":\"y\",\"severity\":\"P9\"}"),
                    422)
                .get("field")
                .asString())
        .isEqualTo("severity");
    sleep(300);
    assertThat(exists(incidentId("checkout", "BadInput"))).isFalse();
  }

  @Test
  void bodyOverTheLimit_is413() {
    String huge = "{\"version\":\"4\",\"padding\":\"" + "x".repeat(70 * 1024) + "\"}";

    JsonNode problem = problem(http.post("/webhooks/alertmanager", huge, AM_TOKEN, BEARER), 413);

    assertThat(problem.get("detail").asString()).contains("larger than 65536 bytes");
  }
}
