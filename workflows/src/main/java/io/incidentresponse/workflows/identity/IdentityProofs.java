package io.incidentresponse.workflows.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks {@link IdentityProof}s with the key the starter and the worker share ({@code
 * incident.identity.proof-key}). Not for workflow code: the key is a secret, so the workflow asks
 * {@link IdentityActivities} instead.
 */
public final class IdentityProofs {
  /** The shortest key accepted, in bytes of its UTF-8 form. */
  public static final int MIN_KEY_BYTES = 32;

  private IdentityProofs() {}

  /**
   * The configured proof key ({@code incident.identity.proof-key}, on the starter and the worker
   * alike) trimmed, or null when it is not set; a key shorter than {@value #MIN_KEY_BYTES} bytes is
   * refused naming the property.
   */
  public static String checkedKey(String key) {
    String trimmed = key == null || key.isBlank() ? null : key.trim();
    if (trimmed != null && trimmed.getBytes(StandardCharsets.UTF_8).length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "incident.identity.proof-key must be at least "
              + MIN_KEY_BYTES
              + " bytes (e.g. openssl rand -hex 32)");
    }
    return trimmed;
  }

  /** A proof for the given statement, signed with {@code key}. */
  public static IdentityProof sign(
      byte[] key,
      String person,
      IdentityMethod method,
      List<String> roles,
      String incidentId,
      String actionId,
      String decision,
      Instant issuedAt) {
    IdentityProof unsigned =
        new IdentityProof(person, method, roles, incidentId, actionId, decision, issuedAt, null);
    return new IdentityProof(
        person,
        method,
        roles,
        incidentId,
        actionId,
        decision,
        issuedAt,
        Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key, canonical(unsigned))));
  }

  /** Whether {@code proof} carries a signature made with {@code key}; constant-time. */
  public static boolean signatureValid(byte[] key, IdentityProof proof) {
    if (proof == null || proof.signature() == null) {
      return false;
    }
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(proof.signature());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(mac(key, canonical(proof)), given);
  }

  /**
   * Whether two names are the same person: trimmed and compared without regard to case, so {@code
   * "Alice "} approving what {@code "alice"} requested is still the requester.
   */
  public static boolean samePerson(String a, String b) {
    return a != null
        && b != null
        && a.trim()
            .toLowerCase(java.util.Locale.ROOT)
            .equals(b.trim().toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * What is signed: every field but the signature, each length-prefixed so no field can borrow
   * characters from its neighbour.
   */
  public static byte[] canonical(IdentityProof proof) {
    StringBuilder text = new StringBuilder("incident-response identity proof v1\n");
    field(text, proof.person());
    field(text, proof.method() == null ? null : proof.method().name());
    field(text, String.join(",", proof.roles()));
    field(text, proof.incidentId());
    field(text, proof.actionId());
    field(text, proof.decision());
    field(text, proof.issuedAt() == null ? null : Long.toString(proof.issuedAt().toEpochMilli()));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void field(StringBuilder text, String value) {
    String v = value == null ? "" : value;
    text.append(v.length()).append(':').append(v).append('\n');
  }

  private static byte[] mac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
