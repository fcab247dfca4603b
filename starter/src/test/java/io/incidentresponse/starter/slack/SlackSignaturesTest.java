package io.incidentresponse.starter.slack;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentresponse.starter.webhook.UnauthorizedException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Slack's request signature, against the example in Slack's own documentation and around it. */
class SlackSignaturesTest {
  // "Verifying requests from Slack", step-by-step walk-through: secret, timestamp, body, signature
  private static final String DOC_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final long DOC_TIMESTAMP = 1531420618;
  private static final String DOC_BODY =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
          + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
          + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands"
          + "%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
          + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
  private static final String DOC_SIGNATURE =
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

  private static final String OLD = "old-secret-0123456789abcdef";
  private static final String NEW = "new-secret-0123456789abcdef";
  private static final Instant NOW = Instant.parse("2026-11-29T14:00:00Z");

  private static SlackSignatures signatures(Instant now, String... secrets) {
    return new SlackSignatures(
        new SlackInteractionProperties(
            List.of(secrets), Map.of(), Map.of(), Map.of(), null, null, null),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  static String sign(String secret, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest =
          mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
      return "v0=" + HexFormat.of().formatHex(digest);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(String body) {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  private static void assertRefused(Runnable verify, String because) {
    assertThatThrownBy(verify::run)
        .isInstanceOf(UnauthorizedException.class)
        .hasMessageContaining(because);
  }

  @Test
  void slacksDocumentedExample_isValid() {
    SlackSignatures slack = signatures(Instant.ofEpochSecond(DOC_TIMESTAMP + 10), DOC_SECRET);

    assertThatCode(() -> slack.verify("" + DOC_TIMESTAMP, DOC_SIGNATURE, bytes(DOC_BODY)))
        .doesNotThrowAnyException();
  }

  @Test
  void slacksDocumentedExample_withOneCharacterOfTheBodyChanged_isRefused() {
    SlackSignatures slack = signatures(Instant.ofEpochSecond(DOC_TIMESTAMP), DOC_SECRET);

    assertRefused(
        () ->
            slack.verify(
                "" + DOC_TIMESTAMP,
                DOC_SIGNATURE,
                bytes(DOC_BODY.replace("user_id=U2CERLKJA", "user_id=U2CERLKJB"))),
        "invalid X-Slack-Signature");
  }

  @Test
  void eitherSecretWhileRotating_isValid() {
    SlackSignatures slack = signatures(NOW, OLD, NEW);
    long ts = NOW.getEpochSecond();

    assertThatCode(() -> slack.verify("" + ts, sign(OLD, ts, "payload=a"), bytes("payload=a")))
        .doesNotThrowAnyException();
    assertThatCode(() -> slack.verify("" + ts, sign(NEW, ts, "payload=b"), bytes("payload=b")))
        .doesNotThrowAnyException();
  }

  @Test
  void anotherSecret_isRefused() {
    SlackSignatures slack = signatures(NOW, OLD, NEW);
    long ts = NOW.getEpochSecond();

    assertRefused(
        () -> slack.verify("" + ts, sign("someone-elses-secret-0123", ts, "p=1"), bytes("p=1")),
        "invalid X-Slack-Signature");
  }

  @Test
  void timestampSixMinutesOld_orSixMinutesAhead_isRefused_fourMinutesIsNot() {
    SlackSignatures slack = signatures(NOW, NEW);
    long stale = NOW.minus(Duration.ofMinutes(6)).getEpochSecond();
    long future = NOW.plus(Duration.ofMinutes(6)).getEpochSecond();
    long recent = NOW.minus(Duration.ofMinutes(4)).getEpochSecond();

    assertRefused(
        () -> slack.verify("" + stale, sign(NEW, stale, "p=1"), bytes("p=1")),
        "more than 5 minutes");
    assertRefused(
        () -> slack.verify("" + future, sign(NEW, future, "p=1"), bytes("p=1")),
        "more than 5 minutes");
    assertThatCode(() -> slack.verify("" + recent, sign(NEW, recent, "p=1"), bytes("p=1")))
        .doesNotThrowAnyException();
  }

  @Test
  void theSameSignatureTwice_isARefusedReplay() {
    SlackSignatures slack = signatures(NOW, NEW);
    long ts = NOW.getEpochSecond();
    String signature = sign(NEW, ts, "payload=x");

    slack.verify("" + ts, signature, bytes("payload=x"));

    assertRefused(() -> slack.verify("" + ts, signature, bytes("payload=x")), "replay");
    assertRefused(
        () ->
            slack.verify(
                "" + ts, signature.toUpperCase().replace("V0=", "v0="), bytes("payload=x")),
        "replay");
  }

  @Test
  void slacksRetryOfASeenRequest_passes_butStillNeedsAValidSignatureAndAFreshTimestamp() {
    SlackSignatures slack = signatures(NOW, NEW);
    long ts = NOW.getEpochSecond();
    String signature = sign(NEW, ts, "payload=x");
    slack.verify("" + ts, signature, bytes("payload=x"));

    assertThatCode(() -> slack.verify("" + ts, signature, bytes("payload=x"), true))
        .doesNotThrowAnyException();
    assertRefused(() -> slack.verify("" + ts, signature, bytes("payload=y"), true), "invalid");
    long stale = ts - 600;
    assertRefused(
        () -> slack.verify("" + stale, sign(NEW, stale, "payload=x"), bytes("payload=x"), true),
        "minutes");
  }

  @Test
  void aRefusedRequest_isNotRemembered() {
    SlackSignatures slack = signatures(NOW, NEW);
    long ts = NOW.getEpochSecond();
    String signature = sign(NEW, ts, "payload=x");

    assertRefused(() -> slack.verify("" + ts, signature, bytes("payload=y")), "invalid");

    assertThatCode(() -> slack.verify("" + ts, signature, bytes("payload=x")))
        .doesNotThrowAnyException();
  }

  @Test
  void missingOrMalformedHeaders_areRefused() {
    SlackSignatures slack = signatures(NOW, NEW);
    long ts = NOW.getEpochSecond();
    String signature = sign(NEW, ts, "p=1");

    assertRefused(() -> slack.verify(null, signature, bytes("p=1")), "missing X-Slack-Request");
    assertRefused(() -> slack.verify("" + ts, null, bytes("p=1")), "missing X-Slack-Signature");
    assertRefused(() -> slack.verify(" ", signature, bytes("p=1")), "missing X-Slack-Request");
    assertRefused(() -> slack.verify("soon", signature, bytes("p=1")), "not a Unix time");
    assertRefused(() -> slack.verify("-" + ts, signature, bytes("p=1")), "not a Unix time");
    assertRefused(() -> slack.verify(ts + ".5", signature, bytes("p=1")), "not a Unix time");
    assertRefused(
        () -> slack.verify("99999999999999999999", signature, bytes("p=1")), "not a Unix time");
    assertRefused(
        () -> slack.verify("" + ts, signature.replace("v0=", "v1="), bytes("p=1")), "invalid");
    assertRefused(() -> slack.verify("" + ts, signature.substring(0, 40), bytes("p=1")), "invalid");
    assertRefused(() -> slack.verify("" + ts, "v0=" + "zz".repeat(32), bytes("p=1")), "invalid");
  }
}
