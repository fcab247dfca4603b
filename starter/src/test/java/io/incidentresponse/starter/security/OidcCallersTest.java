package io.incidentresponse.starter.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentresponse.starter.Tokens;
import io.incidentresponse.workflows.identity.AccessRole;
import io.incidentresponse.workflows.identity.IdentityMethod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * OIDC with only the issuer configured, against an identity provider on MockWebServer: its keys are
 * found through its discovery document on the first token, not at start-up, so an identity provider
 * that is down keeps nobody from starting (the alert webhooks above all) and costs a token holder a
 * 503 to retry.
 */
class OidcCallersTest {
  private final Tokens idp = new Tokens();

  private OidcCallers issuerOnly(Map<String, List<String>> roleMapping) {
    return new OidcCallers(
        new SecurityProperties.Oidc(
            idp.issuer(), null, Tokens.AUDIENCE, "preferred_username", "roles", roleMapping));
  }

  @Test
  void identityProviderDown_isUnavailableNotInvalid_andTokensAreCheckedOnceItIsBack() {
    idp.failDiscovery(Integer.MAX_VALUE);
    OidcCallers callers = issuerOnly(Map.of());
    String token = idp.token("gina", "responder");

    assertThatThrownBy(() -> callers.caller(token))
        .isInstanceOf(IdentityProviderUnavailableException.class)
        .hasMessageContaining("identity provider could not be reached");

    idp.failDiscovery(0);
    Caller gina = callers.caller(token);
    assertThat(gina.person()).isEqualTo("gina");
    assertThat(gina.method()).isEqualTo(IdentityMethod.OIDC);
    assertThat(gina.roles()).containsExactly(AccessRole.RESPONDER);
    assertThatThrownBy(() -> callers.caller(idp.signedByAnotherKey("gina", "admin")))
        .isInstanceOf(InvalidCredentialException.class);
    assertThatThrownBy(() -> callers.caller(idp.token("gina", c -> c.issuer("https://x/"))))
        .isInstanceOf(InvalidCredentialException.class);
  }

  @Test
  void groupsMapToRoles_andUnknownValuesAreIgnored() {
    OidcCallers callers = issuerOnly(Map.of("sre-leads", List.of("commander", "approver-high")));

    Caller caller = callers.caller(idp.token("hank", "sre-leads", "viewer", "RESPONDER"));

    assertThat(caller.roles())
        .containsExactly(AccessRole.RESPONDER, AccessRole.COMMANDER, AccessRole.APPROVER_HIGH);
  }
}
