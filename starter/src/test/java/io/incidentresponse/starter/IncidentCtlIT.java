package io.incidentresponse.starter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentresponse.starter.cli.IncidentCtl;
import io.incidentresponse.workflows.incident.IncidentState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** incidentctl against the running starter. */
class IncidentCtlIT extends StarterIT {

  record Run(int exit, String out, String err) {}

  /** incidentctl with alice's API key (admin). */
  private Run incidentctl(String... args) {
    return incidentctlWith(TestKeys.ALICE, args);
  }

  /** incidentctl with {@code apiKey}, or no credential when it is null. */
  private Run incidentctlWith(String apiKey, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new IncidentCtl());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("--url", "http://127.0.0.1:" + port));
    if (apiKey != null) {
      all.addAll(List.of("--api-key", apiKey));
    }
    all.addAll(List.of(args));
    int exit = cli.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void withoutCredentials_saysWhatToSet() {
    Run run = incidentctlWith(null, "show", "incident-x");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("this API needs credentials").contains("INCIDENT_API_KEY");
  }

  @Test
  void asSomebodyElse_printsTheRefusalAndWhatToDo_andNothingIsSent() {
    String id = declare("ctl-as-other", "P1");

    Run run = incidentctlWith(TestKeys.BOB, "ack", id, "--as", "alice");
    Run resolve = incidentctlWith(TestKeys.BOB, "resolve", id);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("by names somebody else: you are bob").contains("leave it out");
    assertThat(resolve.exit()).isEqualTo(1);
    assertThat(resolve.err()).contains("needs the role commander").contains("ask an admin");
    assertThat(incident(id).state().acknowledged()).isFalse();
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
  void ack_acknowledgesAsThePersonOfTheApiKey() {
    String id = declare("ctl-ack", "P1");

    Run run = incidentctlWith(TestKeys.CAROL, "ack", id, "--note", "on it");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("sent acknowledge to " + id);
    IncidentState state = await(id, IncidentState::acknowledged);
    assertThat(state.acknowledgedBy).isEqualTo("carol");
  }

  @Test
  void impact_recordsTheUsersAffected() {
    String id = declare("ctl-impact", "P1");

    Run run =
        incidentctlWith(
            TestKeys.BOB, "impact", id, "--as", "bob", "--users", "1200", "--note", "5xx logs");

    assertThat(run.exit()).as(run.err()).isZero();
    IncidentState state = await(id, s -> s.usersAffected != null);
    assertThat(state.usersAffected).isEqualTo(1200L);
    assertThat(state.usersAffectedSource).isEqualTo("recorded by bob");
  }

  @Test
  void noteAndJsonOutput() {
    String id = declare("ctl-note", "P1");

    Run note = incidentctlWith(TestKeys.BOB, "note", id, "EU", "customers", "only");
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
