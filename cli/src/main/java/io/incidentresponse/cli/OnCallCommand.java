package io.incidentresponse.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * Who is on call: one row per rotation with the shift's end (the next hand-off) and who is next.
 */
@Command(
    name = "oncall",
    description =
        "Who is on call, for a team or every team, now or at a time: each rotation's person, since"
            + " when, until when (the next hand-off) and who is next.")
class OnCallCommand extends CtlCommand implements Callable<Integer> {
  @Option(names = "--team", description = "one team (default: every team)")
  String team;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description = "an ISO-8601 instant, e.g. 2026-12-24T20:00:00Z (default: now)")
  String at;

  @Override
  public Integer call() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("team", team);
    query.put("at", at);
    JsonNode answer = api().get("/api/oncall" + Api.query(query));
    Output output = output();
    if (output.json()) {
      output.print(answer);
      return ExitCode.DONE.code();
    }
    List<List<String>> table = new ArrayList<>();
    table.add(List.of("TEAM", "ROTATION", "ON CALL", "SINCE", "UNTIL", "NEXT", "SOURCE"));
    for (JsonNode shift : answer.path("shifts")) {
      table.add(
          List.of(
              Output.text(shift, "team"),
              Output.text(shift, "rotation"),
              person(shift.path("person")),
              Output.text(shift, "from"),
              Output.text(shift, "until"),
              person(shift.path("next")),
              Output.text(shift, "source")));
    }
    output.table(table);
    output
        .out()
        .printf("%nat %s (%s)%n", Output.text(answer, "at"), Output.text(answer, "lookupId"));
    for (JsonNode problem : answer.path("problems")) {
      output.out().println("problem: " + problem.asString());
    }
    output.out().flush();
    return ExitCode.DONE.code();
  }

  /** The person's name and id, or {@code nobody}. */
  private static String person(JsonNode person) {
    if (person.isMissingNode() || person.isNull()) {
      return "nobody";
    }
    String name = Output.text(person, "name");
    String id = Output.text(person, "id");
    return name.equals("-") ? id : name + " (" + id + ")";
  }
}
