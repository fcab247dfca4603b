package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.starter.cli.IncidentCtl;
import io.incidentresponse.workflows.incident.IncidentState;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** incidentctl against the running starter. */
class IncidentCtlIT extends StarterIT {

  record Run(int exit, String out, String err) {}

  private Run incidentctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new IncidentCtl());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    all[0] = "--url";
    all[1] = "http://127.0.0.1:" + port;
    System.arraycopy(args, 0, all, 2, args.length);
    int exit = cli.execute(all);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void show_printsTheIncidentAndAnAlignedTimeline() {
    String id = declare("ctl-show", "P1");

    Run run = incidentctl("show", id);

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith(id + "  P1 MITIGATING  ctl-show degraded");
    assertThat(run.out()).containsPattern("(?m)^TIME +ACTOR +EVENT +ACTION TAKEN$");
    assertThat(run.out()).contains("Incident opened from 1 alert(s): ctl-show degraded");
  }

  @Test
  void ack_acknowledgesAsTheNamedPerson() {
    String id = declare("ctl-ack", "P1");

    Run run = incidentctl("ack", id, "--as", "carol", "--note", "on it");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("sent acknowledge to " + id);
    IncidentState state = await(id, IncidentState::acknowledged);
    assertThat(state.acknowledgedBy).isEqualTo("carol");
  }

  @Test
  void impact_recordsTheUsersAffected() {
    String id = declare("ctl-impact", "P1");

    Run run = incidentctl("impact", id, "--as", "dana", "--users", "1200", "--note", "5xx logs");

    assertThat(run.exit()).as(run.err()).isZero();
    IncidentState state = await(id, s -> s.usersAffected != null);
    assertThat(state.usersAffected).isEqualTo(1200L);
    assertThat(state.usersAffectedSource).isEqualTo("recorded by dana");
  }

  @Test
  void noteAndJsonOutput() {
    String id = declare("ctl-note", "P1");

    Run note = incidentctl("note", id, "--as", "erin", "EU", "customers", "only");
    await(id, s -> s.timeline.stream().anyMatch(e -> e.event().equals("Note: EU customers only")));
    Run json = incidentctl("--json", "show", id);

    assertThat(note.exit()).isZero();
    assertThat(this.json.readTree(json.out()).get("incidentId").asString()).isEqualTo(id);
  }

  @Test
  void refusals_exitNonZeroWithTheReason() {
    String id = declare("ctl-refuse", "P1");

    Run unknownAction = incidentctl("approve", id, "rollback-9", "--as", "alice");
    Run list = incidentctl("list", "--open");
    Run unreachable = new IncidentCtlIT.Unreachable().run();

    assertThat(unknownAction.exit()).isEqualTo(1);
    assertThat(unknownAction.err()).contains("no action 'rollback-9'");
    assertThat(list.exit()).isEqualTo(2);
    assertThat(list.err()).contains("no visibility queries");
    assertThat(unreachable.exit()).isEqualTo(2);
    assertThat(unreachable.err()).contains("cannot reach http://127.0.0.1:9");
  }

  static class Unreachable {
    Run run() {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cli = new CommandLine(new IncidentCtl());
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      int exit = cli.execute("--url", "http://127.0.0.1:9", "show", "x");
      return new Run(exit, out.toString(), err.toString());
    }
  }
}
