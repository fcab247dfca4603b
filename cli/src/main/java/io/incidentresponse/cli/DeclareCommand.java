package io.incidentresponse.cli;

import io.incidentresponse.workflows.incident.Severity;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(
    name = "declare",
    description =
        "Declare an incident by hand: declare --title \"Checkout failing\" --service checkout"
            + " --severity P1")
class DeclareCommand extends CtlCommand implements Callable<Integer> {
  @Option(names = "--title", required = true)
  String title;

  @Option(names = "--service", required = true)
  String service;

  @Option(names = "--severity", required = true, description = "${COMPLETION-CANDIDATES}")
  Severity severity;

  @Option(names = "--commander", description = "who commands it (default: the first to ack)")
  String commander;

  @Option(names = "--namespace", description = "the service's Kubernetes namespace")
  String namespace;

  @Option(names = "--description")
  String description;

  @Option(
      names = "--security",
      description = "a security incident: private channel, security lead paged, no status page")
  boolean security;

  @Override
  public Integer call() {
    ObjectNode body = Json.object();
    body.put("title", title).put("service", service).put("severity", severity.name());
    PersonCommand.putIfSet(body, "commander", commander);
    PersonCommand.putIfSet(body, "namespace", namespace);
    PersonCommand.putIfSet(body, "description", description);
    if (security) {
      body.put("security", true);
    }
    JsonNode answer = api().post("/api/incidents", body);
    Output output = output();
    if (output.json()) {
      output.print(answer);
      return ExitCode.DONE.code();
    }
    for (JsonNode incident : answer.path("incidents")) {
      output
          .out()
          .printf(
              "%s %s%n",
              answer.path("duplicate").asBoolean(false) ? "already declared" : "declared",
              Output.text(incident, "incidentId"));
    }
    if (!answer.path("note").isNull() && !answer.path("note").isMissingNode()) {
      output.out().println(Output.text(answer, "note"));
    }
    output.out().flush();
    return ExitCode.DONE.code();
  }
}
