package io.incidentresponse.bench;

import io.incidentresponse.bench.raw.RawWorker;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's entry point. {@code raw-worker ADDRESS NAMESPACE} hosts the raw workflow (a JVM
 * of its own, measured as the project's worker is); {@code run OPTIONS} runs the scenarios and
 * writes the report (see {@link BenchSettings#parse}). Exit 1 when the harness itself breaks (a
 * side does not start, a request is refused, a figure is missing), never because a target is
 * missed.
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
    String mode = args.length == 0 ? "" : args[0];
    switch (mode) {
      case "raw-worker" -> {
        if (rest.size() < 2 || rest.size() > 3) {
          usage();
        }
        RawWorker.run(
            rest.get(0),
            rest.get(1),
            rest.size() == 3 ? Integer.parseInt(rest.get(2)) : RawWorker.DEFAULT_THREADS);
      }
      case "run" -> {
        int status;
        try {
          status = new BenchRun(BenchSettings.parse(rest)).run();
        } catch (IllegalArgumentException e) {
          System.err.println("bench: " + e.getMessage());
          usage();
          return;
        } catch (Exception e) {
          System.err.println("bench: the harness broke: " + e);
          e.printStackTrace();
          status = 1;
        }
        System.exit(status);
      }
      default -> usage();
    }
  }

  private static void usage() {
    System.err.println(
        "usage: bench run --temporal HOST:PORT [--short] [--out FILE] [--dir DIR] [--repo DIR]"
            + " [--repeats N] [--callers N] [--open N,N,...] [--first-port P] [--worker-heap SIZE]\n"
            + "       bench raw-worker HOST:PORT NAMESPACE [CACHE_SIZE]");
    System.exit(2);
  }
}
