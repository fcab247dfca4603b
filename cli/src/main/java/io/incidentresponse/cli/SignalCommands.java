package io.incidentresponse.cli;

import io.incidentresponse.workflows.incident.IncidentSignals;
import io.incidentresponse.workflows.incident.Role;
import io.incidentresponse.workflows.mitigation.ActionType;
import io.incidentresponse.workflows.mitigation.RiskClass;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The commands that send one of the incident's person signals ({@link IncidentSignals}). */
final class SignalCommands {
  private SignalCommands() {}

  @Command(name = "ack", description = "Acknowledge: take the incident, stop escalation.")
  static class Ack extends PersonCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--note")
    String note;

    @Override
    public Integer call() {
      ObjectNode body = body(IncidentSignals.ACKNOWLEDGE);
      putIfSet(body, "note", note);
      return signal(id, IncidentSignals.ACKNOWLEDGE, body);
    }
  }

  @Command(
      name = "contacts",
      description =
          "Post the emergency contacts in the incident channel: contacts ID [--topic aws]"
              + " (every contact without --topic).")
  static class Contacts extends PersonCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(
        names = "--topic",
        paramLabel = "TOPIC",
        description = "e.g. aws, cloud, cdn, database, dns, security; repeatable")
    List<String> topics = new ArrayList<>();

    @Override
    public Integer call() {
      ObjectNode body = body(IncidentSignals.SHARE_CONTACTS);
      if (!topics.isEmpty()) {
        ArrayNode list = body.putArray("topics");
        topics.forEach(list::add);
      }
      return signal(id, IncidentSignals.SHARE_CONTACTS, body);
    }
  }

  @Command(name = "note", description = "Add a note to the timeline.")
  static class Note extends PersonCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1..*", paramLabel = "TEXT", arity = "1..*")
    List<String> words;

    @Override
    public Integer call() {
      ObjectNode body = body(IncidentSignals.ADD_NOTE).put("text", String.join(" ", words));
      return signal(id, IncidentSignals.ADD_NOTE, body);
    }
  }

  @Command(
      name = "request",
      description =
          "Ask for a mitigation (the policy decides whether it runs or waits for an approver):"
              + " request ID RESTART checkout --namespace shop --reason \"pool exhausted\"")
  static class Request extends PersonCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "ACTION", description = "${COMPLETION-CANDIDATES}")
    ActionType type;

    @Parameters(index = "2", paramLabel = "TARGET", description = "deployment, node or database")
    String target;

    @Option(names = "--namespace")
    String namespace;

    @Option(
        names = "--param",
        paramLabel = "KEY=VALUE",
        description = "e.g. replicas=10, revision=41")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--risk", description = "${COMPLETION-CANDIDATES} (default: the action's)")
    RiskClass risk;

    @Option(names = "--reason")
    String reason;

    @Override
    public Integer call() {
      ObjectNode body = body(IncidentSignals.REQUEST_ACTION);
      body.put("type", type.name()).put("target", target);
      putIfSet(body, "namespace", namespace);
      if (!parameters.isEmpty()) {
        ObjectNode params = body.putObject("parameters");
        parameters.forEach(params::put);
      }
      putIfSet(body, "risk", risk == null ? null : risk.name());
      putIfSet(body, "reason", reason);
      return signal(id, IncidentSignals.REQUEST_ACTION, body);
    }
  }

  @Command(name = "reject", description = "Reject an action waiting for approval.")
  static class Reject extends PersonCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "ACTION", description = "its id, e.g. rollback-2")
    String action;

    @Option(names = "--reason")
    String reason;

    @Override
    public Integer call() {
      ObjectNode body = body(IncidentSignals.REJECT).put("actionId", action);
      putIfSet(body, "reason", reason);
      return signal(id, IncidentSignals.REJECT, body);
    }
  }

  @Command(name = "mitigated", description = "Say the impact is mitigated (monitoring starts).")
  static class Mitigated extends PersonCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--note", description = "what was done")
    String note;

    @Override
    public Integer call() {
      ObjectNode body = body(IncidentSignals.MARK_MITIGATED);
      putIfSet(body, "note", note);
      return signal(id, IncidentSignals.MARK_MITIGATED, body);
    }
  }

  @Command(name = "severity", description = "Change the severity (commander).")
  static class Severity extends PersonCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "SEVERITY", description = "${COMPLETION-CANDIDATES}")
    io.incidentresponse.workflows.incident.Severity severity;

    @Option(names = "--reason")
    String reason;

    @Override
    public Integer call() {
      ObjectNode body = body(IncidentSignals.SET_SEVERITY).put("severity", severity.name());
      putIfSet(body, "reason", reason);
      return signal(id, IncidentSignals.SET_SEVERITY, body);
    }
  }

  @Command(name = "role", description = "Give a person an incident role (commander).")
  static class AssignRole extends PersonCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "ROLE", description = "${COMPLETION-CANDIDATES}")
    Role role;

    @Parameters(index = "2", paramLabel = "PERSON")
    String person;

    @Override
    public Integer call() {
      ObjectNode body = body(IncidentSignals.ASSIGN_ROLE);
      body.put("role", role.name()).put("person", person);
      return signal(id, IncidentSignals.ASSIGN_ROLE, body);
    }
  }

  @Command(name = "reopen", description = "Reopen a resolved incident (commander).")
  static class Reopen extends PersonCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--reason", description = "what regressed")
    String reason;

    @Override
    public Integer call() {
      ObjectNode body = body(IncidentSignals.REOPEN);
      putIfSet(body, "reason", reason);
      return signal(id, IncidentSignals.REOPEN, body);
    }
  }

  @Command(name = "resolve", description = "Resolve the incident now (commander).")
  static class Resolve extends PersonCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--note")
    String note;

    @Option(names = "--false-positive", description = "close without a postmortem")
    boolean falsePositive;

    @Override
    public Integer call() {
      ObjectNode body = body(IncidentSignals.RESOLVE).put("falsePositive", falsePositive);
      putIfSet(body, "note", note);
      return signal(id, IncidentSignals.RESOLVE, body);
    }
  }

  @Command(
      name = "impact",
      description = "Record the users affected (a closure waiting for it goes on).")
  static class Impact extends PersonCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--users", required = true, paramLabel = "N", description = "users affected")
    long users;

    @Option(names = "--note", description = "how it was estimated")
    String note;

    @Override
    public Integer call() {
      ObjectNode body = body(IncidentSignals.RECORD_IMPACT).put("usersAffected", users);
      putIfSet(body, "note", note);
      return signal(id, IncidentSignals.RECORD_IMPACT, body);
    }
  }
}
