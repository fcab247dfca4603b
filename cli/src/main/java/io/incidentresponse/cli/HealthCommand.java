package io.incidentresponse.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The health check: one row per service and check, then the overall verdict. Exits {@link
 * ExitCode#UNHEALTHY} when a check is unhealthy, {@link ExitCode#HEALTH_UNKNOWN} when none is but
 * one could not look, so a script can tell "down" from "cannot tell".
 */
@Command(
    name = "health",
    description =
        "Check the services (every configured one, or those named): rollout, ready replicas,"
            + " health endpoint, up, error ratio, p95. Exit 10 when something is unhealthy, 11"
            + " when nothing is but a check could not look.")
class HealthCommand extends CtlCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", paramLabel = "SERVICE", description = "services to check")
  List<String> services = new ArrayList<>();

  @Override
  public Integer call() {
    ObjectNode body = Json.object();
    if (!services.isEmpty()) {
      ArrayNode names = body.putArray("services");
      services.forEach(names::add);
    }
    JsonNode answer = api().post("/api/health-checks", body);
    JsonNode report = answer.path("report");
    Output output = output();
    if (output.json()) {
      output.print(answer);
    } else {
      List<List<String>> table = new ArrayList<>();
      table.add(List.of("SERVICE", "CHECK", "STATUS", "DETAIL"));
      for (JsonNode service : report.path("services")) {
        for (JsonNode finding : service.path("findings")) {
          table.add(
              List.of(
                  Output.text(service, "service"),
                  Output.text(finding, "check"),
                  Output.text(finding, "status"),
                  Output.text(finding, "detail")));
        }
      }
      output.table(table);
      output
          .out()
          .printf(
              "%n%s (%s, %s)%n",
              Output.text(report, "status"),
              Output.text(answer, "healthCheckId"),
              Output.text(report, "checkedAt"));
      for (JsonNode line : report.path("incidents")) {
        output.out().println(line.asString());
      }
      output.out().flush();
    }
    return switch (Output.text(report, "status")) {
      case "HEALTHY" -> ExitCode.DONE.code();
      case "UNHEALTHY" -> ExitCode.UNHEALTHY.code();
      default -> ExitCode.HEALTH_UNKNOWN.code();
    };
  }
}
