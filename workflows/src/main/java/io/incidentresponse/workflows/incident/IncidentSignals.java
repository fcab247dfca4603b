package io.incidentresponse.workflows.incident;

import io.incidentresponse.workflows.identity.AccessRole;
import java.util.Arrays;
import java.util.List;

/**
 * The one vocabulary of the signals people send to an incident: each signal's name as Temporal
 * knows it, its input type, the fields a person must give, and JSON a person can start from ({@code
 * YOUR_NAME}, {@code ACTION_ID} to replace). The current details, the Slack approval request, the
 * REST API's signal endpoint and {@code incidentctl} all use it.
 */
public enum IncidentSignals {
  ACKNOWLEDGE(
      "acknowledge", AcknowledgeRequest.class, "{\"by\":\"YOUR_NAME\",\"note\":\"on it\"}", "by"),
  APPROVE(
      "approve",
      ApproveRequest.class,
      "{\"actionId\":\"ACTION_ID\",\"approver\":\"YOUR_NAME\",\"comment\":\"go\"}",
      "actionId",
      "approver"),
  REJECT(
      "reject",
      RejectRequest.class,
      "{\"actionId\":\"ACTION_ID\",\"approver\":\"YOUR_NAME\",\"reason\":\"why\"}",
      "actionId",
      "approver"),
  ASSIGN_ROLE(
      "assignRole",
      AssignRoleRequest.class,
      "{\"role\":\"INCIDENT_COMMANDER\",\"person\":\"bob\",\"by\":\"YOUR_NAME\"}",
      "role",
      "person"),
  SET_SEVERITY(
      "setSeverity",
      SetSeverityRequest.class,
      "{\"severity\":\"P1\",\"by\":\"YOUR_NAME\",\"reason\":\"why\"}",
      "severity",
      "by"),
  ADD_NOTE(
      "addNote", NoteRequest.class, "{\"by\":\"YOUR_NAME\",\"text\":\"what you saw\"}", "text"),
  REQUEST_ACTION(
      "requestAction",
      ActionRequest.class,
      "{\"type\":\"RESTART\",\"target\":\"checkout\",\"by\":\"YOUR_NAME\",\"reason\":\"why\"}",
      "type",
      "target",
      "by"),
  MARK_MITIGATED(
      "markMitigated",
      MarkMitigatedRequest.class,
      "{\"by\":\"YOUR_NAME\",\"note\":\"what was done\"}",
      "by"),
  RESOLVE(
      "resolve",
      ResolveRequest.class,
      "{\"by\":\"YOUR_NAME\",\"note\":\"why\",\"falsePositive\":false}",
      "by"),
  REOPEN(
      "reopen", ReopenRequest.class, "{\"by\":\"YOUR_NAME\",\"reason\":\"what regressed\"}", "by"),
  RECORD_IMPACT(
      "recordImpact",
      RecordImpactRequest.class,
      "{\"by\":\"YOUR_NAME\",\"usersAffected\":0,\"note\":\"how it was estimated\"}",
      "by",
      "usersAffected"),
  SHARE_CONTACTS(
      "shareContacts",
      ShareContactsRequest.class,
      "{\"by\":\"YOUR_NAME\",\"topics\":[\"aws\"]}",
      "by");

  private final String signalName;
  private final Class<? extends PersonSignalInput> inputType;
  private final String example;
  private final List<String> required;

  IncidentSignals(
      String signalName,
      Class<? extends PersonSignalInput> inputType,
      String example,
      String... required) {
    this.signalName = signalName;
    this.inputType = inputType;
    this.example = example;
    this.required = List.of(required);
  }

  /** The signal's name as Temporal knows it (the method name on {@link IncidentWorkflow}). */
  public String signalName() {
    return signalName;
  }

  /** The record the signal's JSON is read into. */
  public Class<? extends PersonSignalInput> inputType() {
    return inputType;
  }

  /** JSON a person can type, with {@code YOUR_NAME} (and {@code ACTION_ID}) to replace. */
  public String example() {
    return example;
  }

  /** The fields a person must give; the others are optional. */
  public List<String> required() {
    return required;
  }

  /**
   * The field that names the person acting. Behind the REST API the authenticated identity fills
   * it, and a body that names somebody else is refused.
   */
  public String personField() {
    return this == APPROVE || this == REJECT ? "approver" : "by";
  }

  /**
   * The least role that may send this signal through the REST API: a commander's for the decisions
   * about the whole incident, any approver's for approvals (the workflow then checks the action's
   * risk), a responder's for the rest. The incident's own commander holds commander rights on it.
   */
  public AccessRole requiredRole() {
    return switch (this) {
      case RESOLVE, SET_SEVERITY, ASSIGN_ROLE, REOPEN -> AccessRole.COMMANDER;
      case APPROVE, REJECT -> AccessRole.APPROVER_LOW;
      default -> AccessRole.RESPONDER;
    };
  }

  /** The signal of that name, or null. */
  public static IncidentSignals byName(String name) {
    return Arrays.stream(values()).filter(s -> s.signalName.equals(name)).findFirst().orElse(null);
  }

  /** Every name, in this order. */
  public static List<String> names() {
    return Arrays.stream(values()).map(IncidentSignals::signalName).toList();
  }
}
