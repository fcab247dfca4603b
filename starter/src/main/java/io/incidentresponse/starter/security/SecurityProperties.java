package io.incidentresponse.starter.security;

import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.workflows.identity.AccessRole;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use the people's API ({@code /api/incidents/**}, {@code /api/reports/**}, the OpenAPI
 * pages, {@code /actuator/**} but the bare health status), under {@code incident.security.*}.
 * Without credentials a request is refused (401) unless {@link #open} is set.
 *
 * @param open accept requests without credentials as the person {@value Caller#ANONYMOUS} with the
 *     responder role only (never an approver, never the commander); logged loudly at start-up
 * @param apiKeys API keys, each for one named person with roles; sent as {@code Authorization:
 *     Bearer KEY} or {@code X-API-Key: KEY}
 * @param oidc OIDC / JWT bearer tokens; off unless an issuer or JWK set URI is set
 */
@ConfigurationProperties("incident.security")
public record SecurityProperties(
    @DefaultValue("false") boolean open,
    @DefaultValue List<ApiKey> apiKeys,
    @DefaultValue Oidc oidc) {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

  public SecurityProperties {
    Set<String> hashes = new HashSet<>();
    for (int i = 0; i < apiKeys.size(); i++) {
      String name = "incident.security.api-keys[" + i + "]";
      ApiKey key = apiKeys.get(i);
      if (key.person() == null || key.person().isBlank()) {
        throw new IllegalArgumentException(name + ".person is required");
      }
      if (key.sha256() == null || !SHA256_HEX.matcher(key.sha256()).matches()) {
        throw new IllegalArgumentException(
            name
                + ".sha256 must be the 64 hex digits of the key's SHA-256"
                + " (printf %s KEY | sha256sum)");
      }
      if (!hashes.add(key.sha256().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(name + ".sha256 is the hash of another key too");
      }
      for (String role : key.roles()) {
        if (AccessRole.parse(role).isEmpty()) {
          throw new IllegalArgumentException(
              name
                  + ".roles has an unknown role "
                  + BadInputException.shown(String.valueOf(role))
                  + "; known: "
                  + labels());
        }
      }
    }
  }

  /**
   * One API key. Only its hash is configured, so the configuration is no secret.
   *
   * @param person the person the key stands for; fills {@code by} and {@code approver}
   * @param roles role labels ({@code responder}, {@code commander}, {@code approver-low}, {@code
   *     approver-medium}, {@code approver-high}, {@code admin})
   * @param sha256 the hex SHA-256 of the key ({@code printf %s KEY | sha256sum})
   */
  public record ApiKey(String person, @DefaultValue List<String> roles, String sha256) {
    @Override
    public String toString() {
      return "ApiKey[person=" + person + ", roles=" + roles + "]";
    }
  }

  /**
   * OIDC / JWT bearer tokens, checked for signature (keys from the issuer's JWK set), issuer,
   * audience and expiry.
   *
   * @param issuerUri the issuer; tokens must carry it as {@code iss}; without {@link #jwkSetUri}
   *     its keys are found through {@code /.well-known/openid-configuration}
   * @param jwkSetUri where the signing keys are; optional when {@link #issuerUri} is set
   * @param audience the audience tokens must name in {@code aud}; required when OIDC is on
   * @param personClaim the claim naming the person; a token without it is refused
   * @param rolesClaim the claim with role labels (a list, or a string split at spaces or commas)
   * @param roleMapping claim values (e.g. IdP group names) to role labels, beside the labels
   *     themselves
   */
  public record Oidc(
      String issuerUri,
      String jwkSetUri,
      String audience,
      @DefaultValue("preferred_username") String personClaim,
      @DefaultValue("roles") String rolesClaim,
      @DefaultValue Map<String, List<String>> roleMapping) {

    public Oidc {
      issuerUri = blankToNull(issuerUri);
      jwkSetUri = blankToNull(jwkSetUri);
      audience = blankToNull(audience);
      roleMapping = new LinkedHashMap<>(roleMapping);
      if (enabledBy(issuerUri, jwkSetUri) && audience == null) {
        throw new IllegalArgumentException(
            "incident.security.oidc.audience is required when OIDC is on (issuer-uri or"
                + " jwk-set-uri set): the audience your IdP puts in this API's tokens");
      }
      for (Map.Entry<String, List<String>> entry : roleMapping.entrySet()) {
        for (String role : entry.getValue()) {
          if (AccessRole.parse(role).isEmpty()) {
            throw new IllegalArgumentException(
                "incident.security.oidc.role-mapping."
                    + entry.getKey()
                    + " has an unknown role "
                    + BadInputException.shown(String.valueOf(role))
                    + "; known: "
                    + labels());
          }
        }
      }
    }

    /** Whether bearer tokens are checked as JWTs. */
    public boolean enabled() {
      return enabledBy(issuerUri, jwkSetUri);
    }

    private static boolean enabledBy(String issuerUri, String jwkSetUri) {
      return issuerUri != null || jwkSetUri != null;
    }

    private static String blankToNull(String value) {
      return value == null || value.isBlank() ? null : value.trim();
    }
  }

  private static List<String> labels() {
    return Arrays.stream(AccessRole.values()).map(AccessRole::label).toList();
  }
}
