package io.incidentresponse.workflows.diagnosis;

import java.time.Instant;
import java.util.List;

/**
 * The result of one diagnosis round: every probe's finding, even the ones that failed.
 *
 * @param round 1 for the first diagnosis, 2 after the first reopen, ...
 * @param startedAt when the probes started
 * @param completedAt when the last probe answered or timed out
 * @param findings one per probe, in probe order
 * @param proposedActionIds ids of the actions this round proposed
 * @param hypotheses likely causes ranked from the findings, most likely first
 */
public record DiagnosisReport(
    int round,
    Instant startedAt,
    Instant completedAt,
    List<Finding> findings,
    List<String> proposedActionIds,
    List<Hypothesis> hypotheses) {

  public DiagnosisReport {
    findings = findings == null ? List.of() : List.copyOf(findings);
    proposedActionIds = proposedActionIds == null ? List.of() : List.copyOf(proposedActionIds);
    hypotheses = hypotheses == null ? List.of() : List.copyOf(hypotheses);
  }

  public long count(FindingOutcome outcome) {
    return findings.stream().filter(f -> f.outcome() == outcome).count();
  }

  /** e.g. {@code 2 anomalies, 5 healthy, 1 unavailable}. */
  public String summary() {
    return count(FindingOutcome.ANOMALY)
        + " anomalies, "
        + count(FindingOutcome.HEALTHY)
        + " healthy, "
        + count(FindingOutcome.UNAVAILABLE)
        + " unavailable";
  }
}
