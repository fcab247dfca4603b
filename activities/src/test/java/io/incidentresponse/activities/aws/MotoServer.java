package io.incidentresponse.activities.aws;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real AWS API endpoint on this machine for the tests: the moto server (PyPI {@code
 * moto[server]}), installed by the project's {@code scripts/install-moto.sh} when missing (about 2
 * minutes the first time, instant after), started on a free port before the class, reset before
 * each test, stopped after the class. Never skipped: a machine that cannot install it fails the
 * test with the script's message.
 */
final class MotoServer implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private Process process;
  private int port;

  /** {@code http://127.0.0.1:<port>}, for {@code incident.aws.endpoint}. */
  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path repository = repository();
    Path log = repository.resolve("activities/target/moto");
    Files.createDirectories(log);
    String motoServer = install(repository, log.resolve("install.log"));
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    process =
        new ProcessBuilder(motoServer, "-H", "127.0.0.1", "-p", String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(log.resolve("server-" + port + ".log").toFile())
            .start();
    // A test JVM that is killed (a timeout in the build) must not leave the server running.
    Process started = process;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "moto-server-stop"));
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (!answers()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        stop();
        throw new IllegalStateException(
            "moto_server did not start on port "
                + port
                + " within "
                + START_TIMEOUT
                + " (see "
                + log.resolve("server-" + port + ".log")
                + ")");
      }
      Thread.sleep(200);
    }
  }

  /** Every test starts from an empty AWS account. */
  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    HttpURLConnection reset =
        (HttpURLConnection) URI.create(endpoint() + "/moto-api/reset").toURL().openConnection();
    reset.setRequestMethod("POST");
    reset.setDoOutput(true);
    reset.getOutputStream().close();
    if (reset.getResponseCode() != 200) {
      throw new IllegalStateException("moto reset answered " + reset.getResponseCode());
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    stop();
  }

  private void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Runs the project's install script and returns the moto_server path it prints. */
  private static String install(Path repository, Path log) throws Exception {
    Path script = repository.resolve("scripts/install-moto.sh");
    Path out = Files.createTempFile("install-moto", ".out");
    try {
      Process install =
          new ProcessBuilder("bash", script.toString())
              .redirectOutput(out.toFile())
              .redirectError(log.toFile())
              .start();
      if (!install.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        install.destroyForcibly();
        throw new IllegalStateException(script + " took more than " + INSTALL_TIMEOUT);
      }
      String printed = Files.readString(out, StandardCharsets.UTF_8).strip();
      if (install.exitValue() != 0 || printed.isEmpty() || !new File(printed).canExecute()) {
        throw new IllegalStateException(
            script
                + " failed (exit "
                + install.exitValue()
                + "): "
                + Files.readString(log, StandardCharsets.UTF_8).strip());
      }
      return printed;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** The repository root: the first directory up from here that holds the script. */
  private static Path repository() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("scripts/install-moto.sh"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "scripts/install-moto.sh not found above " + Path.of("").toAbsolutePath());
  }

  private boolean answers() {
    try {
      HttpURLConnection probe =
          (HttpURLConnection) URI.create(endpoint() + "/moto-api/").toURL().openConnection();
      probe.setConnectTimeout(500);
      probe.setReadTimeout(2000);
      return probe.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }
}
