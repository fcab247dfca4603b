package io.incidentresponse.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Medians, percentiles and ranges of measured values. */
final class Stats {
  private Stats() {}

  /** A figure over repeats: its median and range. */
  record Summary(double median, double min, double max, int count) {
    static Summary of(List<Double> values) {
      if (values.isEmpty()) {
        throw new IllegalArgumentException("no values to summarize");
      }
      List<Double> sorted = sorted(values);
      return new Summary(
          percentile(sorted, 50), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    }
  }

  /**
   * The nearest-rank percentile {@code p} (0-100) of {@code values}: a value that was measured,
   * never an interpolation (the p99 of 10 samples is their maximum).
   */
  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values for a percentile");
    }
    if (p < 0 || p > 100) {
      throw new IllegalArgumentException("percentile " + p + " is not within 0-100");
    }
    List<Double> sorted = sorted(values);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static List<Double> sorted(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted;
  }
}
