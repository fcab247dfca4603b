package io.incidentresponse.demo;

/**
 * The share of {@code /checkout} requests that fail, changeable while the service runs (the
 * runbook's FAILURE_RATE drill). Thread-safe.
 */
final class FailureRate {
  private volatile double rate;

  FailureRate(double initial) {
    this.rate = check(initial);
  }

  double get() {
    return rate;
  }

  void set(double value) {
    rate = check(value);
  }

  /** The value if it is a share (0..1), else IllegalArgumentException. */
  static double check(double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("rate must be between 0 and 1, was " + value);
    }
    return value;
  }
}
