package io.incidentresponse.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(
    name = "list",
    description =
        "List incidents (needs a Temporal server with visibility: not the in-memory one).")
class ListCommand extends CtlCommand implements Callable<Integer> {
  @Option(names = "--phase", description = "e.g. MITIGATING")
  String phase;

  @Option(names = "--severity", description = "P0..P3")
  io.incidentresponse.workflows.incident.Severity severity;

  @Option(names = "--service")
  String service;

  @ArgGroup(exclusive = true)
  Openness openness;

  static class Openness {
    @Option(names = "--open", required = true, description = "only open incidents")
    boolean open;

    @Option(names = "--closed", required = true, description = "only closed incidents")
    boolean closed;
  }

  @ArgGroup(exclusive = true)
  Drills drills;

  static class Drills {
    @Option(
        names = "--drills",
        required = true,
        description = "only drills' incidents (by default both are listed, drills marked)")
    boolean only;

    @Option(names = "--no-drills", required = true, description = "only real incidents")
    boolean none;
  }

  @Option(names = "--limit", description = "at most this many (default 100)", defaultValue = "100")
  int limit;

  @Override
  public Integer call() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("phase", phase);
    query.put("severity", severity == null ? null : severity.name());
    query.put("service", service);
    query.put("open", openness == null ? null : String.valueOf(openness.open));
    query.put("drills", drills == null ? null : String.valueOf(drills.only));
    query.put("limit", String.valueOf(limit));
    JsonNode rows = api().get("/api/incidents" + Api.query(query));
    Output output = output();
    if (output.json()) {
      output.print(rows);
      return ExitCode.DONE.code();
    }
    List<List<String>> table = new ArrayList<>();
    List<String> header =
        new ArrayList<>(
            List.of("ID", "DRILL", "SEVERITY", "PHASE", "SERVICE", "ACK", "STATUS", "STARTED"));
    if (output.wide()) {
      header.addAll(List.of("CLOSED", "RUN"));
    }
    table.add(header);
    for (JsonNode row : rows) {
      List<String> line =
          new ArrayList<>(
              List.of(
                  Output.text(row, "incidentId"),
                  row.path("drill").asBoolean(false) ? "DRILL" : "-",
                  Output.text(row, "severity"),
                  Output.text(row, "phase"),
                  Output.text(row, "service"),
                  row.path("acknowledged").asBoolean(false) ? "yes" : "no",
                  Output.text(row, "status"),
                  Output.text(row, "startedAt")));
      if (output.wide()) {
        line.addAll(List.of(Output.text(row, "closedAt"), Output.text(row, "runId")));
      }
      table.add(line);
    }
    output.table(table);
    return ExitCode.DONE.code();
  }
}
