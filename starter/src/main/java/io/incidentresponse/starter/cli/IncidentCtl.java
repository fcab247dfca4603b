package io.incidentresponse.starter.cli;

import io.incidentresponse.workflows.incident.IncidentSignals;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code incidentctl}: list, read and steer incidents through the starter's REST API. Exit codes: 0
 * done, 1 refused (4xx: the message says why), 2 the API or Temporal is unavailable.
 */
@Command(
    name = "incidentctl",
    mixinStandardHelpOptions = true,
    version = "incidentctl 0.1.0",
    description = "List, read and steer incidents.",
    subcommands = {
      IncidentCtl.ListIncidents.class,
      IncidentCtl.Show.class,
      IncidentCtl.Ack.class,
      IncidentCtl.Approve.class,
      IncidentCtl.Reject.class,
      IncidentCtl.Note.class,
      IncidentCtl.Resolve.class,
      IncidentCtl.Impact.class,
      IncidentCtl.Report.class
    })
public class IncidentCtl {
  static final int REFUSED = 1;
  static final int UNAVAILABLE = 2;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      description = "REST API base URL (env INCIDENT_API_URL, default http://127.0.0.1:8080)",
      defaultValue = "${env:INCIDENT_API_URL:-http://127.0.0.1:8080}")
  String url;

  @Option(
      names = "--api-key",
      description = "your API key (env INCIDENT_API_KEY); sent as X-API-Key",
      defaultValue = "${env:INCIDENT_API_KEY}")
  String apiKey;

  @Option(
      names = "--token",
      description = "an OIDC bearer token (JWT) for the API (env INCIDENT_API_TOKEN)",
      defaultValue = "${env:INCIDENT_API_TOKEN}")
  String token;

  @Option(names = "--json", description = "print the API's JSON instead of a table")
  boolean json;

  public static void main(String[] args) {
    System.exit(new CommandLine(new IncidentCtl()).execute(args));
  }

  // ------------------------------------------------------------------ commands

  @Command(name = "list", description = "List incidents (needs a Temporal server with visibility).")
  static class ListIncidents implements Callable<Integer> {
    @ParentCommand IncidentCtl ctl;

    @Option(names = "--phase")
    String phase;

    @Option(names = "--severity")
    String severity;

    @Option(names = "--service")
    String service;

    @Option(names = "--open", description = "only open incidents")
    boolean open;

    @Option(names = "--closed", description = "only closed incidents")
    boolean closed;

    @Override
    public Integer call() {
      Map<String, String> query = new LinkedHashMap<>();
      put(query, "phase", phase);
      put(query, "severity", severity);
      put(query, "service", service);
      if (open != closed) {
        query.put("open", String.valueOf(open));
      }
      return ctl.get("/api/incidents" + queryString(query), this::print);
    }

    private void print(JsonNode rows) {
      List<List<String>> table = new ArrayList<>();
      table.add(List.of("ID", "SEVERITY", "PHASE", "SERVICE", "ACK", "STATUS", "STARTED"));
      for (JsonNode row : rows) {
        table.add(
            List.of(
                text(row, "incidentId"),
                text(row, "severity"),
                text(row, "phase"),
                text(row, "service"),
                "true".equals(text(row, "acknowledged")) ? "yes" : "no",
                text(row, "status"),
                text(row, "startedAt")));
      }
      ctl.table(table);
    }
  }

  @Command(name = "show", description = "An incident's state and timeline.")
  static class Show implements Callable<Integer> {
    @ParentCommand IncidentCtl ctl;

    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      return ctl.get("/api/incidents/" + encode(id), this::print);
    }

    private void print(JsonNode s) {
      PrintWriter out = ctl.out();
      out.printf(
          "%s  %s %s  %s%n",
          text(s, "incidentId"), text(s, "severity"), text(s, "phase"), text(s, "title"));
      out.printf(
          "service      %s (%s), impact %s%n",
          text(s, "service"), text(s, "namespace"), text(s, "impact"));
      out.printf(
          "acknowledged %s%n",
          s.path("acknowledgedBy").isNull() || s.path("acknowledgedBy").isMissingNode()
              ? "no (escalation level " + text(s, "escalationLevel") + ")"
              : "by " + text(s, "acknowledgedBy") + " at " + text(s, "acknowledgedAt"));
      out.printf("alerts       %d%n", s.path("alerts").size());
      List<List<String>> actions = new ArrayList<>();
      actions.add(List.of("ACTION", "STATUS", "RISK", "WHAT"));
      for (JsonNode a : s.path("actions")) {
        JsonNode p = a.path("proposal");
        actions.add(
            List.of(
                text(a, "id"),
                text(a, "status"),
                text(p, "risk"),
                text(p, "type") + " " + text(p, "namespace") + "/" + text(p, "target")));
      }
      if (actions.size() > 1) {
        out.println();
        ctl.table(actions);
      }
      List<List<String>> timeline = new ArrayList<>();
      timeline.add(List.of("TIME", "ACTOR", "EVENT", "ACTION TAKEN"));
      for (JsonNode e : s.path("timeline")) {
        timeline.add(
            List.of(text(e, "at"), text(e, "actor"), text(e, "event"), text(e, "actionTaken")));
      }
      out.println();
      ctl.table(timeline);
    }
  }

  /**
   * Options shared by the commands that act as a person. The server takes the person from the
   * credential; {@code --as} only states it (and is refused when it names somebody else).
   */
  abstract static class AsPerson {
    @ParentCommand IncidentCtl ctl;

    @Option(
        names = "--as",
        description =
            "who you are, if you want it checked (env INCIDENTCTL_USER); the server takes it from"
                + " your API key or token",
        defaultValue = "${env:INCIDENTCTL_USER}")
    String as;

    /** A body that names the person in {@code field} only when --as or INCIDENTCTL_USER says. */
    ObjectNode input(String field) {
      ObjectNode input = JSON.createObjectNode();
      if (as != null && !as.isBlank()) {
        input.put(field, as.trim());
      }
      return input;
    }

    int signal(String id, String signal, ObjectNode input) {
      return ctl.post(
          "/api/incidents/" + encode(id) + "/signals/" + signal, input, ctl::printAccepted);
    }
  }

  @Command(name = "ack", description = "Acknowledge: take the incident, stop escalation.")
  static class Ack extends AsPerson implements Callable<Integer> {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--note")
    String note;

    @Override
    public Integer call() {
      ObjectNode input = input("by");
      if (note != null) {
        input.put("note", note);
      }
      return signal(id, IncidentSignals.ACKNOWLEDGE.signalName(), input);
    }
  }

  @Command(
      name = "approve",
      description = "Approve a waiting action; answers whether it was accepted.")
  static class Approve extends AsPerson implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "ACTION")
    String action;

    @Option(names = "--comment")
    String comment;

    @Override
    public Integer call() {
      ObjectNode input = input("approver").put("actionId", action);
      if (comment != null) {
        input.put("comment", comment);
      }
      return ctl.post(
          "/api/incidents/" + encode(id) + "/approvals",
          input,
          answer -> {
            if (ctl.json) {
              ctl.out().println(answer);
            } else {
              ctl.out()
                  .printf(
                      "%s %s: %s%n",
                      answer.path("accepted").asBoolean() ? "approved" : "refused",
                      text(answer, "actionId"),
                      text(answer, "reason"));
            }
          },
          answer -> answer.path("accepted").asBoolean() ? 0 : REFUSED);
    }
  }

  @Command(name = "reject", description = "Reject a waiting action.")
  static class Reject extends AsPerson implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "ACTION")
    String action;

    @Option(names = "--reason")
    String reason;

    @Override
    public Integer call() {
      ObjectNode input = input("approver").put("actionId", action);
      if (reason != null) {
        input.put("reason", reason);
      }
      return signal(id, IncidentSignals.REJECT.signalName(), input);
    }
  }

  @Command(name = "note", description = "Add a note to the timeline.")
  static class Note extends AsPerson implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1..*", paramLabel = "TEXT")
    List<String> words;

    @Override
    public Integer call() {
      return signal(
          id,
          IncidentSignals.ADD_NOTE.signalName(),
          input("by").put("text", String.join(" ", words)));
    }
  }

  @Command(name = "resolve", description = "Resolve the incident now.")
  static class Resolve extends AsPerson implements Callable<Integer> {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--note")
    String note;

    @Option(names = "--false-positive", description = "close without a postmortem")
    boolean falsePositive;

    @Override
    public Integer call() {
      ObjectNode input = input("by").put("falsePositive", falsePositive);
      if (note != null) {
        input.put("note", note);
      }
      return signal(id, IncidentSignals.RESOLVE.signalName(), input);
    }
  }

  @Command(
      name = "impact",
      description =
          "Record the users affected (a closure waiting for the impact assessment goes on).")
  static class Impact extends AsPerson implements Callable<Integer> {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--users", required = true, paramLabel = "N", description = "users affected")
    long users;

    @Option(names = "--note", description = "how it was estimated")
    String note;

    @Override
    public Integer call() {
      ObjectNode input = input("by").put("usersAffected", users);
      if (note != null) {
        input.put("note", note);
      }
      return signal(id, IncidentSignals.RECORD_IMPACT.signalName(), input);
    }
  }

  @Command(
      name = "report",
      description = "The monthly incident report as Markdown (stored by the worker, not posted).")
  static class Report implements Callable<Integer> {
    @ParentCommand IncidentCtl ctl;

    @Option(
        names = "--month",
        paramLabel = "yyyy-MM",
        description = "the month, e.g. 2026-10 (default: last month, UTC)")
    String month;

    @Override
    public Integer call() {
      String which =
          month == null || month.isBlank()
              ? java.time.YearMonth.now(java.time.ZoneOffset.UTC).minusMonths(1).toString()
              : month.trim();
      return ctl.get(
          "/api/reports/" + encode(which), body -> ctl.out().print(text(body, "markdown")));
    }
  }

  // ------------------------------------------------------------------ HTTP and output

  interface Printer {
    void print(JsonNode body);
  }

  interface ExitCode {
    int of(JsonNode body);
  }

  int get(String path, Printer printer) {
    return send(HttpRequest.newBuilder(URI.create(url + path)).GET(), printer, body -> 0);
  }

  int post(String path, JsonNode input, Printer printer) {
    return post(path, input, printer, body -> 0);
  }

  int post(String path, JsonNode input, Printer printer, ExitCode exitCode) {
    return send(
        HttpRequest.newBuilder(URI.create(url + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(input.toString())),
        printer,
        exitCode);
  }

  private int send(HttpRequest.Builder request, Printer printer, ExitCode exitCode) {
    request.timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
    boolean hasKey = apiKey != null && !apiKey.isBlank();
    boolean hasToken = token != null && !token.isBlank();
    if (hasKey && hasToken) {
      err()
          .println(
              "error: give one credential: --api-key (INCIDENT_API_KEY) or --token"
                  + " (INCIDENT_API_TOKEN), not both");
      return REFUSED;
    }
    if (hasKey) {
      request.header("X-API-Key", apiKey.strip());
    } else if (hasToken) {
      request.header("Authorization", "Bearer " + token.strip());
    }
    HttpResponse<String> response;
    try {
      response =
          HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      err().printf("error: cannot reach %s (%s)%n", url, e.getMessage());
      return UNAVAILABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return UNAVAILABLE;
    }
    JsonNode body = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    if (response.statusCode() >= 400) {
      String field =
          body.path("field").isMissingNode() ? "" : " (field: " + text(body, "field") + ")";
      err().printf("error: %s%s%n", body.path("detail").asString(response.body()), field);
      String hint = hint(response.statusCode(), body.path("field").asString(""));
      if (hint != null) {
        err().println(hint);
      }
      return response.statusCode() >= 500 ? UNAVAILABLE : REFUSED;
    }
    if (json) {
      out().println(body);
    } else {
      printer.print(body);
    }
    return exitCode.of(body);
  }

  /** What to set after a 401 or 403, in one line. */
  private static String hint(int status, String field) {
    if (status == 401) {
      return "hint: set INCIDENT_API_KEY (or --api-key) to your API key, or INCIDENT_API_TOKEN (or"
          + " --token) to an OIDC token; ./run prints the local admin key's export line";
    }
    if (status == 403 && (field.equals("by") || field.equals("approver"))) {
      return "hint: --as (or INCIDENTCTL_USER) names somebody other than your credential; leave"
          + " it out";
    }
    if (status == 403) {
      return "hint: your credential lacks the role for this; ask an admin";
    }
    return null;
  }

  void printAccepted(JsonNode body) {
    out().printf("sent %s to %s%n", text(body, "signal"), text(body, "incidentId"));
  }

  /** Aligned columns; the last column is not padded. */
  void table(List<List<String>> rows) {
    int columns = rows.get(0).size();
    int[] width = new int[columns];
    for (List<String> row : rows) {
      for (int c = 0; c < columns - 1; c++) {
        width[c] = Math.max(width[c], row.get(c).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        String cell = row.get(c);
        line.append(c == columns - 1 ? cell : cell + " ".repeat(width[c] - cell.length() + 2));
      }
      out().println(line.toString().stripTrailing());
    }
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "-" : value.asString();
  }

  private static void put(Map<String, String> query, String name, String value) {
    if (value != null && !value.isBlank()) {
      query.put(name, value);
    }
  }

  private static String queryString(Map<String, String> query) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : query.entrySet()) {
      out.append(out.isEmpty() ? "?" : "&")
          .append(e.getKey())
          .append('=')
          .append(encode(e.getValue()));
    }
    return out.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
