package io.incidentresponse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one JVM costs: resident memory and threads from {@code /proc/PID/status}, and the live heap:
 * the total of {@code jcmd PID GC.class_histogram}, which forces a full GC and counts only the
 * objects it kept. ({@code GC.heap_info} after {@code GC.run} also counts what a busy JVM allocated
 * in between: on a worker still settling that was 15-20 MB, ~100 KB per incident of 200.)
 *
 * <p>The histogram also counts the instances of a workflow class: the workflows the worker's sticky
 * cache holds now, so a difference of two readings can be divided by the workflows actually added
 * (an evicted one leaves the heap as well as the count).
 *
 * @param rssKb resident set (VmRSS) in KB
 * @param heapUsedKb live objects after the forced GC, in KB
 * @param threads live threads (the kernel's count: Java and JVM-internal)
 * @param workflows live instances of the workflow class asked for (cached workflows)
 * @param histogram the whole class histogram, kept beside the report
 */
record JvmStats(long rssKb, long heapUsedKb, long threads, long workflows, String histogram) {
  private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)");
  private static final Pattern STATUS_FIELD = Pattern.compile("(?m)^(\\w+):\\s+(\\d+)");

  /** {@code pid}'s figures, counting the live instances of {@code workflowClass}. */
  static JvmStats of(long pid, String workflowClass) throws IOException, InterruptedException {
    String histogram = jcmd(pid, "GC.class_histogram");
    String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
    return new JvmStats(
        statusField(status, "VmRSS"),
        liveKb(histogram),
        statusField(status, "Threads"),
        instances(histogram, workflowClass),
        histogram);
  }

  /** The bytes on the "Total" line of {@code GC.class_histogram}, in KB. */
  static long liveKb(String histogram) {
    Matcher m = HISTOGRAM_TOTAL.matcher(histogram);
    if (!m.find()) {
      throw new IllegalStateException(
          "no 'Total' line in GC.class_histogram: "
              + histogram.substring(Math.max(0, histogram.length() - 500)));
    }
    return Long.parseLong(m.group(1)) / 1024;
  }

  /** The instances of exactly {@code className} in the histogram; 0 when it has none. */
  static long instances(String histogram, String className) {
    Matcher m =
        Pattern.compile(
                "(?m)^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+" + Pattern.quote(className) + "(\\s|$)")
            .matcher(histogram);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  static long statusField(String status, String field) {
    Matcher m = STATUS_FIELD.matcher(status);
    while (m.find()) {
      if (m.group(1).equals(field)) {
        return Long.parseLong(m.group(2));
      }
    }
    throw new IllegalStateException("no " + field + " in /proc/PID/status");
  }

  /** The jcmd of the JDK {@code pid} runs on (a worker may run on another JDK than the bench). */
  static Path jcmdOf(long pid) throws IOException {
    Path jcmd = Path.of("/proc", Long.toString(pid), "exe").toRealPath().resolveSibling("jcmd");
    return Files.isExecutable(jcmd)
        ? jcmd
        : Path.of(System.getProperty("java.home"), "bin", "jcmd");
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(List.of(jcmdOf(pid).toString(), Long.toString(pid), command))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // a full GC of a worker holding 10,000 incidents (over 1 GB live) on 2 loaded cores
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
    }
    return out;
  }
}
