package io.incidentresponse.workflows.diagnosis;

import io.incidentresponse.workflows.mitigation.ActionProposal;
import java.util.List;

/**
 * A likely cause of the incident, ranked from the findings of one diagnosis round.
 *
 * @param cause short name, e.g. {@code bad deploy}
 * @param confidence 0..100: how strongly the evidence points here (a ranking, not a probability)
 * @param explanation one sentence with the correlated observations
 * @param evidence the observations, each naming its probe
 * @param proposals the mitigations this cause calls for, most direct first; may be empty when the
 *     fix needs a person (a code fix, a capacity request)
 */
public record Hypothesis(
    String cause,
    int confidence,
    String explanation,
    List<String> evidence,
    List<ActionProposal> proposals) {

  public Hypothesis {
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    proposals = proposals == null ? List.of() : List.copyOf(proposals);
  }

  /** e.g. {@code bad deploy (90): revision 3 rolled out ...}. */
  public String describe() {
    return cause + " (" + confidence + "): " + explanation;
  }
}
