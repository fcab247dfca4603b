package io.incidentresponse.starter.security;

import io.incidentresponse.workflows.identity.AccessRole;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated {@link Caller} in Spring Security's context. Authorities: {@code ROLE_<ROLE>}
 * per role, and {@value #VERIFIED} when a credential established the person (it decides who sees
 * health details).
 */
public final class CallerAuthentication extends AbstractAuthenticationToken {
  /** The authority of a caller with a credential; the health endpoint's role is its suffix. */
  public static final String VERIFIED = "ROLE_VERIFIED";

  private final Caller caller;

  public CallerAuthentication(Caller caller) {
    super(authorities(caller));
    this.caller = caller;
    setAuthenticated(true);
  }

  public Caller caller() {
    return caller;
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public Object getPrincipal() {
    return caller;
  }

  @Override
  public String getName() {
    return caller.person();
  }

  private static List<GrantedAuthority> authorities(Caller caller) {
    List<GrantedAuthority> authorities = new ArrayList<>();
    for (AccessRole role : caller.roles()) {
      authorities.add(new SimpleGrantedAuthority("ROLE_" + role.name()));
    }
    if (caller.verified()) {
      authorities.add(new SimpleGrantedAuthority(VERIFIED));
    }
    return authorities;
  }
}
