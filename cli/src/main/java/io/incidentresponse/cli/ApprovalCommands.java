package io.incidentresponse.cli;

import io.incidentresponse.workflows.identity.AccessRole;
import io.incidentresponse.workflows.incident.IncidentSignals;
import io.incidentresponse.workflows.mitigation.RiskClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The actions waiting for a decision, and approving one with the incident's answer. */
final class ApprovalCommands {
  static final String AWAITING_APPROVAL = "AWAITING_APPROVAL";

  private ApprovalCommands() {}

  @Command(
      name = "approvals",
      description =
          "The actions waiting for approval: risk, the role that may approve, approvals so far.")
  static class Approvals extends CtlCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      JsonNode state = api().get(Api.incident(id));
      ArrayNode pending = Json.array();
      for (JsonNode action : state.path("actions")) {
        if (AWAITING_APPROVAL.equals(action.path("status").asString(""))) {
          pending.add(action);
        }
      }
      Output output = output();
      if (output.json()) {
        output.print(pending);
        return ExitCode.DONE.code();
      }
      if (pending.isEmpty()) {
        output.out().println("no action waits for approval on " + id);
        output.out().flush();
        return ExitCode.DONE.code();
      }
      List<List<String>> rows = new ArrayList<>();
      List<String> header =
          new ArrayList<>(List.of("ACTION", "RISK", "WHAT", "MAY APPROVE", "APPROVED BY"));
      if (output.wide()) {
        header.addAll(List.of("PROPOSED BY", "PROPOSED AT", "WHY"));
      }
      rows.add(header);
      for (JsonNode action : pending) {
        JsonNode proposal = action.path("proposal");
        List<String> names = new ArrayList<>();
        action.path("approvals").forEach(a -> names.add(a.path("person").asString("?")));
        List<String> row =
            new ArrayList<>(
                List.of(
                    Output.text(action, "id"),
                    Output.text(proposal, "risk"),
                    ShowCommand.what(proposal),
                    mayApprove(proposal.path("risk").asString("")),
                    names.isEmpty() ? "-" : String.join(", ", names)));
        if (output.wide()) {
          row.addAll(
              List.of(
                  Output.text(action, "proposedBy"),
                  Output.text(action, "proposedAt"),
                  Output.text(proposal, "rationale")));
        }
        rows.add(row);
      }
      output.table(rows);
      return ExitCode.DONE.code();
    }

    /**
     * The API role that may approve an action of {@code risk} (or any higher approver role, or
     * admin); the incident's policy may also name the approvers of each risk.
     */
    static String mayApprove(String risk) {
      try {
        RiskClass parsed = RiskClass.valueOf(risk.toUpperCase(Locale.ROOT));
        List<String> roles = new ArrayList<>();
        for (AccessRole role : AccessRole.values()) {
          if (role.grants(AccessRole.approverOf(parsed))) {
            roles.add(role.label());
          }
        }
        return String.join("|", roles);
      } catch (IllegalArgumentException e) {
        return "-";
      }
    }
  }

  @Command(
      name = "approve",
      description =
          "Approve an action waiting for approval; prints the incident's answer (exit 1 when it"
              + " refused).")
  static class Approve extends PersonCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "ACTION", description = "its id, e.g. rollback-2")
    String action;

    @Option(names = "--comment")
    String comment;

    @Override
    public Integer call() {
      ObjectNode body = body(IncidentSignals.APPROVE).put("actionId", action);
      putIfSet(body, "comment", comment);
      JsonNode answer = api().post(Api.incident(id) + "/approvals", body);
      boolean accepted = answer.path("accepted").asBoolean(false);
      Output output = output();
      if (output.json()) {
        output.print(answer);
      } else if (accepted) {
        output
            .out()
            .printf(
                "approved %s: %s%n",
                Output.text(answer, "actionId"), Output.text(answer, "reason"));
        output.out().flush();
      }
      if (!accepted) {
        spec.commandLine()
            .getErr()
            .printf(
                "error: the incident refused to approve %s: %s%n",
                Output.text(answer, "actionId"), Output.text(answer, "reason"));
        spec.commandLine().getErr().flush();
      }
      return accepted ? ExitCode.DONE.code() : ExitCode.REFUSED.code();
    }
  }
}
