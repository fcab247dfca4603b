package io.incidentresponse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What every end-to-end class needs: the settings {@code scripts/e2e.sh} exports, where logs go,
 * the step log ({@code target/e2e/steps.log}), waiting for a condition, and the stack script.
 */
final class E2e {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private E2e() {}

  static int intEnv(String name, int fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
  }

  static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: run this test through scripts/e2e.sh");
    }
    return value;
  }

  static Path repo() {
    return Path.of(System.getenv().getOrDefault("E2E_REPO", "..")).toAbsolutePath().normalize();
  }

  static Path dir() {
    return Path.of(env("E2E_DIR"));
  }

  static Path logs() throws IOException {
    return Files.createDirectories(dir().resolve("logs"));
  }

  /** The Alertmanager webhook's bearer token, the one the stack's Alertmanager sends. */
  /** The starter's REST API key in these runs: random per run; the starter holds its SHA-256. */
  static final String API_KEY = randomHex();

  /**
   * The starter settings for {@link #API_KEY}: {@code person} with the admin role (the REST API
   * refuses requests without credentials), and the role-less key Prometheus scrapes its metrics
   * with (deploy/secrets/starter-metrics-key, as in the compose stack).
   */
  static List<String> apiKeySettings(String person) throws IOException {
    String metricsKey =
        Files.readString(repo().resolve("deploy/secrets/starter-metrics-key")).strip();
    return List.of(
        "--incident.security.api-keys[0].person=" + person,
        "--incident.security.api-keys[0].roles=admin",
        "--incident.security.api-keys[0].sha256=" + sha256Hex(API_KEY),
        "--incident.security.api-keys[1].person=prometheus",
        "--incident.security.api-keys[1].sha256=" + sha256Hex(metricsKey));
  }

  static String randomHex() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String alertmanagerToken() throws IOException {
    return Files.readString(repo().resolve("deploy/secrets/alertmanager-webhook-token")).strip();
  }

  /**
   * The environment of a worker a test class starts for itself: its port, the stack's history
   * store, its own postmortem and report folders, no Kubernetes, and none of the probe and
   * verification settings e2e.sh exports for IncidentE2E's worker.
   */
  static Map<String, String> ownWorkerEnv(int port, Path dir) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("WORKER_PORT", "" + port);
    env.putAll(historyStore());
    env.put("INCIDENT_POSTMORTEM_DIRECTORY", dir.resolve("postmortems").toString());
    env.put("INCIDENT_REPORT_DIRECTORY", dir.resolve("reports").toString());
    env.put("INCIDENT_KUBERNETES_ENABLED", "false");
    env.put("KUBECONFIG", "/nonexistent");
    env.put("PROMETHEUS_URL", null);
    env.put("INCIDENT_DATABASE_URL", null);
    env.put("INCIDENT_DATABASE_USERNAME", null);
    env.put("INCIDENT_DATABASE_PASSWORD", null);
    env.put("INCIDENT_HEALTH_URL_TEMPLATE", null);
    return env;
  }

  /** The worker's incident history store: the stack's PostgreSQL. */
  static Map<String, String> historyStore() {
    return Map.of(
        "INCIDENT_HISTORY_URL", env("INCIDENT_DATABASE_URL"),
        "INCIDENT_HISTORY_USERNAME", env("INCIDENT_DATABASE_USERNAME"),
        "INCIDENT_HISTORY_PASSWORD", env("INCIDENT_DATABASE_PASSWORD"));
  }

  // ------------------------------------------------------------------------------ the step log

  static void step(String step, String detail) {
    line("PASS " + step + (detail.isEmpty() ? "" : " | " + detail));
  }

  static void failed(String step, String detail) {
    line("FAIL " + step + " | " + detail);
  }

  private static void line(String text) {
    String line = Instant.now() + " " + text;
    System.out.println(line);
    append(dir().resolve("steps.log"), line);
  }

  static void append(Path file, String line) {
    try {
      Files.writeString(
          file,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println(file + ": " + e);
    }
  }

  // ------------------------------------------------------------------------------ waiting

  static void waitFor(String what, Supplier<Boolean> condition) {
    waitFor(what, Duration.ofMinutes(2), () -> Boolean.TRUE.equals(condition.get()) ? true : null);
  }

  /** Polls {@code value} every {@code every} until it is not null; fails naming {@code what}. */
  static <T> T waitFor(String what, Duration timeout, Duration every, Supplier<T> value) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      T result;
      try {
        result = value.get();
      } catch (RuntimeException e) {
        result = null;
      }
      if (result != null) {
        return result;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      pause(every);
    }
  }

  static <T> T waitFor(String what, Duration timeout, Supplier<T> value) {
    return waitFor(what, timeout, Duration.ofSeconds(1), value);
  }

  /** Polls {@code condition} until it holds or {@code deadline} passes; says which. */
  static boolean waitUntil(Instant deadline, Duration every, Supplier<Boolean> condition) {
    while (true) {
      try {
        if (Boolean.TRUE.equals(condition.get())) {
          return true;
        }
      } catch (RuntimeException e) {
        // not there yet
      }
      if (!Instant.now().isBefore(deadline)) {
        return false;
      }
      pause(every);
    }
  }

  static void pause(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  // ------------------------------------------------------------------------------ HTTP, JSON

  static int status(String url) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static boolean health(int port) {
    return status("http://127.0.0.1:" + port + "/actuator/health") == 200;
  }

  /** An instant as Jackson writes it: ISO-8601, or seconds since the epoch; null if absent. */
  static Instant instant(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isNumber()) {
      BigDecimal seconds = node.decimalValue();
      return Instant.ofEpochSecond(
          seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }
    return Instant.parse(node.asText());
  }

  // ------------------------------------------------------------------------------ the stack

  /** {@code scripts/e2e-stack.sh ARGS}, its output appended to {@code logs/e2e-test-sh.log}. */
  static void stack(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = "scripts/e2e-stack.sh";
    System.arraycopy(args, 0, command, 1, args.length);
    Path log = logs().resolve("e2e-test-sh.log");
    Process process =
        new ProcessBuilder(command)
            .directory(repo().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    String shown = String.join(" ", command) + " (output: " + log + ")";
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).as(shown).isTrue();
    assertThat(process.exitValue()).as(shown).isZero();
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
