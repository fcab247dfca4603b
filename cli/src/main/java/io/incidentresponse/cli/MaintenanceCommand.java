package io.incidentresponse.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maintenance windows: while one runs, Alertmanager is silenced for the service and its alerts open
 * no incident (P0 excepted); it ends by itself at its deadline.
 */
@Command(
    name = "maintenance",
    description = "Maintenance windows: enable, disable, extend, show, list.",
    subcommands = {
      MaintenanceCommand.Enable.class,
      MaintenanceCommand.Disable.class,
      MaintenanceCommand.Extend.class,
      MaintenanceCommand.Show.class,
      MaintenanceCommand.ListRunning.class
    })
class MaintenanceCommand {
  /** The service option every subcommand shares; {@code all} for every service. */
  static final String ALL = "all";

  @Command(
      name = "enable",
      description =
          "Start one: maintenance enable --for 2h [--service checkout] [--reason \"db upgrade\"];"
              + " without --service, every service.")
  static class Enable extends CtlCommand implements Callable<Integer> {
    @Option(
        names = "--for",
        required = true,
        description = "how long: 2h, 90m, PT2H (at most 168h)")
    String duration;

    @Option(names = "--service", defaultValue = ALL, description = "the service (default: all)")
    String service;

    @Option(names = "--reason")
    String reason;

    @Option(
        names = "--status-page",
        negatable = true,
        description =
            "announce it on the public status page (default: when the service has a status-page"
                + " component); --no-status-page keeps it off")
    Boolean statusPage;

    @Option(
        names = "--backend",
        paramLabel = "SELECTOR",
        description =
            "send the service's traffic to these pods meanwhile, e.g. app=maintenance-page")
    String backend;

    @Option(names = "--namespace", description = "the service's namespace (default: the policy's)")
    String namespace;

    @Override
    public Integer call() {
      ObjectNode body = Json.object().put("service", service).put("duration", duration);
      PersonCommand.putIfSet(body, "reason", reason);
      if (statusPage != null) {
        body.put("statusPage", statusPage.booleanValue());
      }
      PersonCommand.putIfSet(body, "backend", backend);
      PersonCommand.putIfSet(body, "namespace", namespace);
      return output()
          .answer(
              api().post("/api/maintenance", body),
              "maintenance %s until %s%n",
              "maintenanceId",
              "endsAt");
    }
  }

  @Command(name = "disable", description = "End one now: maintenance disable [--service checkout]")
  static class Disable extends CtlCommand implements Callable<Integer> {
    @Option(names = "--service", defaultValue = ALL, description = "the service (default: all)")
    String service;

    @Option(names = "--reason")
    String reason;

    @Override
    public Integer call() {
      ObjectNode body = Json.object();
      PersonCommand.putIfSet(body, "reason", reason);
      JsonNode answer = api().post("/api/maintenance/" + Api.segment(service) + "/end", body);
      return sent(output(), answer, "end");
    }
  }

  @Command(
      name = "extend",
      description = "Move the end to this long from now: maintenance extend --for 1h [--service S]")
  static class Extend extends CtlCommand implements Callable<Integer> {
    @Option(names = "--for", required = true, description = "2h, 90m, PT2H from now")
    String duration;

    @Option(names = "--service", defaultValue = ALL, description = "the service (default: all)")
    String service;

    @Option(names = "--reason")
    String reason;

    @Override
    public Integer call() {
      ObjectNode body = Json.object().put("duration", duration);
      PersonCommand.putIfSet(body, "reason", reason);
      JsonNode answer = api().post("/api/maintenance/" + Api.segment(service) + "/extend", body);
      return sent(output(), answer, "extend");
    }
  }

  @Command(name = "show", description = "A maintenance: deadline, silence, alerts held, timeline")
  static class Show extends CtlCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", defaultValue = ALL, paramLabel = "SERVICE")
    String service;

    @Override
    public Integer call() {
      JsonNode state = api().get("/api/maintenance/" + Api.segment(service));
      Output output = output();
      if (output.json()) {
        output.print(state);
        return ExitCode.DONE.code();
      }
      output
          .out()
          .printf(
              "%s  %s  %s -> %s%n",
              Output.text(state, "maintenanceId"),
              Output.text(state, "status"),
              Output.text(state, "startedAt"),
              Output.text(state, "endsAt"));
      output
          .out()
          .printf(
              "silence %s, alerts held %s%n%n",
              state.path("silenceId").isNull() || state.path("silenceId").isMissingNode()
                  ? "none (" + Output.text(state, "silenceProblem") + ")"
                  : Output.text(state, "silenceId"),
              Output.text(state, "alertsHeld"));
      if (state.path("statusPage").isObject()) {
        output.out().printf("status page %s%n", Output.text(state.path("statusPage"), "id"));
      }
      if (state.hasNonNull("ownSelector")) {
        output
            .out()
            .printf(
                "traffic at the maintenance backend; the service's own selector: %s%n",
                Output.text(state, "ownSelector"));
      }
      output.table(ShowCommand.timeline(state.path("timeline")));
      return ExitCode.DONE.code();
    }
  }

  @Command(name = "list", description = "The running maintenances (a server with visibility)")
  static class ListRunning extends CtlCommand implements Callable<Integer> {
    @Override
    public Integer call() {
      output()
          .list(
              api().get("/api/maintenance"),
              List.of("MAINTENANCE", "SERVICE", "STARTED"),
              List.of("maintenanceId", "service", "startedAt"));
      return ExitCode.DONE.code();
    }
  }

  /** Prints what was sent (or the API's JSON). */
  static Integer sent(Output output, JsonNode answer, String signal) {
    return output.answer(answer, "sent " + signal + " to %s%n", "maintenanceId");
  }
}
