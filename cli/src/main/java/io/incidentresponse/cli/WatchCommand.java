package io.incidentresponse.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(
    name = "watch",
    description =
        "Follow the timeline live: print new entries as they come; ends when the incident closes"
            + " (or Ctrl-C).")
class WatchCommand extends CtlCommand implements Callable<Integer> {
  /** Failed polls in a row before watch gives up (each said on stderr). */
  static final int MAX_MISSES = 5;

  @Parameters(paramLabel = "ID")
  String id;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      description = "seconds between polls (default 2)",
      defaultValue = "2")
  int intervalSeconds;

  private final Set<String> seen = new HashSet<>();

  @Override
  public Integer call() throws InterruptedException {
    if (intervalSeconds < 1) {
      throw new ApiFailure(ExitCode.USAGE, "--interval must be 1 second or more");
    }
    Output output = output();
    int misses = 0;
    boolean header = true;
    while (true) {
      JsonNode state;
      try {
        state = api().get(Api.incident(id));
        misses = 0;
      } catch (ApiFailure e) {
        if (e.exitCode() != ExitCode.UNREACHABLE || ++misses >= MAX_MISSES) {
          throw e;
        }
        spec.commandLine().getErr().println("warning: " + e.getMessage() + "; trying again");
        spec.commandLine().getErr().flush();
        Thread.sleep(intervalSeconds * 1000L);
        continue;
      }
      print(fresh(state.path("timeline")), output, header);
      header = false;
      if (closed(state)) {
        if (!output.json()) {
          output.out().printf("%s is %s%n", id, Output.text(state, "phase"));
          output.out().flush();
        }
        return ExitCode.DONE.code();
      }
      Thread.sleep(intervalSeconds * 1000L);
    }
  }

  /** The entries not printed before, in order. */
  List<JsonNode> fresh(JsonNode timeline) {
    List<JsonNode> entries = new ArrayList<>();
    for (JsonNode entry : timeline) {
      if (seen.add(Json.write(entry))) {
        entries.add(entry);
      }
    }
    return entries;
  }

  /** JSON: one entry per line; otherwise rows of the timeline table. */
  private static void print(List<JsonNode> entries, Output output, boolean header) {
    if (output.json()) {
      entries.forEach(e -> output.out().println(Json.write(e)));
      output.out().flush();
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    if (header) {
      rows.add(List.of("TIME", "ACTOR", "EVENT", "ACTION TAKEN"));
    }
    entries.forEach(e -> rows.add(ShowCommand.timelineRow(e)));
    if (!rows.isEmpty()) {
      output.rows(rows);
    }
  }

  static boolean closed(JsonNode state) {
    return "CLOSED".equals(state.path("phase").asString(""))
        || (!state.path("closedAt").isNull() && !state.path("closedAt").isMissingNode());
  }
}
