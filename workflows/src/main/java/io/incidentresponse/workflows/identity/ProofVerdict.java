package io.incidentresponse.workflows.identity;

import java.util.List;

/**
 * What {@link IdentityActivities#checkProof} found: the method the identity was established by
 * ({@link IdentityMethod#ASSERTED} when the proof did not hold), the roles it vouches for, and why
 * a proof was not accepted.
 */
public record ProofVerdict(IdentityMethod method, List<String> roles, String reason) {
  public ProofVerdict {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  public boolean verified() {
    return method != null && method.verified();
  }

  public static ProofVerdict asserted(String reason) {
    return new ProofVerdict(IdentityMethod.ASSERTED, List.of(), reason);
  }
}
