package io.incidentresponse.starter.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.incidentresponse.starter.webhook.UnauthorizedException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Checks Slack's request signature before anything of the body is read: {@code X-Slack-Signature:
 * v0=hex(HMAC-SHA256(secret, "v0:" + X-Slack-Request-Timestamp + ":" + body))} under any configured
 * secret (rotation), compared in constant time, with a timestamp at most {@link #WINDOW} from now
 * either way. A signature seen before within the window is a replay and refused. Every refusal is
 * an {@link UnauthorizedException} (401); nothing is remembered of a refused request.
 */
@Component
public class SlackSignatures {
  public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
  public static final String SIGNATURE_HEADER = "X-Slack-Signature";
  public static final String RETRY_HEADER = "X-Slack-Retry-Num";

  /** How far a request's timestamp may be from now, before or after. Slack's own advice. */
  public static final Duration WINDOW = Duration.ofMinutes(5);

  private static final Pattern SECONDS = Pattern.compile("\\d{1,12}");
  private static final Pattern SIGNATURE = Pattern.compile("v0=[0-9a-fA-F]{64}");

  private final List<byte[]> secrets;
  private final Clock clock;

  /**
   * Signatures accepted, kept past the last moment they could be valid again (a timestamp up to
   * {@link #WINDOW} ahead stays valid until {@link #WINDOW} after it). Only valid signatures get
   * here, and only Slack makes those, so the bound is far above any real traffic.
   */
  private final Cache<String, Boolean> seen =
      Caffeine.newBuilder()
          .expireAfterWrite(WINDOW.multipliedBy(2).plusMinutes(1))
          .maximumSize(100_000)
          .build();

  public SlackSignatures(SlackInteractionProperties properties, Clock clock) {
    this.secrets =
        properties.signingSecrets().stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    this.clock = clock;
  }

  /** Passes a fresh request signed with one of the secrets, once; throws otherwise. */
  public void verify(String timestamp, String signature, byte[] body) {
    verify(timestamp, signature, body, false);
  }

  /**
   * Like {@link #verify(String, String, byte[])}; a {@code retry} (Slack's {@code
   * X-Slack-Retry-Num}) may bring a signature seen before: Slack sends the same request again when
   * our answer was late, and the caller answers it from its delivery memory, so a replay dressed as
   * a retry changes nothing either.
   */
  public void verify(String timestamp, String signature, byte[] body, boolean retry) {
    if (timestamp == null || timestamp.isBlank()) {
      throw refused("missing " + TIMESTAMP_HEADER);
    }
    if (signature == null || signature.isBlank()) {
      throw refused("missing " + SIGNATURE_HEADER);
    }
    String ts = timestamp.trim();
    if (!SECONDS.matcher(ts).matches()) {
      throw refused(TIMESTAMP_HEADER + " is not a Unix time in seconds");
    }
    long age = clock.instant().getEpochSecond() - Long.parseLong(ts);
    if (Math.abs(age) > WINDOW.toSeconds()) {
      throw refused(
          TIMESTAMP_HEADER
              + " is more than "
              + WINDOW.toMinutes()
              + " minutes from the server's clock (a stale, replayed or future request)");
    }
    String given = signature.trim();
    if (!SIGNATURE.matcher(given).matches() || !signedByAny(ts, body, given.substring(3))) {
      throw refused("invalid " + SIGNATURE_HEADER);
    }
    if (seen.asMap().putIfAbsent(given.toLowerCase(Locale.ROOT), Boolean.TRUE) != null && !retry) {
      throw refused("this request was already received (a replay)");
    }
  }

  private boolean signedByAny(String timestamp, byte[] body, String hex) {
    byte[] givenMac = HexFormat.of().parseHex(hex);
    byte[] base = ("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8);
    boolean valid = false;
    for (byte[] secret : secrets) {
      // no early exit: every secret is tried, each compared in constant time
      valid |= MessageDigest.isEqual(hmac(secret, base, body), givenMac);
    }
    return valid;
  }

  private static byte[] hmac(byte[] secret, byte[] base, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(base);
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static UnauthorizedException refused(String detail) {
    return new UnauthorizedException(detail, null);
  }
}
