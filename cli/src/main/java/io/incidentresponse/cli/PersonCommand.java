package io.incidentresponse.cli;

import io.incidentresponse.workflows.incident.IncidentSignals;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A command that acts as a person. The server takes the person from the credential; {@code --as}
 * only states it (and is refused when it names somebody else).
 */
abstract class PersonCommand extends CtlCommand {
  @Option(
      names = "--as",
      paramLabel = "NAME",
      description =
          "who you are, if you want it checked (env INCIDENTCTL_USER); the server takes it from"
              + " your API key or token",
      defaultValue = "${env:INCIDENTCTL_USER}")
  String as;

  /** A body that names the person in {@code field} only when --as or INCIDENTCTL_USER says. */
  ObjectNode body(String field) {
    ObjectNode body = Json.object();
    if (as != null && !as.isBlank()) {
      body.put(field, as.strip());
    }
    return body;
  }

  ObjectNode body(IncidentSignals signal) {
    return body(signal.personField());
  }

  static void putIfSet(ObjectNode body, String field, String value) {
    if (value != null) {
      body.put(field, value);
    }
  }

  /** Sends {@code signal} with {@code body}; prints what was sent. */
  int signal(String id, IncidentSignals signal, ObjectNode body) {
    JsonNode answer =
        api().post(Api.incident(id) + "/signals/" + Api.segment(signal.signalName()), body);
    Output output = output();
    if (output.json()) {
      output.print(answer);
    } else {
      output
          .out()
          .printf(
              "sent %s to %s%n", Output.text(answer, "signal"), Output.text(answer, "incidentId"));
      output.out().flush();
    }
    return ExitCode.DONE.code();
  }
}
