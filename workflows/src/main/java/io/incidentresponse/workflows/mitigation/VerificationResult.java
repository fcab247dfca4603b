package io.incidentresponse.workflows.mitigation;

import java.util.List;

/**
 * Whether the service looks recovered.
 *
 * @param healthy every check passed
 * @param summary one line for the timeline
 * @param checks each check with its result, e.g. {@code error ratio 0.2% < 1%: ok}
 */
public record VerificationResult(boolean healthy, String summary, List<String> checks) {
  public VerificationResult {
    checks = checks == null ? List.of() : List.copyOf(checks);
  }
}
