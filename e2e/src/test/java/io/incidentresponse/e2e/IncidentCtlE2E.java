package io.incidentresponse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code incidentctl list} against a real starter on the stack's Temporal dev server: {@code list}
 * reads Temporal's visibility, which the test server of the starter's ITs lacks (there it can only
 * answer "not supported"). An incident declared over REST is listed, by its service, as open with
 * its severity and phase; resolved with {@code incidentctl resolve}, it is listed in its new phase,
 * also when asked by phase. The CLI is the built jar, run as a user runs it, its API key in the
 * environment.
 */
class IncidentCtlE2E {
  static final int STARTER_PORT = E2e.intEnv("E2E_CTL_STARTER_PORT", 18091);
  static final int WORKER_PORT = E2e.intEnv("E2E_CTL_WORKER_PORT", 18092);

  /** Visibility is eventually consistent: how long a change may take to show in a list. */
  static final Duration VISIBLE_WITHIN = Duration.ofSeconds(60);

  static Processes processes;
  static StarterApi starter;

  @BeforeAll
  static void startOurWorkerAndStarter() throws Exception {
    Path dir = E2e.dir().resolve("incidentctl");
    E2e.deleteTree(dir);
    processes = new Processes(E2e.logs());
    starter =
        processes.workerAndStarter(
            "ctl", E2e.ownWorkerEnv(WORKER_PORT, dir), WORKER_PORT, STARTER_PORT, Map.of());
  }

  @AfterAll
  static void stopOurs() {
    if (processes != null) {
      processes.close();
    }
  }

  @Test
  void list_findsTheDeclaredIncidentOpen_andAfterResolveInItsNewPhase() throws Exception {
    String service = "ctl-e2e-" + Long.toString(System.currentTimeMillis(), 36);
    StarterApi.Answer declared =
        starter.post(
            "/api/incidents",
            StarterApi.JSON_TYPE,
            "{\"title\":\"ctl e2e\",\"service\":\"" + service + "\",\"severity\":\"P2\"}");
    assertThat(declared.status()).as(declared.toString()).isEqualTo(202);
    String id = declared.json().at("/incidents/0/incidentId").asText();
    E2e.step("C1 declared over REST", id);

    JsonNode open =
        E2e.waitFor(
            "incidentctl list --open showing the incident",
            VISIBLE_WITHIN,
            () -> row(ctl("list", "--service", service, "--open", "-o", "json"), id));
    assertThat(open.get("service").asText()).isEqualTo(service);
    assertThat(open.get("severity").asText()).isEqualTo("P2");
    assertThat(open.get("status").asText()).isEqualTo("RUNNING");
    Run table = ctl("list", "--service", service);
    assertThat(table.exit()).as(table.err()).isZero();
    assertThat(table.out()).contains("SEVERITY", id, "P2", service);
    E2e.step("C2 incidentctl list shows it open", open.toString());

    Run resolve = ctl("resolve", id, "--note", "ctl e2e done");
    assertThat(resolve.exit()).as(resolve.err()).isZero();
    JsonNode resolved =
        E2e.waitFor(
            "incidentctl list showing the incident resolved",
            VISIBLE_WITHIN,
            () -> {
              JsonNode row = row(ctl("list", "--service", service, "-o", "json"), id);
              return row != null
                      && List.of("RESOLVED", "CLOSED").contains(row.path("phase").asText())
                  ? row
                  : null;
            });
    Run byPhase = ctl("list", "--phase", resolved.get("phase").asText(), "--service", service);
    assertThat(byPhase.exit()).as(byPhase.err()).isZero();
    assertThat(byPhase.out()).contains(id);
    E2e.step("C3 resolved with incidentctl; listed in its new phase", resolved.toString());
  }

  /**
   * The row of {@code id} in a {@code list -o json} answer; null when absent or the call failed.
   */
  static JsonNode row(Run list, String id) {
    assertThat(list.exit()).as(list.err()).isZero();
    try {
      for (JsonNode row : E2e.JSON.readTree(list.out())) {
        if (id.equals(row.path("incidentId").asText())) {
          return row;
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  record Run(int exit, String out, String err) {}

  /** Runs the built {@code incidentctl.jar} against our starter, the API key in its environment. */
  static Run ctl(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(E2e.repo().resolve("cli/target/incidentctl.jar").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("INCIDENT_API_URL", "http://127.0.0.1:" + STARTER_PORT);
    builder.environment().put("INCIDENT_API_KEY", E2e.API_KEY);
    builder.environment().remove("INCIDENT_API_TOKEN");
    try {
      Path out = Files.createTempFile("incidentctl", ".out");
      Path err = Files.createTempFile("incidentctl", ".err");
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process process = builder.start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("incidentctl " + String.join(" ", args) + " did not end in 60 s");
      }
      Run run =
          new Run(
              process.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
