package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.cli.ExitCode;
import io.incidentresponse.workflows.incident.IncidentState;
import io.incidentresponse.workflows.incident.Phase;
import io.incidentresponse.workflows.incident.Role;
import io.incidentresponse.workflows.incident.Severity;
import io.incidentresponse.workflows.mitigation.ActionStatus;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import io.incidentresponse.workflows.postmortem.PostmortemWorkflow;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** incidentctl (the cli module) against the running starter and its Temporal test server. */
class IncidentCtlIT extends StarterIT {

  /** incidentctl with alice's API key (admin). */
  private Incidentctl.Run incidentctl(String... args) {
    return incidentctlWith(TestKeys.ALICE, args);
  }

  /** incidentctl with {@code apiKey}, or no credential when it is null. */
  private Incidentctl.Run incidentctlWith(String apiKey, String... args) {
    return Incidentctl.run("http://127.0.0.1:" + port, apiKey, args);
  }

  // ---- reading

  @Test
  void show_printsTheIncidentAndAnAlignedTimeline() {
    String id = declare("ctl-show", "P1");

    Incidentctl.Run run = incidentctl("show", id);

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith(id + "  P1 MITIGATING  ctl-show degraded");
    assertThat(run.out()).containsPattern("(?m)^TIME +ACTOR +EVENT +ACTION TAKEN$");
    assertThat(run.out()).contains("Incident opened from 1 alert(s): ctl-show degraded");
  }

  @Test
  void outputJson_asAnOptionOfTheSubcommandOrTheOldJsonFlag_printsTheApisJson() {
    String id = declare("ctl-json", "P1");

    Incidentctl.Run output = incidentctl("show", id, "-o", "json");
    Incidentctl.Run alias = incidentctl("--json", "show", id);

    assertThat(output.exit()).as(output.err()).isZero();
    assertThat(json.readTree(output.out()).get("incidentId").asString()).isEqualTo(id);
    assertThat(json.readTree(alias.out()).get("severity").asString()).isEqualTo("P1");
  }

  @Test
  void show_ofNoSuchIncident_exitsNotFound() {
    Incidentctl.Run run = incidentctl("show", "incident-nobody-ever-declared");

    assertThat(run.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(run.err()).contains("HTTP 404").contains("incident-nobody-ever-declared");
  }

  @Test
  void list_onATemporalWithoutVisibility_exitsNotSupported_notUnreachable() {
    Incidentctl.Run run = incidentctl("list", "--open");

    assertThat(run.exit()).isEqualTo(ExitCode.NOT_SUPPORTED.code());
    assertThat(run.err()).contains("no visibility queries");
  }

  @Test
  void unreachableApi_exitsUnreachable() {
    Incidentctl.Run run = Incidentctl.run("http://127.0.0.1:9", TestKeys.ALICE, "show", "x");

    assertThat(run.exit()).isEqualTo(ExitCode.UNREACHABLE.code());
    assertThat(run.err()).contains("cannot reach http://127.0.0.1:9");
  }

  @Test
  void unknownOption_exitsUsage_notTheUnreachableCode() {
    Incidentctl.Run run = incidentctl("show", "--colour", "x");

    assertThat(run.exit()).isEqualTo(ExitCode.USAGE.code()).isNotEqualTo(2);
    assertThat(run.err()).contains("--colour").contains("incidentctl show --help");
  }

  // ---- who may

  @Test
  void withoutCredentials_exitsRefusedAndSaysWhatToSet() {
    Incidentctl.Run run = incidentctlWith(null, "show", "incident-x");

    assertThat(run.exit()).isEqualTo(ExitCode.REFUSED.code());
    assertThat(run.err()).contains("this API needs credentials").contains("INCIDENT_API_KEY");
  }

  @Test
  void asSomebodyElse_printsTheRefusalAndWhatToDo_andNothingIsSent() {
    String id = declare("ctl-as-other", "P1");

    Incidentctl.Run run = incidentctlWith(TestKeys.BOB, "ack", id, "--as", "alice");
    Incidentctl.Run resolve = incidentctlWith(TestKeys.BOB, "resolve", id);

    assertThat(run.exit()).isEqualTo(ExitCode.REFUSED.code());
    assertThat(run.err()).contains("by names somebody else: you are bob").contains("leave it out");
    assertThat(resolve.exit()).isEqualTo(ExitCode.REFUSED.code());
    assertThat(resolve.err()).contains("needs the role commander").contains("ask an admin");
    assertThat(incident(id).state().acknowledged()).isFalse();
  }

  // ---- person signals

  @Test
  void ack_acknowledgesAsThePersonOfTheApiKey() {
    String id = declare("ctl-ack", "P1");

    Incidentctl.Run run = incidentctlWith(TestKeys.CAROL, "ack", id, "--note", "on it");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("sent acknowledge to " + id);
    IncidentState state = await(id, IncidentState::acknowledged);
    assertThat(state.acknowledgedBy).isEqualTo("carol");
  }

  @Test
  void declare_opensAnIncidentAndPrintsItsId() {
    Incidentctl.Run run =
        incidentctlWith(
            TestKeys.BOB,
            "declare",
            "--title",
            "ctl-declared slow",
            "--service",
            "ctl-declared",
            "--severity",
            "p2");

    assertThat(run.exit()).as(run.err()).isZero();
    String id = incidentId("ctl-declared", "Declared");
    assertThat(run.out()).contains("declared " + id);
    assertThat(await(id, s -> s.severity != null).severity).isEqualTo(Severity.P2);
  }

  @Test
  void note_severity_role_mitigated_reachTheIncident() {
    String id = declare("ctl-signals", "P1");

    Incidentctl.Run note = incidentctlWith(TestKeys.BOB, "note", id, "EU", "customers", "only");
    Incidentctl.Run severity = incidentctl("severity", id, "P2", "--reason", "EU only");
    Incidentctl.Run role = incidentctl("role", id, "SCRIBE", "bob");
    Incidentctl.Run mitigated = incidentctlWith(TestKeys.BOB, "mitigated", id, "--note", "scaled");

    assertThat(note.exit()).as(note.err()).isZero();
    assertThat(severity.exit()).as(severity.err()).isZero();
    assertThat(role.exit()).as(role.err()).isZero();
    assertThat(mitigated.exit()).as(mitigated.err()).isZero();
    IncidentState state =
        await(
            id,
            s ->
                s.severity == Severity.P2
                    && "bob".equals(s.roles.get(Role.SCRIBE))
                    && s.mitigatedAt != null);
    assertThat(state.timeline).anyMatch(e -> e.event().equals("Note: EU customers only"));
  }

  @Test
  void impact_recordsTheUsersAffected() {
    String id = declare("ctl-impact", "P1");

    Incidentctl.Run run =
        incidentctlWith(
            TestKeys.BOB, "impact", id, "--as", "bob", "--users", "1200", "--note", "5xx logs");

    assertThat(run.exit()).as(run.err()).isZero();
    IncidentState state = await(id, s -> s.usersAffected != null);
    assertThat(state.usersAffected).isEqualTo(1200L);
    assertThat(state.usersAffectedSource).isEqualTo("recorded by bob");
  }

  // ---- actions and approvals

  @Test
  void request_approvals_approve_theActionWaitsThenRunsOnce() {
    String id = declare("ctl-approve", "P1");

    Incidentctl.Run request =
        incidentctlWith(
            TestKeys.BOB,
            "request",
            id,
            "ROLLBACK",
            "ctl-approve",
            "--namespace",
            "shop",
            "--reason",
            "bad deploy");
    IncidentState waiting = await(id, s -> !s.pendingApprovals().isEmpty());
    String action = waiting.pendingApprovals().get(0).id();
    Incidentctl.Run approvals = incidentctl("approvals", id);
    Incidentctl.Run byBob = incidentctlWith(TestKeys.BOB, "approve", id, action);
    Incidentctl.Run byAlice = incidentctl("approve", id, action, "--comment", "go");

    assertThat(request.exit()).as(request.err()).isZero();
    assertThat(approvals.out())
        .containsPattern("(?m)^ACTION +RISK +WHAT +MAY APPROVE +APPROVED BY$")
        .containsPattern(
            "(?m)^" + action + " +HIGH +ROLLBACK shop/ctl-approve +approver-high\\|admin +-$");
    assertThat(byBob.exit()).isEqualTo(ExitCode.REFUSED.code());
    assertThat(byAlice.exit()).as(byAlice.err()).isZero();
    assertThat(byAlice.out()).contains("approved " + action);
    assertThat(await(id, s -> s.pendingApprovals().isEmpty()).actions.get(0).status())
        .isNotEqualTo(ActionStatus.AWAITING_APPROVAL)
        .isNotEqualTo(ActionStatus.REJECTED);
  }

  @Test
  void approve_ofAnUnknownAction_exitsBadInputWithTheIncidentsReason() {
    String id = declare("ctl-refuse", "P1");

    Incidentctl.Run run = incidentctl("approve", id, "rollback-9", "--as", "alice");

    assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(run.err()).contains("no action 'rollback-9'");
  }

  @Test
  void reject_ofAnUnknownAction_exitsBadInputLikeApprove_andTheIncidentRecordsNothing() {
    String id = declare("ctl-reject-unknown", "P1");

    Incidentctl.Run run = incidentctl("reject", id, "rollback-9", "--reason", "no");

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(run.err()).contains("no action 'rollback-9'").contains("(field: actionId)");
    assertThat(run.out()).isEmpty();
    sleep(300);
    assertThat(await(id, s -> true).timeline).noneMatch(e -> e.event().contains("rollback-9"));
  }

  @Test
  void reject_ofAWaitingAction_recordsWhoAndWhy_andNothingRuns() {
    String id = declare("ctl-reject", "P1");
    incidentctlWith(TestKeys.BOB, "request", id, "ROLLBACK", "ctl-reject", "--namespace", "shop");
    String action = await(id, s -> !s.pendingApprovals().isEmpty()).pendingApprovals().get(0).id();

    Incidentctl.Run run =
        incidentctl("reject", id, action, "--reason", "the deploy only changed docs");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("sent reject to " + id);
    IncidentState state = await(id, s -> s.pendingApprovals().isEmpty());
    assertThat(state.actions.get(0).status()).isEqualTo(ActionStatus.REJECTED);
    assertThat(state.actions.get(0).decidedBy()).isEqualTo("alice");
    assertThat(state.actions.get(0).outcome()).isEqualTo("the deploy only changed docs");
    assertThat(state.timeline)
        .anyMatch(
            e ->
                e.actor().equals("alice")
                    && e.event().startsWith("Rejected " + action)
                    && e.actionTaken().equals("the deploy only changed docs"));
    assertThat(state.actionsRun).isZero();
  }

  @Test
  void resolve_resolvesTheIncidentAsThePersonOfTheKey() {
    String id = declare("ctl-resolve", "P2");

    Incidentctl.Run run = incidentctl("resolve", id, "--note", "fixed upstream");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("sent resolve to " + id);
    IncidentState state = await(id, s -> s.phase.isOver());
    assertThat(state.resolvedAt).isNotNull();
    assertThat(state.timeline)
        .anyMatch(
            e ->
                e.actor().equals("alice")
                    && e.event().equals("Resolved by alice")
                    && e.actionTaken().equals("fixed upstream"));
  }

  @Test
  void rejectAndResolve_ofNoSuchIncident_exitNotFoundNamingIt_andStartNothing() {
    String id = "incident-nobody-ever-declared-either";

    Incidentctl.Run reject = incidentctl("reject", id, "rollback-1", "--reason", "no");
    Incidentctl.Run resolve = incidentctl("resolve", id);

    for (Incidentctl.Run run : java.util.List.of(reject, resolve)) {
      assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.NOT_FOUND.code());
      assertThat(run.err()).contains("HTTP 404").contains(id);
      assertThat(run.out()).isEmpty();
    }
    assertThat(exists(id)).isFalse();
  }

  // ---- closure, postmortem, action items

  @Test
  void mitigated_thenReopen_theIncidentGoesBackToMitigation() {
    String id = declare("ctl-reopen", "P1");

    Incidentctl.Run mitigated = incidentctl("mitigated", id, "--note", "rolled back");
    await(id, s -> s.phase == Phase.MONITORING);
    Incidentctl.Run reopen = incidentctl("reopen", id, "--reason", "errors are back");

    assertThat(mitigated.exit()).as(mitigated.err()).isZero();
    assertThat(reopen.exit()).as(reopen.err()).isZero();
    assertThat(await(id, s -> s.reopenCount > 0).reopenCount).isEqualTo(1);
  }

  @Test
  void postmortem_beforeTheIncidentClosed_exitsNotFoundAndSaysWhen() {
    String id = declare("ctl-no-postmortem", "P1");

    Incidentctl.Run run = incidentctl("postmortem", id);

    assertThat(run.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(run.err()).contains("no postmortem yet").contains("(field: id)");
  }

  @Test
  void postmortemAndItems_addUpdateList_changeThePostmortem() {
    String id = closedWithPostmortem("ctl-items");

    Incidentctl.Run added =
        incidentctlWith(
            TestKeys.BOB,
            "items",
            "add",
            id,
            "Alert",
            "on",
            "pool",
            "saturation",
            "--owner",
            "carol",
            "--due",
            "2026-12-10");
    Incidentctl.Run updated =
        incidentctlWith(TestKeys.CAROL, "items", "update", id, "AI-1", "--status", "in_progress");
    Incidentctl.Run unknown = incidentctl("items", "update", id, "AI-9", "--status", "DONE");
    Incidentctl.Run list = incidentctl("items", "list", id);
    Incidentctl.Run postmortem = incidentctl("postmortem", id);

    assertThat(added.exit()).as(added.err()).isZero();
    assertThat(added.out())
        .containsPattern("(?m)^AI-1 +OPEN +carol +2026-12-10 +Alert on pool saturation$");
    assertThat(updated.exit()).as(updated.err()).isZero();
    assertThat(unknown.exit()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(unknown.err()).contains("AI-9");
    assertThat(list.out()).containsPattern("(?m)^AI-1 +IN_PROGRESS +carol +2026-12-10 ");
    assertThat(postmortem.exit()).as(postmortem.err()).isZero();
    assertThat(postmortem.out())
        .contains("postmortem of " + id)
        .contains("postmortems/" + id + ".md");
    String postmortemId = incident(id).state().postmortemWorkflowId;
    assertThat(
            client.newWorkflowStub(PostmortemWorkflow.class, postmortemId).status().actionItems())
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.status()).isEqualTo(ActionItemStatus.IN_PROGRESS);
              assertThat(item.updatedBy()).isEqualTo("carol");
            });
  }

  @Test
  void watch_printsNewTimelineEntries_andEndsWhenTheIncidentCloses() throws Exception {
    String id = declare("ctl-watch", "P2");

    CompletableFuture<Incidentctl.Run> watch =
        CompletableFuture.supplyAsync(() -> incidentctl("watch", id, "--interval", "1"));
    Thread.sleep(1500);
    incidentctl("note", id, "watching", "this");
    incidentctl("resolve", id, "--note", "fixed");
    incidentctl("impact", id, "--users", "3");
    Incidentctl.Run run = watch.get(60, TimeUnit.SECONDS);

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("Incident opened from 1 alert(s)");
    assertThat(run.out()).contains("Note: watching this");
    assertThat(run.out()).containsOnlyOnce("Note: watching this");
    assertThat(run.out()).contains(id + " is " + Phase.CLOSED);
  }

  @Test
  void completion_printsABashScriptForEveryCommand() {
    Incidentctl.Run run = incidentctlWith(null, "completion");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("complete -F").contains("approvals").contains("postmortem");
  }

  @Test
  void postmortemOverRest_isReadable_asJson() {
    String id = closedWithPostmortem("ctl-pm-json");

    Incidentctl.Run run = incidentctl("postmortem", id, "-o", "json");

    JsonNode status = json.readTree(run.out());
    assertThat(status.get("incidentId").asString()).isEqualTo(id);
    assertThat(status.get("document").get("location").asString()).endsWith(id + ".md");
  }
}
