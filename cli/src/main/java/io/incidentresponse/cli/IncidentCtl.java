package io.incidentresponse.cli;

import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code incidentctl}: the starter's REST API from a shell. Every person's signal and action, the
 * postmortem and its action items, the timeline followed live; one exit code per kind of outcome
 * ({@link ExitCode}).
 */
@Command(
    name = "incidentctl",
    mixinStandardHelpOptions = true,
    // --help and --version on every subcommand too ("see: incidentctl show --help" must work)
    scope = ScopeType.INHERIT,
    version = "incidentctl 0.1.0",
    description = "List, read and steer incidents through the starter's REST API.",
    subcommands = {
      ListCommand.class,
      ShowCommand.class,
      DeclareCommand.class,
      SignalCommands.Ack.class,
      SignalCommands.Note.class,
      SignalCommands.Contacts.class,
      SignalCommands.Request.class,
      ApprovalCommands.Approvals.class,
      ApprovalCommands.Approve.class,
      SignalCommands.Reject.class,
      SignalCommands.Mitigated.class,
      SignalCommands.Severity.class,
      SignalCommands.AssignRole.class,
      SignalCommands.Reopen.class,
      SignalCommands.Resolve.class,
      SignalCommands.Impact.class,
      PostmortemCommand.class,
      ItemsCommand.class,
      WatchCommand.class,
      ReportCommand.class,
      MaintenanceCommand.class,
      HealthCommand.class,
      OnCallCommand.class,
      OperationCommands.Rollback.class,
      OperationCommands.Scale.class,
      OperationCommands.Operations.class,
      DrillCommand.class,
      CompletionCommand.class
    })
public class IncidentCtl {
  @Option(
      names = "--url",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description = "REST API base URL (env INCIDENT_API_URL, default http://127.0.0.1:8080)",
      defaultValue = "${env:INCIDENT_API_URL:-http://127.0.0.1:8080}")
  String url;

  @Option(
      names = "--api-key",
      scope = ScopeType.INHERIT,
      paramLabel = "KEY",
      description = "your API key (env INCIDENT_API_KEY); sent as X-API-Key",
      defaultValue = "${env:INCIDENT_API_KEY}")
  String apiKey;

  @Option(
      names = "--token",
      scope = ScopeType.INHERIT,
      paramLabel = "JWT",
      description = "an OIDC bearer token for the API (env INCIDENT_API_TOKEN)",
      defaultValue = "${env:INCIDENT_API_TOKEN}")
  String token;

  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      paramLabel = "FORMAT",
      description = "table (default; long cells shortened), wide (every column, whole), json",
      defaultValue = "table")
  Output.Format format;

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "the same as --output json")
  boolean json;

  @Option(
      names = "--timeout",
      scope = ScopeType.INHERIT,
      paramLabel = "SECONDS",
      description = "how long to wait for an answer (default 30)",
      defaultValue = "30")
  int timeoutSeconds;

  private Api api;

  static {
    // HttpURLConnection sends a POST again, silently, when the connection drops before the answer:
    // an approval or a note must be sent at most once.
    System.setProperty("sun.net.http.retryPost", "false");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line as {@code main} runs it: exit codes, help and errors set up. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new IncidentCtl());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n");
    cli.getCommandSpec().usageMessage().exitCodeList(ExitCode.forHelp());
    // picocli's own usage code (2) is the one for "unreachable": usage errors exit 64.
    cli.setParameterExceptionHandler(
        (e, args) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println("error: " + e.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
          err.println("see: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help");
          err.flush();
          return ExitCode.USAGE.code();
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (e instanceof ApiFailure failure) {
            err.println("error: " + failure.getMessage());
            if (failure.hint() != null) {
              err.println("hint: " + failure.hint());
            }
            err.flush();
            return failure.exitCode().code();
          }
          e.printStackTrace(err);
          err.flush();
          return ExitCode.FAILED.code();
        });
    return cli;
  }

  Api api() {
    if (api == null) {
      if (timeoutSeconds < 1) {
        throw new ApiFailure(ExitCode.USAGE, "--timeout must be 1 second or more");
      }
      api = new Api(url, apiKey, token, Duration.ofSeconds(timeoutSeconds));
    }
    return api;
  }

  Output output(PrintWriter out) {
    return new Output(json ? Output.Format.JSON : format, out);
  }
}
