package io.incidentresponse.cli;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(
    name = "report",
    description = "The monthly incident report as Markdown (stored by the worker, not posted).")
class ReportCommand extends CtlCommand implements Callable<Integer> {
  @Option(
      names = "--month",
      paramLabel = "yyyy-MM",
      description = "the month, e.g. 2026-10 (default: last month, UTC)")
  String month;

  @Override
  public Integer call() {
    String which =
        month == null || month.isBlank()
            ? YearMonth.now(ZoneOffset.UTC).minusMonths(1).toString()
            : month.strip();
    JsonNode report = api().get("/api/reports/" + Api.segment(which));
    Output output = output();
    if (output.json()) {
      output.print(report);
    } else {
      output.out().print(Output.text(report, "markdown"));
      output.out().flush();
    }
    return ExitCode.DONE.code();
  }
}
