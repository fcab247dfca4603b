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
 * @param rssKb resident set (VmRSS) in KB
 * @param heapUsedKb live objects after the forced GC, in KB
 * @param threads live threads (the kernel's count: Java and JVM-internal)
 */
record JvmStats(long rssKb, long heapUsedKb, long threads) {
  private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)");
  private static final Pattern STATUS_FIELD = Pattern.compile("(?m)^(\\w+):\\s+(\\d+)");

  static JvmStats of(long pid) throws IOException, InterruptedException {
    long heap = liveKb(jcmd(pid, "GC.class_histogram"));
    String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
    return new JvmStats(statusField(status, "VmRSS"), heap, statusField(status, "Threads"));
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

  static long statusField(String status, String field) {
    Matcher m = STATUS_FIELD.matcher(status);
    while (m.find()) {
      if (m.group(1).equals(field)) {
        return Long.parseLong(m.group(2));
      }
    }
    throw new IllegalStateException("no " + field + " in /proc/PID/status");
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
    }
    return out;
  }
}
