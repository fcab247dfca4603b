package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.identity.IdentityProof;

/**
 * {@code {"actionId":"rollback-1","approver":"alice","comment":"go"}}. The REST API and the Slack
 * buttons add a {@code proof} that vouches for the approver; a name typed into the Temporal UI has
 * none and counts as asserted.
 */
public record ApproveRequest(String actionId, String approver, String comment, IdentityProof proof)
    implements PersonSignalInput {

  public ApproveRequest(String actionId, String approver, String comment) {
    this(actionId, approver, comment, null);
  }
}
