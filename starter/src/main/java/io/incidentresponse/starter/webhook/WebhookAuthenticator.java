package io.incidentresponse.starter.webhook;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.starter.config.IncidentProperties.WebhookAuth;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Checks webhook credentials: bearer token or basic auth from configuration, or PagerDuty's
 * HMAC-SHA256 signature of the raw body. Every comparison is constant-time. Failures throw {@link
 * UnauthorizedException}; nothing says which part was wrong.
 */
@Component
public class WebhookAuthenticator {
  private static final Logger log = LoggerFactory.getLogger(WebhookAuthenticator.class);
  private static final String SIGNATURE_HEADER = "X-PagerDuty-Signature";

  private final IncidentProperties.Webhooks webhooks;

  public WebhookAuthenticator(IncidentProperties properties) {
    this.webhooks = properties.webhooks();
    warnIfOpen("alertmanager", webhooks.alertmanager());
    warnIfOpen("grafana", webhooks.grafana());
    if (webhooks.pagerdutySigningSecrets().isEmpty()) {
      log.warn("PagerDuty webhook signatures are not checked: no signing secret configured");
    }
  }

  public void alertmanager(HttpServletRequest request) {
    check(webhooks.alertmanager(), request);
  }

  public void grafana(HttpServletRequest request) {
    check(webhooks.grafana(), request);
  }

  /**
   * {@code X-PagerDuty-Signature: v1=<hex>[,v1=<hex>...]}: valid when any listed signature is the
   * HMAC-SHA256 of the body under any configured secret (so secrets can be rotated).
   */
  public void pagerduty(HttpServletRequest request, byte[] body) {
    List<String> secrets = webhooks.pagerdutySigningSecrets();
    if (secrets.isEmpty()) {
      return;
    }
    String header = request.getHeader(SIGNATURE_HEADER);
    if (header == null || header.isBlank()) {
      throw new UnauthorizedException("missing " + SIGNATURE_HEADER, null);
    }
    boolean valid = false;
    for (String secret : secrets) {
      byte[] expected = hmac(secret, body);
      for (String part : header.split(",")) {
        String signature = part.trim();
        if (signature.startsWith("v1=")) {
          byte[] given = decodeHex(signature.substring(3));
          // no early exit: every candidate is compared, in constant time
          valid |= given != null && MessageDigest.isEqual(expected, given);
        }
      }
    }
    if (!valid) {
      throw new UnauthorizedException("invalid " + SIGNATURE_HEADER, null);
    }
  }

  /** Checks {@code auth} (bearer token, basic credentials or none) on a request. */
  public static void check(WebhookAuth auth, HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    switch (auth.type()) {
      case NONE -> {}
      case BEARER -> {
        if (header == null || !header.startsWith("Bearer ")) {
          throw new UnauthorizedException("missing bearer token", "Bearer");
        }
        if (!same(header.substring(7).trim(), auth.token())) {
          throw new UnauthorizedException("invalid bearer token", "Bearer");
        }
      }
      case BASIC -> {
        if (header == null || !header.startsWith("Basic ")) {
          throw new UnauthorizedException("missing basic credentials", "Basic realm=\"incidents\"");
        }
        String expected =
            Base64.getEncoder()
                .encodeToString(
                    (auth.username() + ":" + auth.password()).getBytes(StandardCharsets.UTF_8));
        if (!same(header.substring(6).trim(), expected)) {
          throw new UnauthorizedException("invalid basic credentials", "Basic realm=\"incidents\"");
        }
      }
    }
  }

  private static boolean same(String given, String expected) {
    return MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  /** HMAC-SHA256 of {@code body} under {@code secret} (UTF-8): what signed webhooks send. */
  public static byte[] hmac(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static byte[] decodeHex(String hex) {
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException notHex) {
      return null;
    }
  }

  private static void warnIfOpen(String name, WebhookAuth auth) {
    if (auth.type() == IncidentProperties.AuthType.NONE) {
      log.warn(
          "{} endpoints accept requests without credentials (incident.webhooks.{})", name, name);
    }
  }
}
