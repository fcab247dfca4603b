package io.incidentresponse.starter;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * An identity provider for tests: an RSA key generated here, its JWK set served by MockWebServer at
 * {@code /jwks}, and tokens signed with it (or forged in the ways an attacker would).
 */
public final class Tokens {
  public static final String AUDIENCE = "incident-response";

  private final MockWebServer server = new MockWebServer();
  private final RSAKey key;
  private final RSAKey otherKey;
  private final AtomicInteger discoveryFailures = new AtomicInteger();

  public Tokens() {
    try {
      key = new RSAKeyGenerator(2048).keyID("idp-key").generate();
      otherKey = new RSAKeyGenerator(2048).keyID("idp-key").generate();
      String jwks = new JWKSet(key.toPublicJWK()).toString();
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              if (!request.getUrl().encodedPath().endsWith("/.well-known/openid-configuration")) {
                return json(200, jwks);
              }
              if (discoveryFailures.getAndDecrement() > 0) {
                return json(503, "{\"error\":\"temporarily_unavailable\"}");
              }
              return json(
                  200,
                  "{\"issuer\":\""
                      + issuer()
                      + "\",\"jwks_uri\":\""
                      + jwkSetUri()
                      + "\",\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
            }
          });
      server.start();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /** The next {@code times} requests for the discovery document answer 503. */
  public void failDiscovery(int times) {
    discoveryFailures.set(times);
  }

  public String issuer() {
    return server.url("/realms/incidents").toString();
  }

  public String jwkSetUri() {
    return server.url("/jwks").toString();
  }

  /** Claims of a valid token for {@code person} with {@code roles}, valid for 5 minutes. */
  public JWTClaimsSet.Builder claims(String person, String... roles) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(issuer())
        .audience(AUDIENCE)
        .subject("sub-" + person)
        .claim("preferred_username", person)
        .claim("roles", List.of(roles))
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
  }

  /** A valid token. */
  public String token(String person, String... roles) {
    return signed(key, claims(person, roles).build());
  }

  /** A token from {@link #claims} changed by {@code change}, signed with the IdP's key. */
  public String token(String person, UnaryOperator<JWTClaimsSet.Builder> change, String... roles) {
    return signed(key, change.apply(claims(person, roles)).build());
  }

  /** Signed by a key the IdP never published (same key id). */
  public String signedByAnotherKey(String person, String... roles) {
    return signed(otherKey, claims(person, roles).build());
  }

  /** {@code alg: none}, no signature. */
  public String unsigned(String person, String... roles) {
    return new PlainJWT(claims(person, roles).build()).serialize();
  }

  /** HS256 with the IdP's public key as the HMAC secret: the classic algorithm confusion. */
  public String hmacWithThePublicKey(String person, String... roles) {
    try {
      byte[] secret = key.toRSAPublicKey().getEncoded();
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
              claims(person, roles).build());
      jwt.sign(new MACSigner(secret));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String signed(RSAKey with, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(with.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims);
      jwt.sign(new RSASSASigner(with));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
