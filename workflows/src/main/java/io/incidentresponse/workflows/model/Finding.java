package io.incidentresponse.workflows.model;

import java.time.Instant;
import java.util.List;

/**
 * What one diagnosis probe found.
 *
 * @param probe which probe
 * @param outcome healthy, anomaly, or unavailable
 * @param summary one line for people
 * @param evidence the observations behind it (pod reasons, metric values, log lines)
 * @param proposals mitigations the evidence points to
 * @param observedAt when the probe looked
 */
public record Finding(
    DiagnosisProbe probe,
    FindingOutcome outcome,
    String summary,
    List<String> evidence,
    List<ActionProposal> proposals,
    Instant observedAt) {

  public Finding {
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    proposals = proposals == null ? List.of() : List.copyOf(proposals);
  }

  public static Finding unavailable(DiagnosisProbe probe, String why, Instant at) {
    return new Finding(probe, FindingOutcome.UNAVAILABLE, why, List.of(), List.of(), at);
  }
}
