package io.incidentresponse.starter;

import io.incidentresponse.cli.IncidentCtl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** incidentctl as {@code main} sets it up, run in this JVM against the starter on {@code url}. */
public final class Incidentctl {
  /** What one call printed and exited with. */
  public record Run(int exit, String out, String err) {}

  private Incidentctl() {}

  /** With {@code apiKey} ({@code --api-key}), or no credential when it is null. */
  public static Run run(String url, String apiKey, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = IncidentCtl.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("--url", url));
    if (apiKey != null) {
      all.addAll(List.of("--api-key", apiKey));
    }
    all.addAll(List.of(args));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }
}
