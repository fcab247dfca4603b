package io.incidentresponse.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rollback and scale outside an incident: each starts an {@code Operation} workflow that waits for
 * approval as the incident policy says, then runs once under the worker's guardrails.
 */
final class OperationCommands {
  private OperationCommands() {}

  @Command(
      name = "rollback",
      description =
          "Roll a service's Deployment back outside an incident: rollback SERVICE [REVISION]"
              + " (default: the previous revision). Prints the operation id to approve.")
  static class Rollback extends CtlCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REVISION")
    String revision;

    @Option(names = "--namespace")
    String namespace;

    @Option(names = "--reason")
    String reason;

    @Override
    public Integer call() {
      ObjectNode body = Json.object().put("type", "rollback").put("service", service);
      PersonCommand.putIfSet(body, "revision", revision);
      return started(this, body, namespace, reason);
    }
  }

  @Command(
      name = "scale",
      description = "Scale a service's Deployment outside an incident: scale SERVICE REPLICAS.")
  static class Scale extends CtlCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Parameters(index = "1", paramLabel = "REPLICAS")
    int replicas;

    @Option(names = "--namespace")
    String namespace;

    @Option(names = "--reason")
    String reason;

    @Override
    public Integer call() {
      ObjectNode body =
          Json.object().put("type", "scale").put("service", service).put("replicas", replicas);
      return started(this, body, namespace, reason);
    }
  }

  private static Integer started(
      CtlCommand command, ObjectNode body, String namespace, String reason) {
    PersonCommand.putIfSet(body, "namespace", namespace);
    PersonCommand.putIfSet(body, "reason", reason);
    return command
        .output()
        .answer(
            command.api().post("/api/operations", body),
            "operation %s started; see: incidentctl operation show %1$s%n",
            "operationId");
  }

  @Command(
      name = "operation",
      description = "Operations outside an incident: show, list, approve, reject.",
      subcommands = {Show.class, ListAll.class, Approve.class, Reject.class})
  static class Operations {}

  @Command(name = "show", description = "An operation: action, approvals, outcome, timeline")
  static class Show extends CtlCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      JsonNode state = api().get("/api/operations/" + Api.segment(id));
      Output output = output();
      if (output.json()) {
        output.print(state);
        return ExitCode.DONE.code();
      }
      JsonNode action = state.path("action");
      output
          .out()
          .printf(
              "%s  %s  %s (%s risk)%n",
              Output.text(state, "operationId"),
              Output.text(state, "status"),
              Output.text(action.path("proposal"), "type"),
              Output.text(action.path("proposal"), "risk"));
      output
          .out()
          .printf(
              "requested by %s, decided by %s, expires %s%n%n",
              Output.text(action, "proposedBy"),
              Output.text(action, "decidedBy"),
              Output.text(state, "expiresAt"));
      output.table(ShowCommand.timeline(state.path("timeline")));
      return ExitCode.DONE.code();
    }
  }

  @Command(name = "list", description = "Recent operations (a server with visibility)")
  static class ListAll extends CtlCommand implements Callable<Integer> {
    @Override
    public Integer call() {
      output()
          .list(
              api().get("/api/operations"),
              List.of("OPERATION", "STARTED", "STATUS"),
              List.of("operationId", "startedAt", "status"));
      return ExitCode.DONE.code();
    }
  }

  @Command(
      name = "approve",
      description = "Approve an operation; exit 1 when it refused (e.g. you requested it).")
  static class Approve extends CtlCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--comment")
    String comment;

    @Override
    public Integer call() {
      ObjectNode body = Json.object();
      PersonCommand.putIfSet(body, "comment", comment);
      return decided(this, "approve", id, body);
    }
  }

  @Command(name = "reject", description = "Reject an operation; nothing runs.")
  static class Reject extends CtlCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--reason")
    String reason;

    @Override
    public Integer call() {
      ObjectNode body = Json.object();
      PersonCommand.putIfSet(body, "reason", reason);
      return decided(this, "reject", id, body);
    }
  }

  private static Integer decided(CtlCommand command, String decision, String id, ObjectNode body) {
    JsonNode answer =
        command.api().post("/api/operations/" + Api.segment(id) + "/" + decision, body);
    boolean accepted = answer.path("accepted").asBoolean(false);
    Output output = command.output();
    if (output.json()) {
      output.print(answer);
    } else if (accepted) {
      output.out().printf("%s %s: %s%n", decision, id, Output.text(answer, "reason"));
      output.out().flush();
    }
    if (!accepted) {
      command
          .spec
          .commandLine()
          .getErr()
          .printf("error: %s refused to %s: %s%n", id, decision, Output.text(answer, "reason"));
      command.spec.commandLine().getErr().flush();
    }
    return accepted ? ExitCode.DONE.code() : ExitCode.REFUSED.code();
  }
}
