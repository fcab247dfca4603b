package io.incidentresponse.workflows.identity;

/**
 * How the identity of the person behind a decision was established. Only the starter can vouch for
 * the first three, with an {@link IdentityProof} signed by the key it shares with the worker; a
 * name typed into a signal in the Temporal UI or CLI is {@link #ASSERTED}, and then the Temporal
 * namespace's own access control is the boundary.
 */
public enum IdentityMethod {
  /** A bearer token from the organisation's identity provider, checked by the REST API. */
  OIDC(true, "verified: OIDC token"),
  /** A configured API key, checked by the REST API. */
  API_KEY(true, "verified: API key"),
  /** A button in Slack, with Slack's request signature checked and the Slack user mapped. */
  SLACK(true, "verified: Slack"),
  /** A name typed into a signal (Temporal UI, CLI, or a proof that did not verify). */
  ASSERTED(false, "asserted: a name typed into a signal");

  private final boolean verified;
  private final String description;

  IdentityMethod(boolean verified, String description) {
    this.verified = verified;
    this.description = description;
  }

  public boolean verified() {
    return verified;
  }

  /** For the timeline, e.g. {@code verified: API key}. */
  public String description() {
    return description;
  }
}
