package io.incidentresponse.worker;

import io.incidentresponse.workflows.identity.IdentityProofs;
import java.nio.charset.StandardCharsets;

/**
 * How the worker checks who approved, under {@code incident.identity.*}.
 *
 * @param proofKey the key the starter signs approvals with ({@code INCIDENT_IDENTITY_PROOF_KEY}, at
 *     least {@value IdentityProofs#MIN_KEY_BYTES} bytes, the same on both); without it every
 *     approval counts as asserted, like a name typed into the Temporal UI
 */
public record IdentitySettings(String proofKey) {

  public IdentitySettings {
    proofKey = proofKey == null || proofKey.isBlank() ? null : proofKey.trim();
    if (proofKey != null
        && proofKey.getBytes(StandardCharsets.UTF_8).length < IdentityProofs.MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "incident.identity.proof-key must be at least "
              + IdentityProofs.MIN_KEY_BYTES
              + " bytes (e.g. openssl rand -hex 32)");
    }
  }

  public boolean configured() {
    return proofKey != null;
  }

  @Override
  public String toString() {
    return "IdentitySettings[proofKey=" + (proofKey == null ? "not set" : "****") + "]";
  }
}
