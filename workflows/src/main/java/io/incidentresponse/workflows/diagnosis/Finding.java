package io.incidentresponse.workflows.diagnosis;

import io.incidentresponse.workflows.mitigation.ActionProposal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one diagnosis probe found.
 *
 * @param probe which probe
 * @param outcome healthy, anomaly, or unavailable
 * @param summary one line for people
 * @param evidence the observations behind it (pod reasons, metric values, log lines)
 * @param proposals mitigations the evidence points to
 * @param observedAt when the probe looked
 * @param facts machine-readable observations under the keys of {@link FindingFacts}, which the
 *     hypothesis ranking correlates across probes (e.g. the rollout time against the moment the
 *     error ratio rose); empty when the probe has none
 */
public record Finding(
    DiagnosisProbe probe,
    FindingOutcome outcome,
    String summary,
    List<String> evidence,
    List<ActionProposal> proposals,
    Instant observedAt,
    Map<String, String> facts) {

  public Finding {
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    proposals = proposals == null ? List.of() : List.copyOf(proposals);
    facts =
        facts == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
  }

  /** A finding without facts. */
  public Finding(
      DiagnosisProbe probe,
      FindingOutcome outcome,
      String summary,
      List<String> evidence,
      List<ActionProposal> proposals,
      Instant observedAt) {
    this(probe, outcome, summary, evidence, proposals, observedAt, Map.of());
  }

  /** The fact under {@code key}, or null. */
  public String fact(String key) {
    return facts.get(key);
  }

  public static Finding unavailable(DiagnosisProbe probe, String why, Instant at) {
    return new Finding(probe, FindingOutcome.UNAVAILABLE, why, List.of(), List.of(), at);
  }
}
