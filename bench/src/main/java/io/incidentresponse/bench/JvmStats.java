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
 * What one JVM costs: resident memory and threads from {@code /proc/PID/status}, heap used after a
 * full GC forced with {@code jcmd PID GC.run} and read with {@code GC.heap_info}.
 *
 * @param rssKb resident set (VmRSS) in KB
 * @param heapUsedKb heap in use after the forced GC, in KB
 * @param threads live threads (the kernel's count: Java and JVM-internal)
 */
record JvmStats(long rssKb, long heapUsedKb, long threads) {
  private static final Pattern USED = Pattern.compile("\\bused (\\d+)K");
  private static final Pattern STATUS_FIELD = Pattern.compile("(?m)^(\\w+):\\s+(\\d+)");

  static JvmStats of(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    long heap = heapUsedKb(jcmd(pid, "GC.heap_info"));
    String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
    return new JvmStats(statusField(status, "VmRSS"), heap, statusField(status, "Threads"));
  }

  /** The first "used NK" of {@code GC.heap_info}: the whole heap's (regions follow it). */
  static long heapUsedKb(String heapInfo) {
    Matcher m = USED.matcher(heapInfo);
    if (!m.find()) {
      throw new IllegalStateException("no 'used NK' in GC.heap_info: " + heapInfo);
    }
    return Long.parseLong(m.group(1));
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
