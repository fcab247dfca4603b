package io.incidentresponse.starter.security;

import io.incidentresponse.workflows.identity.AccessRole;
import io.incidentresponse.workflows.identity.IdentityMethod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * People from OIDC / JWT bearer tokens: Spring Security's Nimbus decoder checks the signature
 * against the issuer's published keys (so {@code alg: none}, an HMAC forged with the public key or
 * a token from another key fail), the issuer, the audience and the expiry (60 s of clock skew); the
 * person and the roles come from the configured claims.
 */
final class OidcCallers {
  private static final Logger log = LoggerFactory.getLogger(OidcCallers.class);

  private final SecurityProperties.Oidc oidc;
  private final List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();

  /**
   * Built on first use: with only an issuer, building fetches its discovery document, and an
   * identity provider that is down must not keep the starter (and its alert webhooks) from
   * starting.
   */
  private volatile JwtDecoder decoder;

  OidcCallers(SecurityProperties.Oidc oidc) {
    this.oidc = oidc;
    validators.add(
        oidc.issuerUri() != null
            ? JwtValidators.createDefaultWithIssuer(oidc.issuerUri())
            : JwtValidators.createDefault());
    String audience = oidc.audience();
    validators.add(
        new JwtClaimValidator<Collection<String>>(
            JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience)));
    if (oidc.issuerUri() == null) {
      log.warn(
          "incident.security.oidc.issuer-uri is not set: token issuers are not checked, only"
              + " signatures (keys from {}), audience and expiry",
          oidc.jwkSetUri());
    }
  }

  private JwtDecoder decoder() {
    JwtDecoder built = decoder;
    if (built != null) {
      return built;
    }
    synchronized (this) {
      if (decoder == null) {
        NimbusJwtDecoder nimbus;
        try {
          nimbus =
              oidc.jwkSetUri() != null
                  ? NimbusJwtDecoder.withJwkSetUri(oidc.jwkSetUri()).build()
                  : NimbusJwtDecoder.withIssuerLocation(oidc.issuerUri()).build();
        } catch (RuntimeException e) {
          log.warn("the OIDC issuer {} cannot be read: {}", oidc.issuerUri(), e.getMessage());
          throw new IdentityProviderUnavailableException(
              "the identity provider could not be reached to check the token; retry shortly or"
                  + " use an API key");
        }
        nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        decoder = nimbus;
      }
      return decoder;
    }
  }

  /** Whether a bearer value has the shape of a JWT (three base64url parts, a JSON header). */
  static boolean looksLikeJwt(String value) {
    return value.startsWith("eyJ") && value.chars().filter(c -> c == '.').count() == 2;
  }

  /** The person and roles of a valid token; {@link InvalidCredentialException} otherwise. */
  Caller caller(String token) {
    Jwt jwt;
    try {
      jwt = decoder().decode(token);
    } catch (JwtException e) {
      // why (expired, wrong issuer...) goes to the log for the operator, not to the caller
      log.info("bearer token refused: {}", e.getMessage());
      throw new InvalidCredentialException(
          "the bearer token was not accepted (signature, issuer, audience or expiry)");
    }
    Object person = jwt.getClaims().get(oidc.personClaim());
    if (!(person instanceof String name) || name.isBlank()) {
      throw new InvalidCredentialException(
          "the bearer token has no '" + oidc.personClaim() + "' claim naming the person");
    }
    return new Caller(
        name.trim(), IdentityMethod.OIDC, roles(jwt.getClaims().get(oidc.rolesClaim())));
  }

  /** Role labels, and claim values the mapping turns into labels; unknown values are ignored. */
  private EnumSet<AccessRole> roles(Object claim) {
    List<String> values = new ArrayList<>();
    if (claim instanceof Collection<?> list) {
      list.forEach(v -> values.add(String.valueOf(v)));
    } else if (claim instanceof String text) {
      values.addAll(List.of(text.trim().split("[\\s,]+")));
    }
    EnumSet<AccessRole> roles = EnumSet.noneOf(AccessRole.class);
    for (String value : values) {
      AccessRole.parse(value.toLowerCase(Locale.ROOT)).ifPresent(roles::add);
      for (String mapped : oidc.roleMapping().getOrDefault(value, List.of())) {
        AccessRole.parse(mapped).ifPresent(roles::add);
      }
    }
    return roles;
  }
}
