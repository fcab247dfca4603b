package io.incidentresponse.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drills: a fault injected into a service on purpose, always reverted (at the end, on abort, when a
 * stop condition trips or a real incident opens), and the response scored.
 */
@Command(
    name = "drill",
    description = "Drills: run, list, show, abort.",
    subcommands = {
      DrillCommand.Run.class,
      DrillCommand.ListDrills.class,
      DrillCommand.Show.class,
      DrillCommand.Abort.class
    })
class DrillCommand {

  @Command(
      name = "run",
      description =
          "Run one: drill run failure-rate --service checkout --for 30m --param rate=0.3"
              + " [--namespace shop] [--stop errorRatio=0.5] [--no-stop] [--dry-run]"
              + " [--notify-leadership] [--reason \"game day\"]. Scenarios: failure-rate,"
              + " scale-down, delete-pods, demo-errors.")
  static class Run extends CtlCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCENARIO")
    String scenario;

    @Option(names = "--service", required = true)
    String service;

    @Option(names = "--for", required = true, description = "how long: 30m, 2h (at most 4h)")
    String duration;

    @Option(names = "--namespace", description = "default: the policy's default namespace")
    String namespace;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "a scenario parameter")
    Map<String, String> parameters;

    @Option(
        names = "--stop",
        paramLabel = "QUERY=BOUND",
        description = "revert when the query is above the bound (default errorRatio=0.5)")
    Map<String, Double> stops;

    @Option(
        names = "--no-stop",
        description = "watch no Prometheus bound (a real incident still stops it)")
    boolean noStop;

    @Option(names = "--check-every", description = "how often the stop conditions are checked")
    String checkInterval;

    @Option(names = "--dry-run")
    boolean dryRun;

    @Option(names = "--notify-leadership")
    boolean notifyLeadership;

    @Option(names = "--reason")
    String reason;

    @Override
    public Integer call() {
      ObjectNode body =
          Json.object().put("scenario", scenario).put("service", service).put("duration", duration);
      PersonCommand.putIfSet(body, "namespace", namespace);
      PersonCommand.putIfSet(body, "checkInterval", checkInterval);
      PersonCommand.putIfSet(body, "reason", reason);
      if (parameters != null) {
        ObjectNode p = body.putObject("parameters");
        parameters.forEach(p::put);
      }
      if (noStop) {
        body.putArray("stopConditions");
      } else if (stops != null) {
        var array = body.putArray("stopConditions");
        stops.forEach((query, above) -> array.addObject().put("query", query).put("above", above));
      }
      if (dryRun) {
        body.put("dryRun", true);
      }
      if (notifyLeadership) {
        body.put("notifyLeadership", true);
      }
      return output()
          .answer(
              api().post("/api/drills", body),
              "drill %s running, reverted by %s at the latest%n",
              "drillId",
              "plannedEndAt");
    }
  }

  @Command(name = "list", description = "Running and recent drills (a server with visibility)")
  static class ListDrills extends CtlCommand implements Callable<Integer> {
    @Override
    public Integer call() {
      JsonNode rows = api().get("/api/drills");
      Output output = output();
      if (output.json()) {
        output.print(rows);
        return ExitCode.DONE.code();
      }
      List<List<String>> table = new ArrayList<>();
      table.add(List.of("DRILL", "SERVICE", "STATUS", "STARTED", "CLOSED"));
      for (JsonNode row : rows) {
        table.add(
            List.of(
                Output.text(row, "drillId"),
                Output.text(row, "service"),
                Output.text(row, "status"),
                Output.text(row, "startedAt"),
                Output.text(row, "closedAt")));
      }
      output.table(table);
      return ExitCode.DONE.code();
    }
  }

  @Command(name = "show", description = "A drill: status, fault, score, report, timeline")
  static class Show extends CtlCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SERVICE")
    String service;

    @Override
    public Integer call() {
      JsonNode state = api().get("/api/drills/" + Api.segment(service));
      Output output = output();
      if (output.json()) {
        output.print(state);
        return ExitCode.DONE.code();
      }
      output
          .out()
          .printf(
              "%s  %s %s  %s  injected %s, reverted %s%n",
              Output.text(state, "drillId"),
              Output.text(state, "scenario"),
              Output.text(state, "status"),
              Output.text(state, "endReason"),
              Output.text(state, "injectedAt"),
              Output.text(state, "revertedAt"));
      output.out().printf("fault: %s%n", Output.text(state.path("injection"), "description"));
      JsonNode score = state.path("score");
      if (score.isObject()) {
        if (!score.path("detected").asBoolean(false)) {
          output.out().println("score: NOT DETECTED");
        } else {
          for (JsonNode m : score.path("measures")) {
            output
                .out()
                .printf(
                    "score: %-12s took %s, target %s, %s%n",
                    Output.text(m, "step"),
                    Output.text(m, "took"),
                    Output.text(m, "target"),
                    m.path("met").asBoolean(false) ? "met" : "MISSED");
          }
        }
      }
      output.out().printf("report: %s%n%n", Output.text(state, "reportPath"));
      output.table(ShowCommand.timeline(state.path("timeline")));
      return ExitCode.DONE.code();
    }
  }

  @Command(name = "abort", description = "Stop a drill and revert now: drill abort SERVICE")
  static class Abort extends CtlCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SERVICE")
    String service;

    @Option(names = "--reason")
    String reason;

    @Override
    public Integer call() {
      ObjectNode body = Json.object();
      PersonCommand.putIfSet(body, "reason", reason);
      return output()
          .answer(
              api().post("/api/drills/" + Api.segment(service) + "/abort", body),
              "sent abort to %s%n",
              "drillId");
    }
  }
}
