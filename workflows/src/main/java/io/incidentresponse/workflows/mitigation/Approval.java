package io.incidentresponse.workflows.mitigation;

import io.incidentresponse.workflows.identity.IdentityMethod;
import java.time.Instant;

/**
 * One person's approval of an action, and how their identity was established.
 *
 * @param person who approved
 * @param method how the incident knows it was them: verified (OIDC, API key, Slack) or asserted
 * @param at when
 */
public record Approval(String person, IdentityMethod method, Instant at) {

  /** {@code alice (verified: API key)}. */
  public String describe() {
    return person + " (" + (method == null ? "unknown" : method.description()) + ")";
  }
}
