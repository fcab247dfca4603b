package io.incidentresponse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * incidentctl against a MockWebServer answering with bodies the starter really sent (recorded from
 * its integration tests into {@code src/test/resources/api}).
 */
class IncidentCtlTest {
  private static final String KEY = "alice-key-1f0c9e2b7a3d4e5f60718293a4b5c6d7";
  private static final String ID = "incident-checkout-declared-dd3a2e";

  private final MockWebServer server = new MockWebServer();

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Run incidentctl(String... args) {
    return incidentctlAt(server.url("/").toString(), args);
  }

  private static Run incidentctlAt(String url, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = IncidentCtl.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("--url", url, "--api-key", KEY));
    all.addAll(List.of(args));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  static String body(String name) {
    try (InputStream in = IncidentCtlTest.class.getResourceAsStream("/api/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("no recorded answer " + name, e);
    }
  }

  private void answer(int code, String name) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader(
                "Content-Type", code >= 400 ? "application/problem+json" : "application/json")
            .body(body(name))
            .build());
  }

  private RecordedRequest request() throws InterruptedException {
    return server.takeRequest(1, TimeUnit.SECONDS);
  }

  // ---- reading and output formats

  @Test
  void show_printsStateActionsAndTimeline_withTheApiKey() throws Exception {
    answer(200, "incident-state.json");

    Run run = incidentctl("show", ID);

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith(ID + "  P1 MITIGATING  checkout degraded");
    assertThat(run.out())
        .containsPattern("(?m)^rollback-1 +AWAITING_APPROVAL +HIGH +ROLLBACK shop/checkout$");
    assertThat(run.out()).containsPattern("(?m)^TIME +ACTOR +EVENT +ACTION TAKEN$");
    RecordedRequest request = request();
    assertThat(request.getTarget()).isEqualTo("/api/incidents/" + ID);
    assertThat(request.getHeaders().get("X-API-Key")).isEqualTo(KEY);
  }

  // ---- drills

  /**
   * The list's rows are {@code IncidentController.IncidentSummary} (the in-process test server has
   * no visibility, so this body is written in that shape rather than recorded).
   */
  @Test
  void list_marksDrillsIncidentsInTheDrillColumn_andShowsBothByDefault() throws Exception {
    answer(200, "incident-list.json");

    Run run = incidentctl("list");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("(?m)^ID +DRILL +SEVERITY +PHASE +SERVICE +ACK +STATUS +STARTED$")
        .containsPattern("(?m)^incident-checkout-drillerrors-5e1c0a +DRILL +P2 +MITIGATING ")
        .containsPattern("(?m)^incident-payments-paymentfailures-91a7d2 +- +P1 +INVESTIGATING ");
    assertThat(request().getTarget()).isEqualTo("/api/incidents?limit=100");
  }

  @ParameterizedTest
  @CsvSource({"--drills,drills=true", "--no-drills,drills=false"})
  void list_filtersDrillsIn_orOut(String option, String parameter) throws Exception {
    answer(200, "incident-list.json");

    Run run = incidentctl("list", option);

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(request().getTarget()).isEqualTo("/api/incidents?" + parameter + "&limit=100");
  }

  @Test
  void list_withBothDrillOptions_isAUsageError_andAsksNothing() {
    Run run = incidentctl("list", "--drills", "--no-drills");

    assertThat(run.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(run.err()).contains("mutually exclusive");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void show_ofADrillsIncident_saysItIsADrillAndWhatItSkips() {
    ObjectNode state = (ObjectNode) Json.read(body("incident-state.json"));
    state.put("drillId", "drill-checkout");
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(state.toString())
            .build());
    answer(200, "incident-state.json");

    Run drill = incidentctl("show", ID);
    Run real = incidentctl("show", ID);

    assertThat(drill.out())
        .startsWith(ID + "  P1 MITIGATING  [DRILL] checkout degraded")
        .contains(
            "drill        drill-checkout: no status page, no leadership notice, left out of the"
                + " metrics");
    assertThat(real.out()).doesNotContain("DRILL").doesNotContain("drill ");
  }

  @Test
  void show_listsWhoWasPagedHow_theContactsShared_andASecurityIncident() {
    ObjectNode state = (ObjectNode) Json.read(body("incident-state.json"));
    state.put("security", true);
    ObjectNode page = state.putArray("pages").addObject();
    page.put("level", 0).put("label", "primary-oncall").put("person", "Alice Smith");
    page.put("how", "rotation payments-primary").putArray("via").add("Slack DM").add("e-mail");
    ObjectNode shared = state.putArray("contactsShared").addObject();
    shared.put("by", "system").put("reason", "the diagnosis implicates aws");
    shared.putArray("contacts").add("AWS Support");
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(state.toString())
            .build());

    Run run = incidentctl("show", ID);

    assertThat(run.out())
        .contains("security     handled privately")
        .contains(
            "paged        0 primary-oncall: Alice Smith (rotation payments-primary) by Slack DM,"
                + " e-mail")
        .contains("contacts     AWS Support (the diagnosis implicates aws, by system)");
  }

  @Test
  void tableShortensLongCells_wideKeepsThemWhole_andAddsColumns() {
    answer(200, "incident-state.json");
    answer(200, "incident-state.json");
    String channel =
        Json.read(body("incident-state.json"))
            .get("timeline")
            .valueStream()
            .map(e -> e.get("event").asString())
            .filter(event -> event.startsWith("Incident channel #"))
            .findFirst()
            .orElseThrow();
    assertThat(channel.length()).isGreaterThan(Output.CELL);

    Run table = incidentctl("show", ID);
    Run wide = incidentctl("show", ID, "-o", "wide");

    assertThat(table.out()).doesNotContain(channel).contains(channel.substring(0, 59) + "…");
    assertThat(wide.out()).contains(channel).doesNotContain("…");
    assertThat(wide.out())
        .containsPattern("(?m)^ACTION +STATUS +RISK +WHAT +PROPOSED BY +DECIDED BY");
    assertThat(table.out()).doesNotContain("PROPOSED BY");
  }

  @Test
  void outputJson_printsTheAnswersJson_unchanged() {
    answer(200, "incident-state.json");
    answer(200, "incident-state.json");

    Run json = incidentctl("show", ID, "--output", "json");
    Run alias = incidentctl("--json", "show", ID);

    JsonNode expected = Json.read(body("incident-state.json"));
    assertThat(Json.read(json.out())).isEqualTo(expected);
    assertThat(Json.read(alias.out())).isEqualTo(expected);
  }

  @Test
  void approvals_listsThePendingActionWithTheRolesThatMayApproveIt() {
    answer(200, "incident-state.json");

    Run run = incidentctl("approvals", ID);

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern(
            "(?m)^rollback-1 +HIGH +ROLLBACK shop/checkout +approver-high\\|admin +-$");
  }

  @Test
  void postmortem_printsDocumentReviewAndItems() {
    answer(200, "postmortem-status.json");

    Run run = incidentctl("postmortem", "incident-payments-declared-700b65");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("document     postmortems/incident-payments-declared-700b65.md")
        .containsPattern("(?m)^AI-1 +OPEN +carol +2026-12-10 +Alert on pool saturation$");
  }

  // ---- what is sent

  @Test
  void signal_withoutAs_leavesThePersonToTheServer_withAs_statesIt() throws Exception {
    answer(202, "signal-accepted.json");
    answer(202, "signal-accepted.json");

    Run plain = incidentctl("note", ID, "EU", "customers", "only");
    Run as = incidentctl("note", ID, "x", "--as", "alice");

    assertThat(plain.exit()).as(plain.err()).isZero();
    assertThat(plain.out()).isEqualTo("sent addNote to " + ID + "\n");
    RecordedRequest first = request();
    assertThat(first.getMethod()).isEqualTo("POST");
    assertThat(first.getTarget()).isEqualTo("/api/incidents/" + ID + "/signals/addNote");
    assertThat(Json.read(first.getBody().utf8()))
        .isEqualTo(Json.object().put("text", "EU customers only"));
    assertThat(Json.read(request().getBody().utf8()).get("by").asString()).isEqualTo("alice");
    assertThat(as.exit()).isZero();
  }

  @Test
  void contacts_sendsShareContactsWithEachTopic_andWithoutTopicsAsksForAll() throws Exception {
    answer(202, "signal-accepted.json");
    answer(202, "signal-accepted.json");

    Run some = incidentctl("contacts", ID, "--topic", "aws", "--topic", "cdn");
    Run all = incidentctl("contacts", ID);

    assertThat(some.exit()).as(some.err()).isZero();
    RecordedRequest first = request();
    assertThat(first.getTarget()).isEqualTo("/api/incidents/" + ID + "/signals/shareContacts");
    assertThat(Json.read(first.getBody().utf8()).get("topics").toString())
        .isEqualTo("[\"aws\",\"cdn\"]");
    assertThat(all.exit()).as(all.err()).isZero();
    assertThat(Json.read(request().getBody().utf8()).has("topics")).isFalse();
  }

  @Test
  void request_sendsTypeTargetParametersAndRisk() throws Exception {
    answer(202, "signal-accepted.json");

    Run run =
        incidentctl(
            "request",
            ID,
            "scale",
            "checkout",
            "--namespace",
            "shop",
            "--param",
            "replicas=10",
            "--risk",
            "medium",
            "--reason",
            "saturated");

    assertThat(run.exit()).as(run.err()).isZero();
    ObjectNode expected = Json.object();
    expected.put("type", "SCALE").put("target", "checkout").put("namespace", "shop");
    expected.putObject("parameters").put("replicas", "10");
    expected.put("risk", "MEDIUM").put("reason", "saturated");
    RecordedRequest request = request();
    assertThat(request.getTarget()).isEqualTo("/api/incidents/" + ID + "/signals/requestAction");
    assertThat(Json.read(request.getBody().utf8())).isEqualTo(expected);
  }

  /**
   * The body is {@code ActionItemsController.ActionItemList} (its IT answers from a stand-in store
   * that neither filters nor pages, so this one is written in that shape, with an overdue row and a
   * next page, rather than recorded).
   */
  @Test
  void itemsList_withoutAnId_listsAcrossIncidents_markingOverdue_andSaysWhereTheNextPageIs()
      throws Exception {
    answer(200, "action-item-list.json");

    Run run = incidentctl("items", "list", "--owner", "carol", "--limit", "2");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("(?m)^INCIDENT +SERVICE +ITEM +KIND +STATUS +OWNER +DUE +ACTION$")
        .containsPattern(
            "(?m)^incident-checkout-declared-dd3a2e +checkout +AI-2 +MONITORING +IN_PROGRESS"
                + " +carol +2026-11-20 \\(overdue\\) +Alert on connection pool saturation$")
        .containsPattern(
            "(?m)^incident-payments-paymentfailures-91a7d2 +payments +AI-1 +RUNBOOK_UPDATE +OPEN"
                + " +carol +2026-12-10 +Add the failover step to the runbook$");
    assertThat(run.err()).contains("--offset 2");
    assertThat(request().getTarget()).isEqualTo("/api/action-items?owner=carol&limit=2");
  }

  @Test
  void itemsList_sendsEveryFilter_andWideAddsLinkAndSection() throws Exception {
    answer(200, "action-item-list.json");

    Run run =
        incidentctl(
            "-o",
            "wide",
            "items",
            "list",
            "--mine",
            "--overdue",
            "--service",
            "checkout",
            "--status",
            "open,in_progress",
            "--kind",
            "process",
            "--offset",
            "50");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("TITLE")
        .contains("https://github.com/acme/runbook/pull/7  Mitigation / Database");
    assertThat(request().getTarget())
        .isEqualTo(
            "/api/action-items?mine=true&overdue=true&service=checkout"
                + "&status=open%2Cin_progress&kind=process&offset=50");
  }

  @Test
  void itemsList_withAnIdAndAFilter_orMineAndOwner_isAUsageError_andAsksNothing() {
    Run withId = incidentctl("items", "list", ID, "--overdue");
    Run both = incidentctl("items", "list", "--mine", "--owner", "carol");

    assertThat(withId.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(withId.err()).contains("leave out ID");
    assertThat(both.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void itemsList_json_printsTheAnswerUnchanged() {
    answer(200, "action-item-list.json");

    Run run = incidentctl("--json", "items", "list");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(Json.read(run.out())).isEqualTo(Json.read(body("action-item-list.json")));
  }

  @Test
  void itemsAdd_postsTheItem_andPrintsIt() throws Exception {
    answer(200, "action-item-added.json");

    Run run =
        incidentctl(
            "items",
            "add",
            ID,
            "Alert",
            "on",
            "pool",
            "saturation",
            "--owner",
            "carol",
            "--due",
            "2026-12-10");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("(?m)^AI-1 +OPEN +carol +2026-12-10 +Alert on pool saturation$");
    RecordedRequest request = request();
    assertThat(request.getTarget()).isEqualTo("/api/incidents/" + ID + "/postmortem/action-items");
    assertThat(Json.read(request.getBody().utf8()))
        .isEqualTo(
            Json.object()
                .put("action", "Alert on pool saturation")
                .put("owner", "carol")
                .put("dueDate", "2026-12-10"));
  }

  @Test
  void itemsUpdate_dropsWithAReasonAndSetsKindLinkAndSection() throws Exception {
    answer(200, "action-item-added.json");

    Run run =
        incidentctl(
            "items",
            "update",
            ID,
            "AI-1",
            "--status",
            "WONT_DO",
            "--reason",
            "covered by the load tests",
            "--kind",
            "RUNBOOK_UPDATE",
            "--link",
            "https://github.com/acme/runbook/pull/7",
            "--section",
            "Mitigation / Database");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(Json.read(request().getBody().utf8()))
        .isEqualTo(
            Json.object()
                .put("id", "AI-1")
                .put("status", "WONT_DO")
                .put("reason", "covered by the load tests")
                .put("kind", "RUNBOOK_UPDATE")
                .put("link", "https://github.com/acme/runbook/pull/7")
                .put("runbookSection", "Mitigation / Database"));
  }

  @Test
  void aPostWhoseConnectionDropsBeforeTheAnswer_isNotSentAgain() {
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    answer(202, "signal-accepted.json");

    Run run = incidentctl("ack", ID);

    assertThat(run.exit()).isEqualTo(ExitCode.UNREACHABLE.code());
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  // ---- exit codes, with the problem's detail on stderr

  @ParameterizedTest(name = "{1} {0} exits {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "problem-401.json|401|REFUSED|this API needs credentials",
        "problem-403-by.json|403|REFUSED|by names somebody else: you are bob",
        "problem-403-role.json|403|REFUSED|this needs the role commander",
        "problem-404.json|404|NOT_FOUND|no running or recorded incident incident-nobody",
        "problem-422-approve.json|422|BAD_INPUT|no action 'rollback-9'",
        "problem-501-list.json|501|NOT_SUPPORTED|this Temporal server has no visibility queries"
      })
  void problem_exitsWithItsCode_andPrintsTheDetail(
      String body, int status, ExitCode exit, String detail) {
    answer(status, body);

    Run run = incidentctl("show", ID);

    assertThat(run.exit()).isEqualTo(exit.code());
    assertThat(run.err()).startsWith("error: HTTP " + status + ": ").contains(detail);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void problemNamingTheField_printsTheFieldAndAHint() {
    answer(403, "problem-403-by.json");

    Run run = incidentctl("ack", ID, "--as", "alice");

    assertThat(run.err())
        .contains("(field: by)")
        .contains("hint: --as (or INCIDENTCTL_USER) names somebody other than your credential");
  }

  @ParameterizedTest(name = "HTTP {0} from a gateway exits {1}")
  @CsvSource({"502, UNREACHABLE", "503, UNREACHABLE", "504, UNREACHABLE", "500, SERVER_ERROR"})
  void gatewayPages_withoutJson_exitWithTheStatusCode(int status, ExitCode exit) {
    server.enqueue(
        new MockResponse.Builder()
            .code(status)
            .addHeader("Content-Type", "text/html")
            .body("<html><body><h1>" + status + " Bad Gateway</h1></body></html>")
            .build());

    Run run = incidentctl("show", ID);

    assertThat(run.exit()).isEqualTo(exit.code());
    assertThat(run.err()).contains("HTTP " + status).contains("Bad Gateway");
  }

  @Test
  void noAnswerWithinTheTimeout_exitsUnreachable() {
    server.enqueue(
        new MockResponse.Builder()
            .headersDelay(3, TimeUnit.SECONDS)
            .body(body("incident-state.json"))
            .build());

    Run run = incidentctl("--timeout", "1", "show", ID);

    assertThat(run.exit()).isEqualTo(ExitCode.UNREACHABLE.code());
    assertThat(run.err()).contains("no answer within 1 s");
  }

  @Test
  void connectionRefused_exitsUnreachable() throws Exception {
    String url = server.url("/").toString();
    server.close();

    Run run = incidentctlAt(url, "show", ID);

    assertThat(run.exit()).isEqualTo(ExitCode.UNREACHABLE.code());
    assertThat(run.err()).contains("connection refused");
  }

  @Test
  void usageErrors_exit64_andSayWhereHelpIs() {
    Run unknown = incidentctl("shwo", ID);
    Run missing = incidentctl("impact", ID);
    Run badEnum = incidentctl("severity", ID, "P9");

    assertThat(List.of(unknown.exit(), missing.exit(), badEnum.exit()))
        .containsOnly(ExitCode.USAGE.code());
    assertThat(unknown.err()).contains("Did you mean: incidentctl show");
    assertThat(missing.err()).contains("--users").contains("incidentctl impact --help");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void theHelpAUsageErrorPointsTo_worksOnEverySubcommand() {
    Run show = incidentctl("show", "--help");
    Run add = incidentctl("items", "add", "--help");
    Run enable = incidentctl("maintenance", "enable", "--help");

    assertThat(List.of(show.exit(), add.exit(), enable.exit())).containsOnly(0);
    assertThat(show.out()).startsWith("Usage: incidentctl show ");
    assertThat(add.out()).startsWith("Usage: incidentctl items add ");
    assertThat(enable.out()).startsWith("Usage: incidentctl maintenance enable ").contains("--for");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void anApiKeyWithALineBreak_isAUsageError_andNotPrinted() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = IncidentCtl.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    int exit =
        cli.execute(
            "--url", server.url("/").toString(), "--api-key", "s3cret\r\nX-Evil: 1", "show", ID);

    assertThat(exit).isEqualTo(ExitCode.USAGE.code());
    assertThat(err.toString()).contains("cannot carry").doesNotContain("s3cret");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aRefusedApproval_exitsRefused_withTheIncidentsReason() {
    answer(200, "approval-refused.json");

    Run run = incidentctl("approve", ID, "rollback-1");

    assertThat(run.exit()).isEqualTo(ExitCode.REFUSED.code());
    assertThat(run.err())
        .contains("refused to approve rollback-1")
        .contains("the requester of an action may not approve it");
  }

  @Test
  void anAcceptedApproval_exitsDone() {
    answer(200, "approval-accepted.json");

    Run run = incidentctl("approve", ID, "rollback-1");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("approved rollback-1: approved; it runs once\n");
  }

  // ---- watch

  @Test
  void watch_printsEachEntryOnce_andEndsWhenTheIncidentCloses() {
    ObjectNode open = (ObjectNode) Json.read(body("incident-state.json"));
    ObjectNode closed = open.deepCopy();
    closed.put("phase", "CLOSED").put("closedAt", "2026-11-29T23:30:00Z");
    ((tools.jackson.databind.node.ArrayNode) closed.get("timeline"))
        .add(
            Json.object()
                .put("at", "2026-11-29T23:30:00Z")
                .put("actor", "system")
                .put("event", "Incident closed")
                .put("actionTaken", ""));
    server.enqueue(new MockResponse.Builder().code(200).body(Json.write(open)).build());
    server.enqueue(new MockResponse.Builder().code(200).body(Json.write(closed)).build());

    Run run = incidentctl("watch", ID, "--interval", "1");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).containsOnlyOnce("Note: EU customers only");
    assertThat(run.out()).containsOnlyOnce("Incident closed");
    assertThat(run.out()).endsWith(ID + " is CLOSED\n");
  }

  @Test
  void completion_coversCommandsAndTheirValues() {
    Run run = incidentctl("completion");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("complete -F _complete_incidentctl")
        .contains("postmortem")
        .contains("ROLLBACK")
        .contains("INCIDENT_COMMANDER");
  }

  // ---- health

  @Test
  void health_givenAnUnhealthyService_printsEveryCheckAndExitsUnhealthy() throws Exception {
    answer(200, "health-check-unhealthy.json");

    Run run = incidentctl("health", "shop-api", "down-cart", "unknown-search");

    assertThat(run.exit()).isEqualTo(ExitCode.UNHEALTHY.code()).isEqualTo(10);
    assertThat(run.out())
        .contains("SERVICE")
        .containsPattern("down-cart\\s+up\\s+UNHEALTHY\\s+0 < 1")
        .containsPattern("unknown-search\\s+rollout\\s+UNKNOWN\\s+could not look: stand-in")
        .contains("UNHEALTHY (health-check-");
    RecordedRequest sent = request();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/api/health-checks");
    assertThat(Json.read(sent.getBody().utf8()).get("services").toString())
        .isEqualTo("[\"shop-api\",\"down-cart\",\"unknown-search\"]");
  }

  @Test
  void health_givenOnlyUnknownBesidesHealthy_exitsUnknownNotDone() {
    answer(200, "health-check-unknown.json");

    Run run = incidentctl("health");

    assertThat(run.exit()).isEqualTo(ExitCode.HEALTH_UNKNOWN.code()).isEqualTo(11);
  }

  @Test
  void health_givenAllHealthy_exitsDone_andSendsNoServicesForAll() throws Exception {
    answer(200, "health-check-healthy.json");

    Run run = incidentctl("health", "--json");

    assertThat(run.exit()).isZero();
    assertThat(Json.read(run.out()).get("report").get("status").asString()).isEqualTo("HEALTHY");
    assertThat(request().getBody().utf8()).isEqualTo("{}");
  }

  @Test
  void health_givenNoServiceConfigured_exitsBadInputWithTheServersReason() {
    answer(422, "problem-422-health.json");

    Run run = incidentctl("health");

    assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(run.err()).contains("services");
  }

  // ---- on call

  @Test
  void oncall_printsEachRotationWithItsShiftAndNext_andSendsTeamAndAt() throws Exception {
    answer(200, "oncall-payments.json");

    Run run = incidentctl("oncall", "--team", "payments", "--at", "2026-12-24T20:00:00Z");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .containsPattern(
            "payments\\s+payments-primary\\s+Alice Example \\(alice\\)\\s+2026-12-24T00:00:00Z"
                + "\\s+2026-12-25T00:00:00Z\\s+Bob Example \\(bob\\)\\s+rotation")
        .contains("at 2026-12-24T20:00:00Z (oncall-lookup-");
    RecordedRequest sent = request();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/api/oncall");
    assertThat(sent.getUrl().queryParameter("team")).isEqualTo("payments");
    assertThat(sent.getUrl().queryParameter("at")).isEqualTo("2026-12-24T20:00:00Z");
  }

  @Test
  void oncall_withoutOptions_asksForEveryTeamNow_andJsonIsTheAnswer() throws Exception {
    answer(200, "oncall-payments.json");

    Run run = incidentctl("oncall", "--json");

    assertThat(Json.read(run.out()).get("shifts").get(0).get("person").get("id").asString())
        .isEqualTo("alice");
    assertThat(request().getUrl().encodedQuery()).isNull();
  }

  @Test
  void oncall_unknownTeam_exitsNotFoundNamingTheTeam() {
    answer(404, "problem-404-oncall.json");

    Run run = incidentctl("oncall", "--team", "nosuchteam");

    assertThat(run.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(run.err()).contains("no team nosuchteam in the roster");
  }

  // ---- operations outside an incident

  @Test
  void rollback_sendsTheServiceAndRevision_andPrintsTheOperationToApprove() throws Exception {
    answer(201, "operation-started.json");

    Run run = incidentctl("rollback", "checkout", "41", "--reason", "bad deploy");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("operation operation-search-ca4f27 started")
        .contains("incidentctl operation show operation-search-ca4f27");
    RecordedRequest sent = request();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/api/operations");
    JsonNode body = Json.read(sent.getBody().utf8());
    assertThat(body.get("type").asString()).isEqualTo("rollback");
    assertThat(body.get("service").asString()).isEqualTo("checkout");
    assertThat(body.get("revision").asString()).isEqualTo("41");
    assertThat(body.get("reason").asString()).isEqualTo("bad deploy");
  }

  @Test
  void scale_sendsReplicasAsANumber() throws Exception {
    answer(201, "operation-started.json");

    Run run = incidentctl("scale", "checkout", "6");

    assertThat(run.exit()).isZero();
    JsonNode body = Json.read(request().getBody().utf8());
    assertThat(body.get("type").asString()).isEqualTo("scale");
    assertThat(body.get("replicas").isInt()).isTrue();
    assertThat(body.get("replicas").asInt()).isEqualTo(6);
  }

  @Test
  void scale_withReplicasNotANumber_isAUsageErrorAndSendsNothing() {
    Run run = incidentctl("scale", "checkout", "six");

    assertThat(run.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void operationApprove_refusedForTheRequester_exitsRefusedWithTheReason() throws Exception {
    answer(200, "operation-approval-refused.json");

    Run run = incidentctl("operation", "approve", "operation-checkout-afd95a");

    assertThat(run.exit()).isEqualTo(ExitCode.REFUSED.code());
    assertThat(run.err()).contains("the requester of an action may not approve it");
    assertThat(request().getUrl().encodedPath())
        .isEqualTo("/api/operations/operation-checkout-afd95a/approve");
  }

  @Test
  void operationApprove_accepted_exitsDone() {
    answer(200, "operation-approval-accepted.json");

    Run run = incidentctl("operation", "approve", "operation-checkout-afd95a", "--comment", "go");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("approve operation-checkout-afd95a: approved");
  }

  @Test
  void operationShow_printsStatusRequesterApproverAndTimeline() {
    answer(200, "operation-state.json");

    Run run = incidentctl("operation", "show", "operation-checkout-afd95a");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("SUCCEEDED")
        .contains("ROLLBACK (HIGH risk)")
        .contains("requested by carol, decided by alice")
        .contains("ACTION TAKEN")
        .contains("rollback-1 succeeded");
  }
}
