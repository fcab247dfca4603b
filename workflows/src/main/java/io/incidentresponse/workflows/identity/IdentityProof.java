package io.incidentresponse.workflows.identity;

import java.time.Instant;
import java.util.List;

/**
 * The starter's signed statement that {@code person}, authenticated by {@code method} and holding
 * {@code roles}, made {@code decision} ({@code approve} or {@code reject}) on action {@code
 * actionId} of incident {@code incidentId} at {@code issuedAt}. It travels inside the approve and
 * reject inputs; the workflow has it checked by {@link IdentityActivities} (the key never enters
 * workflow code or history). Made and checked by {@link IdentityProofs}.
 *
 * @param roles role labels such as {@code approver-high} (see {@link AccessRole#label()})
 * @param signature base64url HMAC-SHA256 of {@link IdentityProofs#canonical(IdentityProof)}
 */
public record IdentityProof(
    String person,
    IdentityMethod method,
    List<String> roles,
    String incidentId,
    String actionId,
    String decision,
    Instant issuedAt,
    String signature) {

  public IdentityProof {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  @Override
  public String toString() {
    // the signature is a credential for as long as the proof is fresh
    return "IdentityProof[" + person + ", " + method + ", " + decision + " " + actionId + "]";
  }
}
