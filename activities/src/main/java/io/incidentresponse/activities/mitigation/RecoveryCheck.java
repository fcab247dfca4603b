package io.incidentresponse.activities.mitigation;

import io.incidentresponse.workflows.mitigation.VerificationRequest;
import java.util.List;

/**
 * One part of recovery verification (health endpoint, pods, Prometheus). It returns one or more
 * check results; it throws a typed {@code ApplicationFailure} only when it could not look at all.
 */
@FunctionalInterface
public interface RecoveryCheck {
  List<CheckResult> check(VerificationRequest request);

  /**
   * One check's outcome.
   *
   * @param name short name, e.g. {@code error ratio}
   * @param passed whether it is within range
   * @param detail the observed value against the threshold, e.g. {@code 0.2% < 1%}
   * @param seen false when there was nothing to judge (e.g. Prometheus has no {@code up} series for
   *     the service): not passed, since recovery is not shown, yet not evidence of a fault either,
   *     so a health check reports it as unknown
   */
  record CheckResult(String name, boolean passed, String detail, boolean seen) {
    public static CheckResult pass(String name, String detail) {
      return new CheckResult(name, true, detail, true);
    }

    public static CheckResult fail(String name, String detail) {
      return new CheckResult(name, false, detail, true);
    }

    /** Not passed, and nothing was seen: {@code detail} says why (e.g. {@code no data}). */
    public static CheckResult unseen(String name, String detail) {
      return new CheckResult(name, false, detail, false);
    }

    /** e.g. {@code error ratio 0.2% < 1%: ok}. */
    public String line() {
      return name + " " + detail + ": " + (passed ? "ok" : "FAILED");
    }
  }
}
