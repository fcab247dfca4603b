package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.workflows.alerts.Alert;
import io.incidentresponse.workflows.alerts.AlertSource;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Severity;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The generic JSON webhook (source {@code opsbox} of application-test.yaml), Datadog and Sentry:
 * vendor-shaped payloads over HTTP into the starter, real incident workflows on Temporal's test
 * server, outcomes read back through the workflows' queries.
 */
class DetectionSourcesIT extends StarterIT {
  static final String OPSBOX = "Bearer opsbox-secret";
  static final String DATADOG = "Bearer dd-secret";
  static final String SENTRY_SECRET = "sentry-new-secret-0123456789";

  /** Datadog's $DATE of the stored payloads (2026-11-26T10:00Z), moved to yesterday. */
  static final long RECORDED_MS = 1795687200000L;

  static final long SHIFT_MS =
      LocalDate.parse(Http.DAY).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()
          - LocalDate.parse("2026-11-26").atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();

  // ------------------------------------------------------------ generic JSON webhook

  @Test
  void generic_mappedBodyOpensAnIncidentPerKeyWithMappedSeverityLabelsAndLinks() {
    String body = opsbox("generic-opsbox-alerting.json", "SyncA");

    HttpResponse<String> response = post("/webhooks/generic/opsbox", body, OPSBOX);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(json.readTree(response.body()).get("alerts").asInt()).isEqualTo(2);
    IncidentState lag =
        await(incidentId("inventory", "InventorySyncLagSyncA"), s -> s.phase == Phase.MITIGATING);
    Alert alert = lag.alerts.get("opsbox:evt-9001SyncA");
    assertThat(alert.source()).isEqualTo(AlertSource.GENERIC);
    assertThat(alert.labels())
        .containsEntry("severity", "critical")
        .containsEntry("team", "supply")
        .containsEntry("service", "inventory");
    assertThat(alert.annotations())
        .containsEntry("summary", "Inventory sync lagging 12 minutes behind");
    assertThat(alert.generatorUrl()).isEqualTo("https://opsbox.example.com/checks/inventory-sync");
    assertThat(alert.startsAt().toString()).isEqualTo(Http.DAY + "T14:00:00Z");
    IncidentState latency =
        await(incidentId("inventory", "InventoryApiLatencySyncA"), s -> s.alerts.size() == 1);
    assertThat(latency.severity).as("major maps to the priority P1").isEqualTo(Severity.P1);
  }

  @Test
  void generic_mappedResolvedStatus_closesTheAlertTheFiringOneOpened() {
    String id = incidentId("inventory", "InventorySyncLagSyncB");
    post("/webhooks/generic/opsbox", opsbox("generic-opsbox-alerting.json", "SyncB"), OPSBOX);
    await(id, s -> s.phase == Phase.MITIGATING);

    HttpResponse<String> ok =
        post("/webhooks/generic/opsbox", opsbox("generic-opsbox-ok.json", "SyncB"), OPSBOX);

    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
    IncidentState state = await(id, s -> s.phase == Phase.MONITORING);
    assertThat(state.alerts.get("opsbox:evt-9001SyncB").firing()).isFalse();
  }

  @Test
  void generic_requiredFieldMissing_is422NamingItsPathAndOpensNothing() {
    String body =
        opsbox("generic-opsbox-alerting.json", "SyncC")
            .replace(
                "\"service\": \"inventory\", \"team\": \"supply\"}\n    }\n  ]",
                "\"team\": \"supply\"}\n    }\n  ]");

    JsonNode problem = problem(post("/webhooks/generic/opsbox", body, OPSBOX), 422);

    assertThat(problem.get("field").asString()).isEqualTo("$.events[1].check.service");
    sleep(300);
    assertThat(exists(incidentId("inventory", "InventorySyncLagSyncC")))
        .as("the first, valid alert of the refused delivery opened nothing either")
        .isFalse();
  }

  @Test
  void generic_unknownStatusWord_is422NamingTheFieldAndTheKnownWords() {
    String body = opsbox("generic-opsbox-alerting.json", "SyncD").replace("alerting", "flapping");

    JsonNode problem = problem(post("/webhooks/generic/opsbox", body, OPSBOX), 422);

    assertThat(problem.get("field").asString()).isEqualTo("$.events[0].state");
    assertThat(problem.get("detail").asString()).contains("alerting", "ok", "status-values");
  }

  @Test
  void generic_wrongOrMissingTokenIs401_unknownSourceIs404_andNothingOpens() {
    String body = opsbox("generic-opsbox-alerting.json", "SyncE");

    problem(post("/webhooks/generic/opsbox", body, "Bearer am-secret"), 401);
    problem(post("/webhooks/generic/opsbox", body, null), 401);
    problem(post("/webhooks/generic/nosuch", body, OPSBOX), 404);

    sleep(300);
    assertThat(exists(incidentId("inventory", "InventorySyncLagSyncE"))).isFalse();
  }

  @Test
  void generic_labelOf5000Characters_is422NamingItAndOpensNothing() {
    String body =
        opsbox("generic-opsbox-alerting.json", "SyncF").replace("supply", "s".repeat(5000));

    JsonNode problem = problem(post("/webhooks/generic/opsbox", body, OPSBOX), 422);

    assertThat(problem.get("field").asString()).isEqualTo("alerts[0].labels.team");
    assertThat(problem.get("detail").asString()).contains("5000 characters").hasSizeLessThan(300);
    sleep(300);
    assertThat(exists(incidentId("inventory", "InventorySyncLagSyncF"))).isFalse();
  }

  // ------------------------------------------------------------ Datadog

  @Test
  void datadog_triggeredThenRecovered_opensTheIncidentAndClosesItsAlert() {
    String id = incidentId("cart", "Cart error rate above 5% A");

    HttpResponse<String> triggered =
        post("/webhooks/datadog", datadog("datadog-triggered.json", "A"), DATADOG);

    assertThat(triggered.statusCode()).as(triggered.body()).isEqualTo(202);
    IncidentState state = await(id, s -> s.phase == Phase.MITIGATING);
    Alert alert = state.alerts.get("datadog:7395071851437447843A");
    assertThat(alert.source()).isEqualTo(AlertSource.DATADOG);
    assertThat(alert.labels())
        .containsEntry("severity", "critical")
        .containsEntry("env", "prod")
        .containsEntry("team", "basket")
        .containsEntry("datadog_priority", "P2");
    assertThat(alert.startsAt().toString()).isEqualTo(Http.DAY + "T10:00:00Z");
    assertThat(state.severity).isEqualTo(Severity.P1);

    HttpResponse<String> recovered =
        post("/webhooks/datadog", datadog("datadog-recovered.json", "A"), DATADOG);

    assertThat(recovered.statusCode()).as(recovered.body()).isEqualTo(202);
    IncidentState after = await(id, s -> s.phase == Phase.MONITORING);
    assertThat(after.alerts.get("datadog:7395071851437447843A").firing()).isFalse();
  }

  @Test
  void datadog_withoutServiceTagIs422_withoutTokenIs401_andNothingOpens() {
    String untagged =
        datadog("datadog-triggered.json", "B")
            .replace("service:cart,env:prod", "env:prod")
            .replace("monitor,service:cart,", "monitor,");

    JsonNode problem = problem(post("/webhooks/datadog", untagged, DATADOG), 422);
    problem(post("/webhooks/datadog", datadog("datadog-triggered.json", "B"), null), 401);

    assertThat(problem.get("field").asString()).isEqualTo("tags");
    sleep(300);
    assertThat(exists(incidentId("cart", "Cart error rate above 5% B"))).isFalse();
  }

  // ------------------------------------------------------------ Sentry

  @Test
  void sentryMetricAlert_criticalThenResolved_opensOnTheMappedServiceAndCloses() {
    String id = incidentId("storefront", "Storefront error spike A");
    String critical = sentry("sentry-metric-alert-critical.json", "A");

    HttpResponse<String> opened = signedSentry("metric_alert", critical, SENTRY_SECRET);

    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(202);
    IncidentState state = await(id, s -> s.phase == Phase.MITIGATING);
    Alert alert = state.alerts.get("sentry:metric:83021A");
    assertThat(alert.source()).isEqualTo(AlertSource.SENTRY);
    assertThat(alert.annotations()).containsEntry("summary", "Critical: Storefront error spike A");

    HttpResponse<String> resolved =
        signedSentry(
            "metric_alert",
            sentry("sentry-metric-alert-resolved.json", "A"),
            "sentry-old-secret-0123456789");

    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(202);
    assertThat(await(id, s -> s.phase == Phase.MONITORING).alerts.get("sentry:metric:83021A"))
        .satisfies(a -> assertThat(a.firing()).isFalse());
  }

  @Test
  void sentryIssueAlert_opensOnTheServiceTagWithTheRuleAsAlertName() {
    String body =
        Http.payload("sentry-event-alert.json")
            .replace("Payment errors in production", "Payment errors in production A");

    HttpResponse<String> response = signedSentry("event_alert", body, SENTRY_SECRET);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    IncidentState state =
        await(
            incidentId("payments-api", "Payment errors in production A"),
            s -> s.alerts.size() == 1);
    assertThat(state.alerts.get("sentry:issue:1170820242").labels())
        .containsEntry("severity", "error")
        .containsEntry("env", "production");
  }

  @Test
  void sentry_badOrMissingSignatureIs401_otherResourcesAreAcceptedAndIgnored() {
    String body = sentry("sentry-metric-alert-critical.json", "B");

    JsonNode invalid = problem(signedSentry("metric_alert", body + " ", SENTRY_SECRET, body), 401);
    JsonNode missing =
        problem(http.post("/webhooks/sentry", body, "Sentry-Hook-Resource", "metric_alert"), 401);
    HttpResponse<String> installation = signedSentry("installation", body, SENTRY_SECRET);

    assertThat(invalid.get("detail").asString()).contains("invalid Sentry-Hook-Signature");
    assertThat(missing.get("detail").asString()).contains("missing Sentry-Hook-Signature");
    assertThat(installation.statusCode()).isEqualTo(202);
    assertThat(json.readTree(installation.body()).get("alerts").asInt()).isZero();
    sleep(300);
    assertThat(exists(incidentId("storefront", "Storefront error spike B"))).isFalse();
  }

  // ------------------------------------------------------------ helpers

  private HttpResponse<String> post(String path, String body, String authorization) {
    return authorization == null
        ? http.as().post(path, body)
        : http.post(path, body, AUTHORIZATION, authorization);
  }

  /** The stored opsbox payload with its alert names and ids made this test's own. */
  private static String opsbox(String payload, String suffix) {
    return Http.payload(payload)
        .replace("\"InventorySyncLag\"", "\"InventorySyncLag" + suffix + "\"")
        .replace("\"InventoryApiLatency\"", "\"InventoryApiLatency" + suffix + "\"")
        .replace("\"evt-9001\"", "\"evt-9001" + suffix + "\"")
        .replace("\"evt-9002\"", "\"evt-9002" + suffix + "\"");
  }

  private static String datadog(String payload, String suffix) {
    String body =
        Http.payload(payload)
            .replace("Cart error rate above 5%", "Cart error rate above 5% " + suffix)
            .replace("\"7395071851437447843\"", "\"7395071851437447843" + suffix + "\"");
    for (String ms : new String[] {"1795687200000", "1795688100000"}) {
      body = body.replace(ms, String.valueOf(Long.parseLong(ms) + SHIFT_MS));
    }
    return body;
  }

  private static String sentry(String payload, String suffix) {
    return Http.payload(payload)
        .replace("Storefront error spike", "Storefront error spike " + suffix)
        .replace("\"83021\"", "\"83021" + suffix + "\"");
  }

  private HttpResponse<String> signedSentry(String resource, String body, String secret) {
    return signedSentry(resource, body, secret, body);
  }

  /** Posts {@code body} signed as {@code signed} would be. */
  private HttpResponse<String> signedSentry(
      String resource, String body, String secret, String signed) {
    return http.post(
        "/webhooks/sentry",
        body,
        "Sentry-Hook-Resource",
        resource,
        "Sentry-Hook-Signature",
        Http.pagerDutySignature(secret, signed).substring(3));
  }
}
