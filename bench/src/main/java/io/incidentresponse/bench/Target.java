package io.incidentresponse.bench;

/**
 * A target of issue 18 on one figure: the figure must be at least or at most {@code bound}.
 *
 * @param text how the report states it, e.g. {@code ">= 0.8x raw"}
 * @param bound the limit
 * @param atLeast whether the figure must reach the bound (else stay under it)
 */
record Target(String text, double bound, boolean atLeast) {
  static Target atLeast(double bound, String text) {
    return new Target(text, bound, true);
  }

  static Target atMost(double bound, String text) {
    return new Target(text, bound, false);
  }

  boolean met(double figure) {
    return atLeast ? figure >= bound : figure <= bound;
  }
}
