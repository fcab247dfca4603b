package io.incidentresponse.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "show", description = "An incident's state, actions and timeline.")
class ShowCommand extends CtlCommand implements Callable<Integer> {
  @Parameters(paramLabel = "ID", description = "the incident id")
  String id;

  @Override
  public Integer call() {
    JsonNode state = api().get(Api.incident(id));
    Output output = output();
    if (output.json()) {
      output.print(state);
    } else {
      print(state, output);
    }
    return ExitCode.DONE.code();
  }

  static void print(JsonNode s, Output output) {
    PrintWriter out = output.out();
    boolean drill = s.path("drillId").isString();
    out.printf(
        "%s  %s %s  %s%s%n",
        Output.text(s, "incidentId"),
        Output.text(s, "severity"),
        Output.text(s, "phase"),
        drill ? "[DRILL] " : "",
        Output.text(s, "title"));
    if (drill) {
      out.printf(
          "drill        %s: no status page%s, left out of the metrics%n",
          Output.text(s, "drillId"),
          s.path("drillNotifiesLeadership").asBoolean(false) ? "" : ", no leadership notice");
    }
    out.printf(
        "service      %s (%s), impact %s%n",
        Output.text(s, "service"), Output.text(s, "namespace"), Output.text(s, "impact"));
    JsonNode by = s.path("acknowledgedBy");
    out.printf(
        "acknowledged %s%n",
        by.isNull() || by.isMissingNode()
            ? "no (escalation level " + Output.text(s, "escalationLevel") + ")"
            : "by " + by.asString() + " at " + Output.text(s, "acknowledgedAt"));
    if (!s.path("roles").isEmpty()) {
      List<String> roles = new ArrayList<>();
      s.path("roles")
          .properties()
          .forEach(e -> roles.add(e.getKey() + " " + e.getValue().asString()));
      out.printf("roles        %s%n", String.join(", ", roles));
    }
    if (s.path("security").asBoolean(false)) {
      out.printf("security     handled privately (private channel, no public status)%n");
    }
    for (JsonNode page : s.path("pages")) {
      JsonNode person = page.path("person");
      List<String> via = new ArrayList<>();
      page.path("via").forEach(v -> via.add(v.asString()));
      out.printf(
          "paged        %s %s: %s (%s)%s%n",
          Output.text(page, "level"),
          Output.text(page, "label"),
          person.isString() ? person.asString() : "nobody named",
          Output.text(page, "how"),
          via.isEmpty() ? "" : " by " + String.join(", ", via));
    }
    for (JsonNode shared : s.path("contactsShared")) {
      List<String> names = new ArrayList<>();
      shared.path("contacts").forEach(c -> names.add(c.asString()));
      out.printf(
          "contacts     %s (%s, by %s)%n",
          String.join(", ", names), Output.text(shared, "reason"), Output.text(shared, "by"));
    }
    out.printf("alerts       %d%n", s.path("alerts").size());
    if (!s.path("postmortemWorkflowId").isNull()
        && !s.path("postmortemWorkflowId").isMissingNode()) {
      out.printf("postmortem   %s%n", Output.text(s, "postmortemWorkflowId"));
    }
    List<List<String>> actions = actions(s.path("actions"), output.wide());
    if (actions.size() > 1) {
      out.println();
      output.table(actions);
    }
    out.println();
    output.table(timeline(s.path("timeline")));
  }

  /** The actions table: id, status, risk, what; wide adds who proposed and decided, and why. */
  static List<List<String>> actions(JsonNode actions, boolean wide) {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("ACTION", "STATUS", "RISK", "WHAT"));
    if (wide) {
      header.addAll(List.of("PROPOSED BY", "DECIDED BY", "OUTCOME"));
    }
    rows.add(header);
    for (JsonNode a : actions) {
      List<String> row =
          new ArrayList<>(
              List.of(
                  Output.text(a, "id"),
                  Output.text(a, "status"),
                  Output.text(a.path("proposal"), "risk"),
                  what(a.path("proposal"))));
      if (wide) {
        row.addAll(
            List.of(
                Output.text(a, "proposedBy"),
                Output.text(a, "decidedBy"),
                Output.text(a, "outcome")));
      }
      rows.add(row);
    }
    return rows;
  }

  /** {@code RESTART shop/checkout}. */
  static String what(JsonNode proposal) {
    String namespace = Output.text(proposal, "namespace");
    return Output.text(proposal, "type")
        + " "
        + (namespace.equals("-") ? "" : namespace + "/")
        + Output.text(proposal, "target");
  }

  static List<List<String>> timeline(JsonNode entries) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("TIME", "ACTOR", "EVENT", "ACTION TAKEN"));
    for (JsonNode e : entries) {
      rows.add(timelineRow(e));
    }
    return rows;
  }

  static List<String> timelineRow(JsonNode e) {
    return List.of(
        Output.text(e, "at"),
        Output.text(e, "actor"),
        Output.text(e, "event"),
        Output.text(e, "actionTaken"));
  }
}
