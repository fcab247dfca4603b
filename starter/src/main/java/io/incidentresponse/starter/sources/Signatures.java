package io.incidentresponse.starter.sources;

import io.incidentresponse.starter.webhook.WebhookAuthenticator;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** HMAC-SHA256 body signatures of the sources (Sentry), any of several secrets. */
final class Signatures {
  private Signatures() {}

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
      valid |= MessageDigest.isEqual(WebhookAuthenticator.hmac(secret, body), given);
    }
    return valid;
  }
}
