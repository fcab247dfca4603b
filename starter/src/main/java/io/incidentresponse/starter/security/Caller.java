package io.incidentresponse.starter.security;

import io.incidentresponse.workflows.identity.AccessRole;
import io.incidentresponse.workflows.identity.IdentityMethod;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The person behind a request to the people's API, as the starter established it.
 *
 * @param person the name that fills {@code by} and {@code approver}
 * @param method how it was established: {@link IdentityMethod#OIDC}, {@link
 *     IdentityMethod#API_KEY}, or {@link IdentityMethod#ASSERTED} for the anonymous caller of an
 *     open API
 * @param roles what the person may do
 */
public record Caller(String person, IdentityMethod method, Set<AccessRole> roles) {
  /** The person of a request without credentials when the API is open. */
  public static final String ANONYMOUS = "anonymous";

  public Caller {
    roles = roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
  }

  /** Who calls an open API without credentials: a responder, never more. */
  public static Caller anonymous() {
    return new Caller(ANONYMOUS, IdentityMethod.ASSERTED, Set.of(AccessRole.RESPONDER));
  }

  /** Whether a credential established the person (not the anonymous caller of an open API). */
  public boolean verified() {
    return method == IdentityMethod.OIDC || method == IdentityMethod.API_KEY;
  }

  /** Whether any of the roles grants {@code needed}. */
  public boolean holds(AccessRole needed) {
    return AccessRole.anyGrants(roles, needed);
  }

  /** The role labels, in the enum's order, as a proof carries them. */
  public List<String> labels() {
    return roles.stream().map(AccessRole::label).toList();
  }
}
