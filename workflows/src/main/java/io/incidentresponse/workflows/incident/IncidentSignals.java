package io.incidentresponse.workflows.incident;

/**
 * The signals people send to an incident, by name, each with the JSON a person can start from
 * ({@code YOUR_NAME} to be replaced). Shown wherever the incident tells people what to send.
 */
public enum IncidentSignals {
  ACKNOWLEDGE("acknowledge", "{\"by\":\"YOUR_NAME\",\"note\":\"on it\"}"),
  APPROVE("approve", "{\"actionId\":\"ACTION_ID\",\"approver\":\"YOUR_NAME\",\"comment\":\"go\"}"),
  REJECT("reject", "{\"actionId\":\"ACTION_ID\",\"approver\":\"YOUR_NAME\",\"reason\":\"why\"}"),
  ASSIGN_ROLE(
      "assignRole", "{\"role\":\"INCIDENT_COMMANDER\",\"person\":\"bob\",\"by\":\"YOUR_NAME\"}"),
  SET_SEVERITY("setSeverity", "{\"severity\":\"P1\",\"by\":\"YOUR_NAME\",\"reason\":\"why\"}"),
  ADD_NOTE("addNote", "{\"by\":\"YOUR_NAME\",\"text\":\"what you saw\"}"),
  REQUEST_ACTION(
      "requestAction",
      "{\"type\":\"RESTART\",\"target\":\"checkout\",\"by\":\"YOUR_NAME\",\"reason\":\"why\"}"),
  MARK_MITIGATED("markMitigated", "{\"by\":\"YOUR_NAME\",\"note\":\"what was done\"}"),
  RESOLVE("resolve", "{\"by\":\"YOUR_NAME\",\"note\":\"why\",\"falsePositive\":false}"),
  REOPEN("reopen", "{\"by\":\"YOUR_NAME\",\"reason\":\"what regressed\"}"),
  RECORD_IMPACT(
      "recordImpact",
      "{\"by\":\"YOUR_NAME\",\"usersAffected\":0,\"note\":\"how it was estimated\"}");

  private final String signalName;
  private final String example;

  IncidentSignals(String signalName, String example) {
    this.signalName = signalName;
    this.example = example;
  }

  /** The signal's name as Temporal knows it. */
  public String signalName() {
    return signalName;
  }

  /** JSON a person can type, with {@code YOUR_NAME} (and {@code ACTION_ID}) to replace. */
  public String example() {
    return example;
  }
}
