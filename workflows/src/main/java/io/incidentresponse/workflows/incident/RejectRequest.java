package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.identity.IdentityProof;

/**
 * {@code {"actionId":"rollback-1","approver":"alice","reason":"deploy was fine"}}, with a {@code
 * proof} when the REST API or Slack vouches for the approver (see {@link ApproveRequest}).
 */
public record RejectRequest(String actionId, String approver, String reason, IdentityProof proof)
    implements PersonSignalInput {

  public RejectRequest(String actionId, String approver, String reason) {
    this(actionId, approver, reason, null);
  }
}
