package io.incidentresponse.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;

@Command(
    name = "completion",
    description = "Print the bash/zsh completion script: source <(./incidentctl completion)")
class CompletionCommand extends CtlCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    String script = AutoComplete.bash("incidentctl", spec.root().commandLine());
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return ExitCode.DONE.code();
  }
}
