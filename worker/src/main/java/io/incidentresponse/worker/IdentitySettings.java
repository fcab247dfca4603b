package io.incidentresponse.worker;

import io.incidentresponse.workflows.identity.IdentityProofs;

/**
 * How the worker checks who approved, under {@code incident.identity.*}.
 *
 * @param proofKey the key the starter signs approvals with ({@code INCIDENT_IDENTITY_PROOF_KEY}, at
 *     least {@value IdentityProofs#MIN_KEY_BYTES} bytes, the same on both); without it every
 *     approval counts as asserted, like a name typed into the Temporal UI
 */
public record IdentitySettings(String proofKey) {

  public IdentitySettings {
    proofKey = IdentityProofs.checkedKey(proofKey);
  }

  public boolean configured() {
    return proofKey != null;
  }

  @Override
  public String toString() {
    return "IdentitySettings[proofKey=" + (proofKey == null ? "not set" : "****") + "]";
  }
}
