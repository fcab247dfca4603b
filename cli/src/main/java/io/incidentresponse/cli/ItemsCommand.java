package io.incidentresponse.cli;

import io.incidentresponse.workflows.postmortem.ActionItemKind;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(
    name = "items",
    description = "The postmortem's action items: list, add, update.",
    subcommands = {ItemsCommand.ListItems.class, ItemsCommand.Add.class, ItemsCommand.Update.class})
class ItemsCommand extends CtlCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "say list, add or update");
  }

  static void table(JsonNode items, Output output) {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("ITEM", "STATUS", "OWNER", "DUE", "ACTION"));
    if (output.wide()) {
      header.addAll(List.of("UPDATED BY", "UPDATED AT"));
    }
    rows.add(header);
    for (JsonNode item : items) {
      List<String> row =
          new ArrayList<>(
              List.of(
                  Output.text(item, "id"),
                  Output.text(item, "status"),
                  Output.text(item, "owner"),
                  Output.text(item, "dueDate"),
                  Output.text(item, "action")));
      if (output.wide()) {
        row.addAll(List.of(Output.text(item, "updatedBy"), Output.text(item, "updatedAt")));
      }
      rows.add(row);
    }
    output.table(rows);
  }

  @Command(name = "list", description = "The action items of the incident's postmortem.")
  static class ListItems extends CtlCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "the incident id")
    String id;

    @Override
    public Integer call() {
      JsonNode items = PostmortemCommand.status(api(), id).path("actionItems");
      Output output = output();
      if (output.json()) {
        output.print(items);
      } else {
        table(items, output);
      }
      return ExitCode.DONE.code();
    }
  }

  /** Sends an add or update; prints the item, or the refusal (exit 1). */
  abstract static class Change extends PersonCommand {
    @Option(names = "--owner")
    String owner;

    @Option(names = "--due", paramLabel = "yyyy-MM-dd")
    LocalDate due;

    @Option(names = "--kind", description = "the runbook's follow-up: ${COMPLETION-CANDIDATES}")
    ActionItemKind kind;

    @Option(names = "--link", paramLabel = "URL", description = "ticket or pull request, http(s)")
    String link;

    @Option(names = "--section", description = "runbook section a RUNBOOK_UPDATE item changes")
    String runbookSection;

    int send(String id, ObjectNode body) {
      putIfSet(body, "owner", owner);
      putIfSet(body, "dueDate", due == null ? null : due.toString());
      putIfSet(body, "kind", kind == null ? null : kind.name());
      putIfSet(body, "link", link);
      putIfSet(body, "runbookSection", runbookSection);
      JsonNode answer = api().post(Api.incident(id) + "/postmortem/action-items", body);
      boolean accepted = answer.path("accepted").asBoolean(false);
      Output output = output();
      if (output.json()) {
        output.print(answer);
      } else if (accepted) {
        table(Json.array().add(answer.path("item")), output);
      }
      if (!accepted) {
        spec.commandLine()
            .getErr()
            .println("error: the postmortem refused it: " + Output.text(answer, "reason"));
        spec.commandLine().getErr().flush();
        return ExitCode.REFUSED.code();
      }
      return ExitCode.DONE.code();
    }
  }

  @Command(name = "add", description = "Add an action item: items add ID Alert on pool saturation")
  static class Add extends Change implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "the incident id")
    String id;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "ACTION", description = "what to do")
    List<String> words;

    @Override
    public Integer call() {
      return send(id, body("by").put("action", String.join(" ", words)));
    }
  }

  @Command(name = "update", description = "Change an action item; what you leave out stays.")
  static class Update extends Change implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "the incident id")
    String id;

    @Parameters(index = "1", paramLabel = "ITEM", description = "e.g. AI-2")
    String item;

    @Option(names = "--action", description = "new wording")
    String action;

    @Option(names = "--status", description = "${COMPLETION-CANDIDATES}")
    ActionItemStatus status;

    @Option(names = "--reason", description = "why it is dropped (required with WONT_DO)")
    String reason;

    @Override
    public Integer call() {
      ObjectNode body = body("by").put("id", item);
      putIfSet(body, "action", action);
      putIfSet(body, "status", status == null ? null : status.name());
      putIfSet(body, "reason", reason);
      return send(id, body);
    }
  }
}
