package io.incidentresponse.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The application processes one end-to-end class runs (demo service, worker, starter), each with
 * its log under {@code target/e2e/logs/NAME.log}. All of them are killed when the class is done,
 * and by a shutdown hook when the test JVM is stopped from outside.
 */
final class Processes implements AutoCloseable {
  private final Path logs;
  private final Map<String, Process> running = new LinkedHashMap<>();

  Processes(Path logs) {
    this.logs = logs;
    Runtime.getRuntime().addShutdownHook(new Thread(this::close));
  }

  /**
   * Starts {@code command} as {@code name}, with the test JVM's environment plus {@code env}; an
   * entry whose value is null removes that variable (a setting this process must not see).
   */
  synchronized void start(String name, List<String> command, Map<String, String> env)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    env.forEach(
        (key, value) -> {
          if (value == null) {
            builder.environment().remove(key);
          } else {
            builder.environment().put(key, value);
          }
        });
    Path log = log(name);
    Files.writeString(
        log,
        "\n==== " + Instant.now() + " starting " + String.join(" ", command) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    running.put(name, builder.start());
  }

  /** The process id of {@code name}: the Temporal SDK's default worker identity is PID@host. */
  synchronized long pid(String name) {
    return running.get(name).pid();
  }

  Path log(String name) {
    return logs.resolve(name + ".log");
  }

  /** SIGKILL (Process.destroyForcibly on Unix), then wait until it is gone. */
  synchronized void kill(String name) {
    Process process = running.get(name);
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Starts a test class's own worker ({@code prefix-worker}, {@code workerEnv}) and starter ({@code
   * prefix-starter} on {@code starterPort} with the e2e person's admin API key, {@code starterEnv}
   * added to its environment), and waits until both are healthy; answers the starter.
   */
  StarterApi workerAndStarter(
      String prefix,
      Map<String, String> workerEnv,
      int workerPort,
      int starterPort,
      Map<String, String> starterEnv)
      throws IOException {
    start(prefix + "-worker", javaJar("worker", "512m"), workerEnv);
    List<String> starterCommand = new ArrayList<>(javaJar("starter", "384m"));
    starterCommand.addAll(E2e.apiKeySettings("e2e"));
    Map<String, String> env = new LinkedHashMap<>(starterEnv);
    env.put("PORT", "" + starterPort);
    start(prefix + "-starter", starterCommand, env);
    StarterApi starter = new StarterApi(starterPort, E2e.alertmanagerToken());
    E2e.waitFor("the " + prefix + " worker", () -> E2e.health(workerPort));
    E2e.waitFor("the " + prefix + " starter", starter::healthy);
    return starter;
  }

  @Override
  public void close() {
    List<Process> all;
    synchronized (this) {
      all = new ArrayList<>(running.values());
    }
    all.forEach(Process::destroyForcibly);
  }

  // ------------------------------------------------------------------------------ commands

  static Path jar(String module) throws IOException {
    try (Stream<Path> files = Files.list(E2e.repo().resolve(module).resolve("target"))) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".jar"))
          .filter(p -> !p.getFileName().toString().endsWith("-plain.jar"))
          .findFirst()
          .orElseThrow(
              () -> new IllegalStateException("no " + module + " jar: ./mvnw -DskipTests package"));
    }
  }

  /** {@code java -Xmx<heap> -jar <module jar> args...} with this JVM's java. */
  static List<String> javaJar(String module, String heap, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-jar");
    command.add(jar(module).toString());
    command.addAll(List.of(args));
    return command;
  }
}
