package io.incidentresponse.starter.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentresponse.starter.config.IncidentProperties;
import io.incidentresponse.workflows.identity.AccessRole;
import io.incidentresponse.workflows.identity.IdentityMethod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The security settings bind, refuse what cannot work with the property's name, and hash keys. */
class SecurityPropertiesTest {
  private static final String KEY = "a-key-of-the-test";
  private static final String KEY_SHA256 =
      "c04d1b4ad3d0d9b7d6a9f0b9e6b6fd4ecd0f0f3e4c3fd2f2d7a1e5d5f1b8d0a1";

  private static SecurityProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("incident.security", SecurityProperties.class);
  }

  private static String sha256(String key) {
    return java.util.HexFormat.of().formatHex(ApiKeys.sha256(key));
  }

  @Test
  void nothingConfigured_isClosedWithNoKeysAndNoOidc() {
    SecurityProperties properties = bind(Map.of());

    assertThat(properties.open()).isFalse();
    assertThat(properties.apiKeys()).isEmpty();
    assertThat(properties.oidc().enabled()).isFalse();
    assertThat(properties.oidc().personClaim()).isEqualTo("preferred_username");
    assertThat(properties.oidc().rolesClaim()).isEqualTo("roles");
  }

  @Test
  void apiKeys_bindAndAreFoundByTheirKeyOnly() {
    SecurityProperties properties =
        bind(
            Map.of(
                "incident.security.api-keys[0].person", " alice ",
                "incident.security.api-keys[0].roles", "commander,APPROVER_HIGH",
                "incident.security.api-keys[0].sha256", sha256(KEY).toUpperCase(),
                "incident.security.api-keys[1].person", "prometheus",
                "incident.security.api-keys[1].sha256", KEY_SHA256));
    ApiKeys keys = new ApiKeys(properties.apiKeys());

    Caller alice = keys.find(KEY).orElseThrow();
    assertThat(alice.person()).isEqualTo("alice");
    assertThat(alice.method()).isEqualTo(IdentityMethod.API_KEY);
    assertThat(alice.roles()).containsExactly(AccessRole.COMMANDER, AccessRole.APPROVER_HIGH);
    assertThat(keys.find(sha256(KEY))).isEmpty();
    assertThat(keys.find(KEY + " ")).isEmpty();
    assertThat(properties.apiKeys().get(1).roles()).isEmpty();
    assertThat(properties.apiKeys().get(0).toString()).doesNotContain(sha256(KEY).toUpperCase());
  }

  @Test
  void aBadKeyEntry_isRefusedNamingTheProperty() {
    assertThatThrownBy(
            () ->
                bind(
                    Map.of(
                        "incident.security.api-keys[0].person", "alice",
                        "incident.security.api-keys[0].sha256", "abc")))
        .rootCause()
        .hasMessageContaining("incident.security.api-keys[0].sha256")
        .hasMessageContaining("sha256sum");
    assertThatThrownBy(
            () ->
                bind(
                    Map.of(
                        "incident.security.api-keys[0].person", "alice",
                        "incident.security.api-keys[0].roles", "approver",
                        "incident.security.api-keys[0].sha256", KEY_SHA256)))
        .rootCause()
        .hasMessageContaining("incident.security.api-keys[0].roles")
        .hasMessageContaining("approver-high");
    assertThatThrownBy(() -> bind(Map.of("incident.security.api-keys[0].sha256", KEY_SHA256)))
        .rootCause()
        .hasMessageContaining("incident.security.api-keys[0].person");
    assertThatThrownBy(
            () ->
                bind(
                    Map.of(
                        "incident.security.api-keys[0].person",
                        "alice",
                        "incident.security.api-keys[0].sha256",
                        KEY_SHA256,
                        "incident.security.api-keys[1].person",
                        "bob",
                        "incident.security.api-keys[1].sha256",
                        KEY_SHA256.toUpperCase())))
        .rootCause()
        .hasMessageContaining("incident.security.api-keys[1].sha256 is the hash of another key");
  }

  @Test
  void oidc_needsAnAudience_andItsRoleMappingKnownRoles() {
    assertThatThrownBy(
            () -> bind(Map.of("incident.security.oidc.issuer-uri", "https://idp.example/")))
        .rootCause()
        .hasMessageContaining("incident.security.oidc.audience is required");
    assertThatThrownBy(
            () ->
                bind(
                    Map.of(
                        "incident.security.oidc.jwk-set-uri", "https://idp.example/jwks",
                        "incident.security.oidc.audience", "incidents",
                        "incident.security.oidc.role-mapping.sre", "superuser")))
        .rootCause()
        .hasMessageContaining("incident.security.oidc.role-mapping.sre")
        .hasMessageContaining("superuser");

    SecurityProperties properties =
        bind(
            Map.of(
                "incident.security.oidc.issuer-uri", "https://idp.example/",
                "incident.security.oidc.audience", "incidents",
                "incident.security.oidc.role-mapping.sre-oncall", "responder,approver-low"));
    assertThat(properties.oidc().enabled()).isTrue();
    assertThat(properties.oidc().roleMapping())
        .containsEntry("sre-oncall", List.of("responder", "approver-low"));
  }

  @Test
  void theOldSharedApiCredential_stopsStartUpSayingWhatToSetInstead() {
    IncidentProperties legacy =
        new Binder(
                new MapConfigurationPropertySource(
                    Map.of(
                        "incident.webhooks.api.type", "BEARER",
                        "incident.webhooks.api.token", "shared")))
            .bindOrCreate("incident", IncidentProperties.class);

    assertThatThrownBy(() -> SecurityConfiguration.refuseLegacyApiCredential(legacy))
        .hasMessageContaining("incident.webhooks.api is no longer supported")
        .hasMessageContaining("incident.security.api-keys[0].sha256")
        .hasMessageNotContaining("shared");
  }
}
