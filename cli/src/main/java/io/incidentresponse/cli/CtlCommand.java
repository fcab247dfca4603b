package io.incidentresponse.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A subcommand: reaches the API and the output through the root {@link IncidentCtl}. */
abstract class CtlCommand {
  @Spec CommandSpec spec;

  IncidentCtl ctl() {
    return (IncidentCtl) spec.root().userObject();
  }

  Api api() {
    return ctl().api();
  }

  Output output() {
    return ctl().output(spec.commandLine().getOut());
  }
}
