package io.incidentresponse.starter.identity;

import io.incidentresponse.workflows.identity.IdentityProofs;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the starter vouches for people to the incident workflow, under {@code incident.identity.*}.
 *
 * @param proofKey the key shared with the worker ({@code INCIDENT_IDENTITY_PROOF_KEY}, at least
 *     {@value IdentityProofs#MIN_KEY_BYTES} bytes) with which approvals made through the REST API
 *     or Slack are signed; without it they reach the workflow as asserted, like a name typed into
 *     the Temporal UI
 */
@ConfigurationProperties("incident.identity")
public record IdentityProperties(String proofKey) {

  public IdentityProperties {
    proofKey = IdentityProofs.checkedKey(proofKey);
  }

  @Override
  public String toString() {
    return "IdentityProperties[proofKey=" + (proofKey == null ? "not set" : "****") + "]";
  }
}
