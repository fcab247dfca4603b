package io.incidentresponse.starter.security;

import io.incidentresponse.starter.identity.ProofSigner;
import io.incidentresponse.starter.incident.TemporalCalls;
import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.workflows.identity.AccessRole;
import io.incidentresponse.workflows.identity.IdentityProof;
import io.incidentresponse.workflows.incident.IncidentSignals;
import io.incidentresponse.workflows.incident.IncidentWorkflow;
import io.temporal.client.WorkflowClient;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the caller of the people's API may do, checked before anything reaches Temporal: the role a
 * request needs, the person it acts as, and the proof that travels with an approval.
 */
@Component
public class AccessGuard {
  /** The field of an approval that only the server may fill. */
  public static final String PROOF_FIELD = "proof";

  private final WorkflowClient client;
  private final TemporalCalls calls;
  private final ProofSigner signer;

  public AccessGuard(WorkflowClient client, TemporalCalls calls, ProofSigner signer) {
    this.client = client;
    this.calls = calls;
    this.signer = signer;
  }

  /** The caller of this request; the security filters let none through without one. */
  public Caller caller() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication instanceof CallerAuthentication known) {
      return known.caller();
    }
    throw new IllegalStateException("no caller on a request to the people's API");
  }

  /** A caller with any role: reading incidents and reports. */
  public Caller reader() {
    Caller caller = caller();
    if (caller.roles().isEmpty()) {
      throw new ForbiddenException(
          null, caller.person() + " has no role; ask an admin for one (responder at least)");
    }
    return caller;
  }

  /** A caller whose roles grant {@code needed}. */
  public Caller holding(AccessRole needed) {
    Caller caller = caller();
    if (!caller.holds(needed)) {
      throw missing(caller, needed);
    }
    return caller;
  }

  /**
   * A caller who may send {@code signal} to the incident: a role that grants the signal's {@link
   * IncidentSignals#requiredRole()}, or, for a commander's signal, the incident's own commander (a
   * verified responder; never the anonymous caller of an open API).
   */
  public Caller sender(IncidentSignals signal, String incidentId) {
    Caller caller = caller();
    AccessRole needed = signal.requiredRole();
    if (caller.holds(needed)) {
      return caller;
    }
    if (needed == AccessRole.COMMANDER
        && caller.verified()
        && caller.holds(AccessRole.RESPONDER)
        && samePerson(caller.person(), commanderOf(incidentId))) {
      return caller;
    }
    throw missing(caller, needed);
  }

  /**
   * The body as {@code caller} sends it: the person field ({@code by} or {@code approver}) filled
   * with the caller's name when absent; a body naming somebody else (compared trimmed and ignoring
   * case) is refused, 403 naming the field.
   */
  public ObjectNode actingAs(Caller caller, String personField, JsonNode input) {
    ObjectNode body = ((ObjectNode) input).deepCopy();
    JsonNode named = body.get(personField);
    boolean absent =
        named == null || named.isNull() || (named.isString() && named.asString().isBlank());
    if (!absent && !named.isString()) {
      throw BadInputException.invalid(personField, personField + " must be a string");
    }
    if (!absent && !samePerson(named.asString(), caller.person())) {
      throw new ForbiddenException(
          personField,
          personField
              + " names somebody else: you are "
              + caller.person()
              + "; leave "
              + personField
              + " out or give your own name");
    }
    body.put(personField, caller.person());
    return body;
  }

  /** An approval or rejection body must not bring its own proof: the server makes proofs. */
  public void refuseProof(JsonNode input) {
    if (input.has(PROOF_FIELD)) {
      throw new BadInputException(
          HttpStatus.BAD_REQUEST,
          PROOF_FIELD,
          "proof is made by the server from your credentials; leave it out");
    }
  }

  /** The signed proof of the caller's decision, or null when no proof key is configured. */
  public IdentityProof proof(Caller caller, String incidentId, String actionId, String decision) {
    return signer
        .sign(caller.person(), caller.method(), caller.labels(), incidentId, actionId, decision)
        .orElse(null);
  }

  private String commanderOf(String incidentId) {
    IncidentWorkflow incident = client.newWorkflowStub(IncidentWorkflow.class, incidentId);
    return calls.ask(incidentId, false, () -> incident.state().commander());
  }

  private static boolean samePerson(String a, String b) {
    return a != null
        && b != null
        && a.strip().toLowerCase(Locale.ROOT).equals(b.strip().toLowerCase(Locale.ROOT));
  }

  private static ForbiddenException missing(Caller caller, AccessRole needed) {
    return new ForbiddenException(
        null,
        "this needs the role "
            + needed.label()
            + (needed == AccessRole.COMMANDER ? " (or being the incident's commander)" : "")
            + "; "
            + caller.person()
            + " has "
            + (caller.roles().isEmpty() ? "none" : String.join(", ", caller.labels())));
  }
}
