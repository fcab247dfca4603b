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
 * The generic JSON webhook (source {@code opsbox} of application-test.yaml), Datadog, Sentry, New
 * Relic and Kibana: vendor-shaped payloads over HTTP into the starter, real incident workflows on
 * Temporal's test server, outcomes read back through the workflows' queries.
 */
class DetectionSourcesIT extends StarterIT {
  static final String OPSBOX = "Bearer opsbox-secret";
  static final String DATADOG = "Bearer dd-secret";
  static final String SENTRY_SECRET = "sentry-new-secret-0123456789";
  static final String NEWRELIC = "Bearer nr-secret";
  static final String KIBANA = Http.basic("kibana", "es-secret");

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

  // ------------------------------------------------------------ New Relic

  static final String NR_ISSUE = "e118d09f-1fb4-4e78-b592-951b663073b0";

  @Test
  void newrelic_activatedThenClosed_opensOnTheServiceTagAndClosedResolvesTheSameAlert() {
    String id = incidentId("checkout", "Checkout error percentage A");

    IncidentState state =
        opens("/webhooks/newrelic", newrelic("newrelic-activated.json", "A"), NEWRELIC, id);

    Alert alert = state.alerts.get("newrelic:" + NR_ISSUE + "A");
    assertThat(alert.source()).isEqualTo(AlertSource.NEW_RELIC);
    assertThat(alert.labels())
        .containsEntry("severity", "critical")
        .containsEntry("newrelic_priority", "CRITICAL")
        .containsEntry("env", "production")
        .containsEntry("team", "payments")
        .containsEntry("newrelic_entity_guid", "MzMwMjUxNHxBUE18QVBQTElDQVRJT058NjAxNzQzMjQ4");
    assertThat(alert.annotations())
        .containsEntry("summary", "Error percentage > 5.0 for at least 5 minutes on 'checkout-api'")
        .containsEntry("newrelic_policies", "Checkout golden signals")
        .containsEntry("newrelic_entities", "checkout-api");
    assertThat(alert.startsAt().toString()).isEqualTo(Http.DAY + "T10:00:00Z");
    assertThat(alert.generatorUrl()).startsWith("https://radar-api.service.newrelic.com/");
    assertThat(state.severity).isEqualTo(Severity.P1);

    HttpResponse<String> closed =
        post("/webhooks/newrelic", newrelic("newrelic-closed.json", "A"), NEWRELIC);

    assertThat(closed.statusCode()).as(closed.body()).isEqualTo(202);
    IncidentState after = await(id, s -> s.phase == Phase.MONITORING);
    assertThat(after.alerts.get("newrelic:" + NR_ISSUE + "A").firing()).isFalse();
  }

  @Test
  void newrelic_anotherIssueOfTheSameConditionAndService_joinsTheOpenIncident() {
    String id = incidentId("checkout", "Checkout error percentage B");
    post("/webhooks/newrelic", newrelic("newrelic-activated.json", "B"), NEWRELIC);
    await(id, s -> s.phase == Phase.MITIGATING);
    String second =
        newrelic("newrelic-activated.json", "B")
            .replace(NR_ISSUE + "B", NR_ISSUE + "B2")
            .replace("\"priority\": \"CRITICAL\"", "\"priority\": \"HIGH\"");

    HttpResponse<String> response = post("/webhooks/newrelic", second, NEWRELIC);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    IncidentState state = await(id, s -> s.alerts.size() == 2);
    assertThat(state.alerts.get("newrelic:" + NR_ISSUE + "B2").labels())
        .containsEntry("severity", "high");
    assertThat(json.readTree(response.body()).at("/incidents/0/incidentId").asString())
        .isEqualTo(id);
  }

  @Test
  void newrelic_wrongTokenIs401_missingIdIs422_malformedIs400_unknownStateIs422_nothingOpens() {
    String body = newrelic("newrelic-activated.json", "C");

    problem(post("/webhooks/newrelic", body, "Bearer dd-secret"), 401);
    problem(post("/webhooks/newrelic", body, null), 401);
    JsonNode missing =
        problem(
            post(
                "/webhooks/newrelic", body.replace("\"id\": \"" + NR_ISSUE + "C\",", ""), NEWRELIC),
            422);
    JsonNode state =
        problem(
            post("/webhooks/newrelic", body.replace("\"ACTIVATED\"", "\"FLAPPING\""), NEWRELIC),
            422);
    problem(post("/webhooks/newrelic", body.substring(0, body.length() / 2), NEWRELIC), 400);
    JsonNode untagged =
        problem(
            post(
                "/webhooks/newrelic",
                body.replace("[\"checkout\"]", "[]").replace("[\"checkout-api\"]", "[]"),
                NEWRELIC),
            422);

    assertThat(missing.get("field").asString()).isEqualTo("id");
    assertThat(state.get("field").asString()).isEqualTo("state");
    assertThat(state.get("detail").asString()).contains("ACTIVATED", "CLOSED", "FLAPPING");
    assertThat(untagged.get("field").asString()).isEqualTo("tags.service");
    sleep(300);
    assertThat(exists(incidentId("checkout", "Checkout error percentage C"))).isFalse();
  }

  @Test
  void newrelic_titleOf5000Characters_opensWithTheSummaryCutToTheAnnotationLimit() {
    String body =
        newrelic("newrelic-activated.json", "D")
            .replace(
                "Error percentage > 5.0 for at least 5 minutes on 'checkout-api'",
                "x".repeat(5000));

    HttpResponse<String> response = post("/webhooks/newrelic", body, NEWRELIC);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    IncidentState state =
        await(incidentId("checkout", "Checkout error percentage D"), s -> s.alerts.size() == 1);
    String summary = state.alerts.get("newrelic:" + NR_ISSUE + "D").annotations().get("summary");
    assertThat(summary).hasSize(4096).endsWith("…");
  }

  @Test
  void newrelic_redelivery_isAnsweredAsADuplicateAndCountedOnce() {
    assertRedeliveryCountedOnce(
        "newrelic",
        newrelic("newrelic-activated.json", "E"),
        NEWRELIC,
        incidentId("checkout", "Checkout error percentage E"));
  }

  // ------------------------------------------------------------ Elastic / Kibana

  static final String ORDERS_RULE = "5d3b9e40-8c7a-11f0-9f2b-3b6f0c1a2e77";

  @Test
  void kibana_queryMatchedThenRecovered_opensOnTheServiceTagAndRecoveredResolvesIt() {
    String id = incidentId("orders", "Orders 5xx in the logs A");

    IncidentState state =
        opens("/webhooks/elastic", kibana("elastic-query-active.json", "A"), KIBANA, id);

    Alert alert = state.alerts.get("elastic:" + ORDERS_RULE + "A:query matched");
    assertThat(alert.source()).isEqualTo(AlertSource.ELASTIC);
    assertThat(alert.labels())
        .containsEntry("severity", "critical")
        .containsEntry("env", "production")
        .containsEntry("team", "fulfilment")
        .containsEntry("elastic_action_group", "query matched");
    assertThat(alert.annotations().get("summary")).startsWith("Document count is 412");
    assertThat(alert.generatorUrl()).startsWith("https://kibana.example.com/app/r?");
    assertThat(alert.startsAt().toString()).isEqualTo(Http.DAY + "T10:00:00Z");

    HttpResponse<String> recovered =
        post("/webhooks/elastic", kibana("elastic-query-recovered.json", "A"), KIBANA);

    assertThat(recovered.statusCode()).as(recovered.body()).isEqualTo(202);
    IncidentState after = await(id, s -> s.phase == Phase.MONITORING);
    assertThat(after.alerts.get("elastic:" + ORDERS_RULE + "A:query matched").firing()).isFalse();
  }

  @Test
  void kibana_anotherGroupOfTheSameRule_joinsTheOpenIncident() {
    String id = incidentId("orders", "Orders 5xx in the logs B");
    post("/webhooks/elastic", kibana("elastic-query-active.json", "B"), KIBANA);
    await(id, s -> s.phase == Phase.MITIGATING);
    String otherGroup =
        kibana("elastic-query-active.json", "B")
            .replace("\"id\": \"query matched\"", "\"id\": \"eu-west-1\"");

    HttpResponse<String> response = post("/webhooks/elastic", otherGroup, KIBANA);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    IncidentState state = await(id, s -> s.alerts.size() == 2);
    assertThat(state.alerts).containsKey("elastic:" + ORDERS_RULE + "B:eu-west-1");
  }

  @Test
  void kibana_mlAnomaly_opensWithTheScoreAsSeverityAndTheAnomalyExplorerLink() {
    HttpResponse<String> response =
        post("/webhooks/elastic", kibana("elastic-ml-anomaly.json", "A"), KIBANA);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    IncidentState state =
        await(incidentId("search", "Search latency anomaly A"), s -> s.alerts.size() == 1);
    Alert alert = state.alerts.values().iterator().next();
    assertThat(alert.labels())
        .containsEntry("severity", "critical")
        .containsEntry("ml_anomaly_score", "91.27");
    assertThat(alert.annotations())
        .containsEntry("summary", "Search latency anomaly A")
        .containsEntry("ml_job_ids", "search-latency-high-mean");
    assertThat(alert.generatorUrl()).startsWith("https://kibana.example.com/app/ml/explorer");
    String minor = kibana("elastic-ml-anomaly.json", "B").replace("91.27", "31.5");
    post("/webhooks/elastic", minor, KIBANA);
    assertThat(
            await(incidentId("search", "Search latency anomaly B"), s -> s.alerts.size() == 1)
                .severity)
        .as("a minor anomaly (score below 50) has no user impact")
        .isEqualTo(Severity.P3);
  }

  @Test
  void kibana_wrongPasswordIs401_missingRuleNameIs422_malformedIs400_noServiceIs422() {
    String body = kibana("elastic-query-active.json", "C");

    problem(post("/webhooks/elastic", body, Http.basic("kibana", "wrong")), 401);
    problem(post("/webhooks/elastic", body, null), 401);
    JsonNode missing =
        problem(
            post(
                "/webhooks/elastic",
                body.replace("\"name\": \"Orders 5xx in the logs C\",", ""),
                KIBANA),
            422);
    problem(post("/webhooks/elastic", "{\"rule\": {\"id\": ", KIBANA), 400);
    JsonNode noService =
        problem(post("/webhooks/elastic", body.replace("service:orders,", ""), KIBANA), 422);

    assertThat(missing.get("field").asString()).isEqualTo("rule.name");
    assertThat(noService.get("field").asString()).isEqualTo("service");
    sleep(300);
    assertThat(exists(incidentId("orders", "Orders 5xx in the logs C"))).isFalse();
  }

  @Test
  void kibana_reasonOf5000Characters_isCut_ruleNameOf5000Is422() {
    String body =
        kibana("elastic-query-active.json", "D")
            .replace(
                "Document count is 412 in the last 5m in logs-orders-*. Alert when greater than"
                    + " 100.",
                "r".repeat(5000));

    HttpResponse<String> response = post("/webhooks/elastic", body, KIBANA);
    JsonNode longName =
        problem(
            post(
                "/webhooks/elastic",
                kibana("elastic-query-active.json", "D")
                    .replace("Orders 5xx in the logs D", "n".repeat(5000)),
                KIBANA),
            422);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    IncidentState state =
        await(incidentId("orders", "Orders 5xx in the logs D"), s -> s.alerts.size() == 1);
    assertThat(state.alerts.values().iterator().next().annotations().get("summary"))
        .hasSize(4096)
        .endsWith("…");
    assertThat(longName.get("detail").asString()).contains("5000 characters").hasSizeLessThan(300);
  }

  @Test
  void kibana_redelivery_isAnsweredAsADuplicateAndCountedOnce() {
    assertRedeliveryCountedOnce(
        "elastic",
        kibana("elastic-query-active.json", "E"),
        KIBANA,
        incidentId("orders", "Orders 5xx in the logs E"));
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
    return shifted(
        Http.payload(payload)
            .replace("Cart error rate above 5%", "Cart error rate above 5% " + suffix)
            .replace("\"7395071851437447843\"", "\"7395071851437447843" + suffix + "\""));
  }

  /** The stored payloads' epoch milliseconds (10:00 and 10:15 of their day) moved to yesterday. */
  private static String shifted(String body) {
    for (String ms : new String[] {"1795687200000", "1795688100000"}) {
      body = body.replace(ms, String.valueOf(Long.parseLong(ms) + SHIFT_MS));
    }
    return body;
  }

  /** The stored New Relic issue with its condition name and issue id made this test's own. */
  private static String newrelic(String payload, String suffix) {
    return shifted(
        Http.payload(payload)
            .replace("Checkout error percentage", "Checkout error percentage " + suffix)
            .replace(NR_ISSUE, NR_ISSUE + suffix));
  }

  /** The stored Kibana action body with its rule's name and id made this test's own. */
  private static String kibana(String payload, String suffix) {
    return Http.payload(payload)
        .replace("Orders 5xx in the logs", "Orders 5xx in the logs " + suffix)
        .replace("Search latency anomaly", "Search latency anomaly " + suffix)
        .replace(ORDERS_RULE, ORDERS_RULE + suffix);
  }

  /** Posts a delivery that opens incident {@code id}; answers its state once it is mitigating. */
  private IncidentState opens(String path, String body, String authorization, String id) {
    HttpResponse<String> response = post(path, body, authorization);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return await(id, s -> s.phase == Phase.MITIGATING);
  }

  /**
   * Delivers {@code body} to {@code /webhooks/{source}} twice: the second is answered as a
   * duplicate with the first's incidents, and the source's duplicates counter says exactly one.
   */
  private void assertRedeliveryCountedOnce(
      String source, String body, String authorization, String id) {
    HttpResponse<String> first = post("/webhooks/" + source, body, authorization);
    await(id, s -> s.alerts.size() == 1);

    HttpResponse<String> again = post("/webhooks/" + source, body, authorization);

    assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
    assertThat(json.readTree(first.body()).get("duplicate").asBoolean()).isFalse();
    assertThat(json.readTree(again.body()).get("duplicate").asBoolean()).isTrue();
    assertThat(json.readTree(again.body()).get("incidents"))
        .isEqualTo(json.readTree(first.body()).get("incidents"));
    assertThat(http.get("/actuator/prometheus").body())
        .containsPattern(
            "incident_alerts_duplicates_total\\{source=\"" + source + "\"\\} 1\\.0\\b");
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
