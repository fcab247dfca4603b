package io.incidentresponse.starter;

import java.nio.charset.StandardCharsets;

/** The API keys and the proof key of the test profile (application-test.yaml holds the hashes). */
public final class TestKeys {
  /** alice: admin. */
  public static final String ALICE = "alice-key-1f0c9e2b7a3d4e5f60718293a4b5c6d7";

  /** bob: responder. */
  public static final String BOB = "bob-key-8e7d6c5b4a39281706f5e4d3c2b1a098";

  /** carol: responder and approver-high. */
  public static final String CAROL = "carol-key-0a1b2c3d4e5f60718293a4b5c6d7e8f9";

  /** The SHA-256 of {@link #ALICE} as configured: a hash is not a key. */
  public static final String ALICE_SHA256 =
      "37472416cf410e620becde8f19f237742e479ca66c01ae5ef59159844e17ecac";

  public static final byte[] PROOF_KEY =
      "test-proof-key-0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  /** The header that sends {@code key}. */
  public static String[] apiKey(String key) {
    return new String[] {"X-API-Key", key};
  }

  private TestKeys() {}
}
