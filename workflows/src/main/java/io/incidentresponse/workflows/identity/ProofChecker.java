package io.incidentresponse.workflows.identity;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The {@link IdentityActivities} the worker registers: pure computation over the proof, the key and
 * the clock (no I/O), which is why it lives beside {@link IdentityProofs}. Every refusal says why,
 * for the timeline; the proof's signature is never repeated.
 */
public final class ProofChecker implements IdentityActivities {
  /** How old a proof may be when the workflow checks it (it is checked within seconds). */
  public static final Duration MAX_AGE = Duration.ofMinutes(5);

  /** Clocks of the starter and the worker may differ by this much. */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  private final byte[] key;
  private final Clock clock;

  /**
   * @param key the shared proof key, or null when the worker has none (every proof then stays
   *     asserted)
   */
  public ProofChecker(String key, Clock clock) {
    this.key = key == null || key.isBlank() ? null : key.trim().getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  @Override
  public ProofVerdict checkProof(ProofCheck check) {
    IdentityProof proof = check.proof();
    if (proof == null) {
      return ProofVerdict.asserted("no proof: a name typed into a signal");
    }
    if (key == null) {
      return ProofVerdict.asserted("the worker has no incident.identity.proof-key to check it");
    }
    if (!IdentityProofs.signatureValid(key, proof)) {
      return ProofVerdict.asserted("its proof's signature does not verify");
    }
    if (proof.method() == null || !proof.method().verified()) {
      return ProofVerdict.asserted("its proof names no verified method");
    }
    if (!Objects.equals(proof.incidentId(), check.incidentId())) {
      return ProofVerdict.asserted("its proof is for another incident");
    }
    if (!Objects.equals(proof.actionId(), check.actionId())
        || !Objects.equals(proof.decision(), check.decision())) {
      return ProofVerdict.asserted("its proof is for another decision");
    }
    if (!IdentityProofs.samePerson(proof.person(), check.person())) {
      return ProofVerdict.asserted("its proof vouches for somebody else");
    }
    Instant now = clock.instant();
    if (proof.issuedAt() == null
        || proof.issuedAt().isAfter(now.plus(CLOCK_SKEW))
        || proof.issuedAt().isBefore(now.minus(MAX_AGE))) {
      return ProofVerdict.asserted(
          "its proof is stale (older than " + MAX_AGE.toMinutes() + " min)");
    }
    return new ProofVerdict(proof.method(), proof.roles(), null);
  }
}
