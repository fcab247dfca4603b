package io.incidentresponse.workflows.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The proof checker the worker registers: what it accepts, and each way a proof fails. */
class ProofCheckerTest {
  private static final String KEY = "proof-key-for-tests-0123456789abcdef012345";
  private static final Instant NOW = Instant.parse("2026-11-29T14:00:00Z");
  private final ProofChecker checker = new ProofChecker(KEY, Clock.fixed(NOW, ZoneOffset.UTC));

  private static IdentityProof signed(String person, List<String> roles, Instant at) {
    return IdentityProofs.sign(
        KEY.getBytes(StandardCharsets.UTF_8),
        person,
        IdentityMethod.OIDC,
        roles,
        "inc-1",
        "rollback-1",
        "approve",
        at);
  }

  private ProofVerdict check(IdentityProof proof, String person) {
    return checker.checkProof(new ProofCheck(proof, "inc-1", "rollback-1", "approve", person));
  }

  @Test
  void aFreshProofForThisDecision_isVerifiedWithItsMethodAndRoles() {
    ProofVerdict verdict = check(signed("alice", List.of("approver-high"), NOW), " ALICE ");
    assertThat(verdict.verified()).isTrue();
    assertThat(verdict.method()).isEqualTo(IdentityMethod.OIDC);
    assertThat(verdict.roles()).containsExactly("approver-high");
  }

  @Test
  void anyChangedField_breaksTheSignature() {
    IdentityProof good = signed("alice", List.of("approver-low"), NOW);
    List<IdentityProof> tampered =
        List.of(
            new IdentityProof(
                "mallory",
                good.method(),
                good.roles(),
                good.incidentId(),
                good.actionId(),
                good.decision(),
                good.issuedAt(),
                good.signature()),
            new IdentityProof(
                good.person(),
                good.method(),
                List.of("approver-high"),
                good.incidentId(),
                good.actionId(),
                good.decision(),
                good.issuedAt(),
                good.signature()),
            new IdentityProof(
                good.person(),
                IdentityMethod.SLACK,
                good.roles(),
                good.incidentId(),
                good.actionId(),
                good.decision(),
                good.issuedAt(),
                good.signature()),
            new IdentityProof(
                good.person(),
                good.method(),
                good.roles(),
                good.incidentId(),
                good.actionId(),
                good.decision(),
                NOW.plusSeconds(1),
                good.signature()),
            new IdentityProof(
                good.person(),
                good.method(),
                good.roles(),
                good.incidentId(),
                good.actionId(),
                good.decision(),
                good.issuedAt(),
                "not-base64!"),
            new IdentityProof(
                good.person(),
                good.method(),
                good.roles(),
                good.incidentId(),
                good.actionId(),
                good.decision(),
                good.issuedAt(),
                null));
    for (IdentityProof proof : tampered) {
      ProofVerdict verdict = check(proof, proof.person());
      assertThat(verdict.verified()).as("%s", proof).isFalse();
      assertThat(verdict.reason()).isEqualTo("its proof's signature does not verify");
    }
  }

  @Test
  void fieldsCannotBorrowCharactersFromTheirNeighbours() {
    IdentityProof a = signed("al", List.of("ice"), NOW);
    IdentityProof b = signed("ali", List.of("ce"), NOW);
    assertThat(a.signature()).isNotEqualTo(b.signature());
  }

  @Test
  void staleFutureForeignOrKeylessProofs_stayAsserted() {
    assertThat(
            check(signed("alice", List.of(), NOW.minus(Duration.ofMinutes(6))), "alice").reason())
        .startsWith("its proof is stale");
    assertThat(check(signed("alice", List.of(), NOW.plus(Duration.ofMinutes(2))), "alice").reason())
        .startsWith("its proof is stale");
    assertThat(check(signed("alice", List.of(), NOW), "bob").reason())
        .isEqualTo("its proof vouches for somebody else");
    assertThat(
            checker
                .checkProof(
                    new ProofCheck(
                        signed("alice", List.of(), NOW), "inc-1", "rollback-1", "reject", "alice"))
                .reason())
        .isEqualTo("its proof is for another decision");
    assertThat(check(null, "alice").method()).isEqualTo(IdentityMethod.ASSERTED);
    ProofChecker keyless = new ProofChecker(null, Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(
            keyless
                .checkProof(
                    new ProofCheck(
                        signed("alice", List.of(), NOW), "inc-1", "rollback-1", "approve", "alice"))
                .verified())
        .isFalse();
  }

  @Test
  void theSignatureNeverPrints() {
    IdentityProof proof = signed("alice", List.of(), NOW);
    assertThat(proof.toString()).doesNotContain(proof.signature());
  }
}
