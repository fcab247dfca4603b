package io.incidentresponse.starter.sources;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hashes for the sources: body digests for delivery ids, HMAC-SHA256 body signatures. */
final class Signatures {
  private Signatures() {}

  static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * Whether {@code hex} is the HMAC-SHA256 of {@code body} under any of {@code secrets}; every
   * secret is tried and compared in constant time.
   */
  static boolean signedByAny(List<String> secrets, byte[] body, String hex) {
    byte[] given;
    try {
      given = HexFormat.of().parseHex(hex.trim());
    } catch (IllegalArgumentException notHex) {
      return false;
    }
    boolean valid = false;
    for (String secret : secrets) {
      valid |= MessageDigest.isEqual(hmac(secret, body), given);
    }
    return valid;
  }

  private static byte[] hmac(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
