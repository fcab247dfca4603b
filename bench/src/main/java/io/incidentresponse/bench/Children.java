package io.incidentresponse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The JVMs a benchmark runs (the project's worker and starter, the raw worker), each logging to
 * {@code logs/NAME.log}. Their process ids are written to {@code pids} so scripts/bench.sh can stop
 * them even when this JVM is killed; {@link #close()} and a shutdown hook stop them otherwise.
 */
final class Children implements AutoCloseable {
  private final Path dir;
  private final Map<String, Process> running = new LinkedHashMap<>();

  Children(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("logs"));
    Runtime.getRuntime().addShutdownHook(new Thread(this::close));
  }

  /** As {@link #startJar(String, Path, List, Path, String, List, Map, Path)} on this JVM's java. */
  Process startJar(
      String name, Path jar, String heap, List<String> args, Map<String, String> env, Path workDir)
      throws IOException {
    return startJar(name, null, List.of(), jar, heap, args, env, workDir);
  }

  /**
   * Starts {@code java -Xmx<heap> -jar <jar> args} named {@code name} in {@code workDir}, with this
   * JVM's environment plus {@code env}; a null value removes that variable. {@code javaHome}: the
   * JDK to run it on, null for this JVM's; {@code jvmOptions} after {@code -Xmx}.
   */
  synchronized Process startJar(
      String name,
      Path javaHome,
      List<String> jvmOptions,
      Path jar,
      String heap,
      List<String> args,
      Map<String, String> env,
      Path workDir)
      throws IOException {
    List<String> command = new ArrayList<>();
    Path home = javaHome != null ? javaHome : Path.of(System.getProperty("java.home"));
    command.add(home.resolve("bin").resolve("java").toString());
    command.add("-Xmx" + heap);
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    env.forEach(
        (key, value) -> {
          if (value == null) {
            builder.environment().remove(key);
          } else {
            builder.environment().put(key, value);
          }
        });
    Files.createDirectories(workDir);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()));
    Process process = builder.start();
    running.put(name, process);
    Files.writeString(
        dir.resolve("pids"),
        process.pid() + "\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    return process;
  }

  /** The process id of {@code name}, which must be running. */
  synchronized long pid(String name) {
    requireAlive(name);
    return running.get(name).pid();
  }

  /**
   * Stops {@code name} (SIGTERM, then SIGKILL after 10 s) and forgets it; its log is kept, and the
   * next {@link #startJar} of the name appends to it.
   */
  void stop(String name) throws InterruptedException {
    Process process;
    synchronized (this) {
      process = running.remove(name);
    }
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  Path log(String name) {
    return dir.resolve("logs").resolve(name + ".log");
  }

  /** Fails naming the log when {@code name} has exited. */
  void requireAlive(String name) {
    Process process = running.get(name);
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException(
          name
              + " is not running (exit "
              + (process == null ? "?" : process.exitValue())
              + "); its log: "
              + log(name));
    }
  }

  @Override
  public void close() {
    List<Process> all;
    synchronized (this) {
      all = new ArrayList<>(running.values());
    }
    all.forEach(Process::destroy);
    for (Process process : all) {
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The module's executable jar under {@code repo/module/target} (not the {@code -plain} one). */
  static Path jar(Path repo, String module) throws IOException {
    Path target = repo.resolve(module).resolve("target");
    if (!Files.isDirectory(target)) {
      throw new IllegalStateException("no " + target + ": build it (scripts/bench.sh does)");
    }
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".jar"))
          .filter(p -> !p.getFileName().toString().endsWith("-plain.jar"))
          .findFirst()
          .orElseThrow(
              () -> new IllegalStateException("no " + module + " jar in " + target + ": build it"));
    }
  }
}
