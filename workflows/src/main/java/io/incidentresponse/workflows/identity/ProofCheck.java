package io.incidentresponse.workflows.identity;

/** A proof and the decision it must vouch for: this incident, this action, this person. */
public record ProofCheck(
    IdentityProof proof, String incidentId, String actionId, String decision, String person) {}
