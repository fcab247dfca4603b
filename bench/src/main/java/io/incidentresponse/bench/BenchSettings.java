package io.incidentresponse.bench;

import io.incidentresponse.bench.raw.RawWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How one benchmark run goes; {@link #parse} reads the command line scripts/bench.sh passes.
 *
 * @param temporal the Temporal frontend both sides use
 * @param namespace its namespace
 * @param repo the repository (the worker and starter jars are under it)
 * @param dir where logs, working directories and the report go
 * @param out the Markdown report
 * @param shortMode CI's quick proof that the harness works
 * @param repeats repeats of each measurement (medians of these)
 * @param callers concurrent callers on both sides
 * @param latencySamples alerts one at a time per latency repeat
 * @param ingestion how long each ingestion measurement lasts
 * @param openCounts the numbers of open incidents measured
 * @param stateSamples state queries per side while they are open
 * @param firstPort the first of the ports the harness uses (starter, worker, stub)
 * @param workerHeap -Xmx of the project's and the raw worker
 * @param ingestionOnly only the ingestion rows (after the warm-up and the latency scenario, which
 *     measures what a new incident schedules): a quicker run while working on ingestion
 * @param workerJava the JDK the project's and the raw worker run on; null: the bench's own
 * @param openOnly only the latency scenario (it counts the activities a new incident schedules,
 *     which the raw side's open workflows repeat) and the open incidents
 * @param probesOnly only the 8 probes of 200 ms (after the warm-up and the latency scenario)
 * @param compactHeaders {@code -XX:+UseCompactObjectHeaders} for the project's and the raw worker
 *     when their JVM is 25 or later (a product flag since JDK 25, JEP 519; the worker's image sets
 *     it): {@code --compact-headers off} measures without it
 * @param eagerActivities whether the server allows eager activity dispatch ({@code
 *     system.enableActivityEagerExecution}), as scripts/bench.sh started its dev server; null when
 *     the server is someone else's (the report says it is not known)
 */
record BenchSettings(
    String temporal,
    String namespace,
    Path repo,
    Path dir,
    Path out,
    boolean shortMode,
    int repeats,
    int callers,
    int latencySamples,
    Duration ingestion,
    List<Integer> openCounts,
    int stateSamples,
    int firstPort,
    String workerHeap,
    boolean ingestionOnly,
    Path workerJava,
    boolean openOnly,
    boolean probesOnly,
    boolean compactHeaders,
    Boolean eagerActivities) {

  /** The flag that gives objects 8-byte headers (JEP 519), a product flag from JDK 25 on. */
  static final String COMPACT_HEADERS = "-XX:+UseCompactObjectHeaders";

  /** The JVM options of the project's and the raw worker beside their -Xmx. */
  List<String> workerJvmOptions() {
    return compactHeaders && workerJavaFeature() >= 25 ? List.of(COMPACT_HEADERS) : List.of();
  }

  /** The feature release (17, 21, 25) of the JVM the workers run on. */
  int workerJavaFeature() {
    if (workerJava == null) {
      return Runtime.version().feature();
    }
    try (var in = Files.newBufferedReader(workerJava.resolve("release"))) {
      java.util.Properties release = new java.util.Properties();
      release.load(in);
      String version = release.getProperty("JAVA_VERSION", "0").replace("\"", "");
      return Runtime.Version.parse(version).feature();
    } catch (java.io.IOException | IllegalArgumentException unreadable) {
      return 0;
    }
  }

  /**
   * The raw worker's sticky cache: every workflow the largest open-incident scenario keeps (its N,
   * the warm-up's and a margin for the health check's), never below the SDK's default. Three times
   * what it holds: the SDK's cache is Guava segments that each evict past their share, so a cache
   * sized to its workflows kept about 93% of them (927 of 1,000 in a run at 1,000 open).
   */
  int rawCacheSize() {
    int most = openCounts.stream().mapToInt(Integer::intValue).max().orElse(0);
    return Math.max(RawWorker.DEFAULT_THREADS, 3 * (most + RAW_CACHE_MARGIN));
  }

  /** Raw workflows cached beside the measured ones: the warm-up's 20 and the health checks'. */
  static final int RAW_CACHE_MARGIN = 100;

  int starterPort() {
    return firstPort;
  }

  int workerPort() {
    return firstPort + 1;
  }

  int stubPort() {
    return firstPort + 2;
  }

  /** The Kubernetes API, Prometheus and Elasticsearch of the probes scenario. */
  int diagnosisStubPort() {
    return firstPort + 3;
  }

  /**
   * {@code --temporal HOST:PORT [--namespace NS] [--repo DIR] [--dir DIR] [--out FILE] [--short]
   * [--repeats N] [--callers N] [--open N,N] [--first-port P] [--worker-heap 1g] [--worker-java
   * JDK_HOME] [--compact-headers on|off] [--ingestion-only] [--open-only] [--probes-only]
   * [--eager-activities true|false]}.
   */
  static BenchSettings parse(List<String> args) {
    String temporal = null;
    String namespace = "default";
    Path repo = Path.of(".");
    Path dir = null;
    Path out = null;
    boolean shortMode = false;
    Integer repeats = null;
    int callers = 16;
    List<Integer> open = null;
    int firstPort = 27080;
    String heap = null;
    boolean ingestionOnly = false;
    Path workerJava = null;
    boolean openOnly = false;
    boolean probesOnly = false;
    boolean compactHeaders = true;
    Boolean eagerActivities = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--short" -> shortMode = true;
        case "--ingestion-only" -> ingestionOnly = true;
        case "--open-only" -> openOnly = true;
        case "--probes-only" -> probesOnly = true;
        case "--temporal" -> temporal = value(args, ++i, arg);
        case "--namespace" -> namespace = value(args, ++i, arg);
        case "--repo" -> repo = Path.of(value(args, ++i, arg));
        case "--dir" -> dir = Path.of(value(args, ++i, arg));
        case "--out" -> out = Path.of(value(args, ++i, arg));
        case "--repeats" -> repeats = positive(value(args, ++i, arg), arg);
        case "--callers" -> callers = positive(value(args, ++i, arg), arg);
        case "--first-port" -> firstPort = positive(value(args, ++i, arg), arg);
        case "--worker-heap" -> heap = value(args, ++i, arg);
        case "--worker-java" -> workerJava = javaHome(value(args, ++i, arg));
        case "--compact-headers" -> compactHeaders = onOff(value(args, ++i, arg), arg);
        case "--eager-activities" -> eagerActivities = bool(value(args, ++i, arg), arg);
        case "--open" -> {
          open = new ArrayList<>();
          for (String n : value(args, ++i, arg).split(",")) {
            open.add(positive(n.strip(), arg));
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    if (temporal == null) {
      throw new IllegalArgumentException("--temporal HOST:PORT is required");
    }
    repo = repo.toAbsolutePath().normalize();
    dir = dir == null ? repo.resolve("target/bench") : dir.toAbsolutePath();
    out = out == null ? dir.resolve("report.md") : out.toAbsolutePath();
    return new BenchSettings(
        temporal,
        namespace,
        repo,
        dir,
        out,
        shortMode,
        repeats != null ? repeats : shortMode ? 1 : 3,
        callers,
        shortMode ? 10 : 30,
        shortMode ? Duration.ofSeconds(4) : Duration.ofSeconds(15),
        open != null ? List.copyOf(open) : shortMode ? List.of(200) : List.of(1000, 3000, 10000),
        // the nearest-rank p99 of 50 samples was their maximum: one pause decided the target row
        shortMode ? 100 : 200,
        firstPort,
        // a full run opens 10,000: 1g holds their 521 MB live heap, RSS 1.2 GB (README, Sizing)
        heap != null ? heap : shortMode ? "768m" : "1g",
        ingestionOnly,
        workerJava,
        openOnly,
        probesOnly,
        compactHeaders,
        eagerActivities);
  }

  private static boolean onOff(String value, String option) {
    return switch (value) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException(option + " is on or off, not " + value);
    };
  }

  /** A JDK home with an executable {@code bin/java}. */
  private static Path javaHome(String dir) {
    Path home = Path.of(dir).toAbsolutePath().normalize();
    if (!Files.isExecutable(home.resolve("bin").resolve("java"))) {
      throw new IllegalArgumentException("--worker-java " + dir + " has no executable bin/java");
    }
    return home;
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }

  private static boolean bool(String text, String option) {
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(option + " must be true or false, not '" + text + "'");
    };
  }

  private static int positive(String text, String option) {
    try {
      int n = Integer.parseInt(text);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " must be a positive integer, not '" + text + "'");
  }
}
