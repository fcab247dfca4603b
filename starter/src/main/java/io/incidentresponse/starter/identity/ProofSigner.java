package io.incidentresponse.starter.identity;

import io.incidentresponse.workflows.identity.IdentityMethod;
import io.incidentresponse.workflows.identity.IdentityProof;
import io.incidentresponse.workflows.identity.IdentityProofs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Signs the proof that travels with an approval or rejection made by a person the starter has
 * authenticated (REST API or Slack), so the workflow can tell it from a name typed into the
 * Temporal UI. Without {@code incident.identity.proof-key} it signs nothing.
 */
@Component
public class ProofSigner {
  private static final Logger log = LoggerFactory.getLogger(ProofSigner.class);

  private final byte[] key;
  private final Clock clock;

  public ProofSigner(IdentityProperties properties, Clock clock) {
    this.key =
        properties.proofKey() == null
            ? null
            : properties.proofKey().getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
    if (key == null) {
      log.warn(
          "incident.identity.proof-key is not set: approvals through the REST API and Slack reach"
              + " incidents as asserted identities");
    }
  }

  /** A signed proof, or empty when no key is configured. */
  public Optional<IdentityProof> sign(
      String person,
      IdentityMethod method,
      List<String> roles,
      String incidentId,
      String actionId,
      String decision) {
    if (key == null) {
      return Optional.empty();
    }
    return Optional.of(
        IdentityProofs.sign(
            key, person, method, roles, incidentId, actionId, decision, clock.instant()));
  }
}
