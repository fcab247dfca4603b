package io.incidentresponse.workflows.incident;

/** Incident roles a person can be assigned to. */
public enum Role {
  INCIDENT_COMMANDER,
  COMMUNICATIONS_LEAD,
  SCRIBE,
  OPERATIONS_LEAD
}
