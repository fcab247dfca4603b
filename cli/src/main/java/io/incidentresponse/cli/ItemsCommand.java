package io.incidentresponse.cli;

import io.incidentresponse.workflows.postmortem.ActionItemKind;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(
    name = "items",
    description =
        "Postmortem action items: list (across incidents, or one incident's), add, update.",
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

  @Command(
      name = "list",
      description = {
        "Action items across incidents (open ones by default, soonest due first), or with ID the"
            + " items of that incident's postmortem.",
        "e.g. items list --mine --overdue; items list --service checkout --kind process"
      })
  static class ListItems extends CtlCommand implements Callable<Integer> {
    @Parameters(
        arity = "0..1",
        paramLabel = "ID",
        description = "an incident id: its postmortem's items (no filters then)")
    String id;

    @ArgGroup(exclusive = true)
    Whose whose;

    static class Whose {
      @Option(
          names = "--mine",
          required = true,
          description = "only yours: the person of your API key or token")
      boolean mine;

      @Option(names = "--owner", required = true, paramLabel = "NAME", description = "only NAME's")
      String owner;
    }

    @Option(names = "--overdue", description = "only items open and past their due date")
    boolean overdue;

    @Option(names = "--service", description = "only items of this service's incidents")
    String service;

    @Option(
        names = "--status",
        paramLabel = "STATUS[,STATUS]",
        description = "OPEN, IN_PROGRESS, DONE, WONT_DO or any (default: OPEN,IN_PROGRESS)")
    String status;

    @Option(
        names = "--kind",
        paramLabel = "KIND[,KIND]",
        description =
            "e.g. MONITORING, RUNBOOK_UPDATE, or technical / process (the runbook's groups)")
    String kind;

    @Option(names = "--limit", description = "at most this many (1-200, default 50)")
    Integer limit;

    @Option(
        names = "--offset",
        description = "skip this many (the next page: the answer's nextOffset)")
    Integer offset;

    @Override
    public Integer call() {
      Output output = output();
      if (id != null) {
        if (whose != null
            || overdue
            || service != null
            || status != null
            || kind != null
            || limit != null
            || offset != null) {
          throw new picocli.CommandLine.ParameterException(
              spec.commandLine(), "filters list across incidents: leave out ID, or the filters");
        }
        JsonNode items = PostmortemCommand.status(api(), id).path("actionItems");
        if (output.json()) {
          output.print(items);
        } else {
          table(items, output);
        }
        return ExitCode.DONE.code();
      }
      Map<String, String> query = new LinkedHashMap<>();
      query.put("mine", whose != null && whose.mine ? "true" : null);
      query.put("owner", whose == null ? null : whose.owner);
      query.put("overdue", overdue ? "true" : null);
      query.put("service", service);
      query.put("status", status);
      query.put("kind", kind);
      query.put("limit", limit == null ? null : limit.toString());
      query.put("offset", offset == null ? null : offset.toString());
      JsonNode answer = api().get("/api/action-items" + Api.query(query));
      if (output.json()) {
        output.print(answer);
        return ExitCode.DONE.code();
      }
      acrossIncidents(answer, output);
      return ExitCode.DONE.code();
    }

    private void acrossIncidents(JsonNode answer, Output output) {
      List<List<String>> rows = new ArrayList<>();
      List<String> header =
          new ArrayList<>(
              List.of("INCIDENT", "SERVICE", "ITEM", "KIND", "STATUS", "OWNER", "DUE", "ACTION"));
      if (output.wide()) {
        header.addAll(List.of("TITLE", "LINK", "SECTION", "REASON"));
      }
      rows.add(header);
      for (JsonNode item : answer.path("items")) {
        String due = Output.text(item, "dueDate");
        List<String> row =
            new ArrayList<>(
                List.of(
                    Output.text(item, "incidentId"),
                    Output.text(item, "service"),
                    Output.text(item, "itemId"),
                    Output.text(item, "kind"),
                    Output.text(item, "status"),
                    Output.text(item, "owner"),
                    item.path("overdue").asBoolean(false) ? due + " (overdue)" : due,
                    Output.text(item, "action")));
        if (output.wide()) {
          row.addAll(
              List.of(
                  Output.text(item, "title"),
                  Output.text(item, "link"),
                  Output.text(item, "runbookSection"),
                  Output.text(item, "reason")));
        }
        rows.add(row);
      }
      output.table(rows);
      JsonNode next = answer.path("nextOffset");
      if (!next.isMissingNode() && !next.isNull()) {
        spec.commandLine()
            .getErr()
            .println("more: add --offset " + next.asString() + " for the next page");
        spec.commandLine().getErr().flush();
      }
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
